"""Spreadsheet exports: the legal-process list, i2 Analyst's Notebook and Maltego CSVs.

* **Legal-process list**: for each network, every identifier with the sites it was seen on, the first
  and last time, and how many ads and versions carried it — what a records request (subpoena, court
  order, preservation letter) to a platform, a carrier or a payment service needs to name; the
  account holder to ask is suggested by identifier kind.
* **i2**: one entity–link–entity row per connection for the Import wizard (docs/i2-import.md is the
  import specification). Entity types are i2's standard ones where they exist (Phone, Email Address,
  Web Site, Document) and "Account" for handles and payment tags; dates are yyyy-mm-dd.
* **Maltego**: standard entity types (maltego.PhoneNumber, EmailAddress, Alias, URL, Location) with
  the ad each was seen in, for "Import Graph from Table". An image hash has no standard Maltego type.

All are UTF-8 with RFC 4180 line ends, so spreadsheets open them as they are.
"""

from __future__ import annotations

import csv
import io

from threadline.export.data import Bundle

LEGAL_HEADER = (
    "network_id",
    "kind",
    "identifier",
    "ask",
    "sites",
    "first_seen_utc",
    "last_seen_utc",
    "ads",
    "versions",
    "ad_ids",
)
# Who usually holds the records behind an identifier of each kind.
ASK = {
    "phone": "the carrier of the number (subscriber, port history)",
    "email": "the e-mail provider of the domain",
    "handle": "the service named in the handle",
    "payment": "the payment service named in the tag",
    "url": "the host of the site",
    "image": "the ad sites listed (uploads of this image)",
}


def legal_rows(bundle: Bundle) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for ev in bundle.networks:
        for i in ev.identifiers:
            rows.append(
                (
                    str(ev.network.id),
                    i.kind,
                    i.value,
                    ASK.get(i.kind, ""),
                    ";".join(i.sites),
                    i.first_seen.isoformat(),
                    i.last_seen.isoformat(),
                    str(len(i.ads)),
                    str(i.versions),
                    ";".join(map(str, i.ads)),
                )
            )
    return rows


def legal_csv(bundle: Bundle) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends: spreadsheets open it as is
    w.writerow(LEGAL_HEADER)
    w.writerows(legal_rows(bundle))
    return buf.getvalue().encode("utf-8")


I2_HEADER = (
    "Entity1 Type",
    "Entity1 Identity",
    "Entity1 Label",
    "Link Type",
    "Link Label",
    "Link Date",
    "Link End Date",
    "Entity2 Type",
    "Entity2 Identity",
    "Entity2 Label",
    "Network",
)
I2_TYPES = {
    "phone": "Phone",
    "email": "Email Address",
    "url": "Web Site",
    "handle": "Account",
    "payment": "Account",
    "image": "Image",
}


def i2_rows(bundle: Bundle) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for ev in bundle.networks:
        ads = {m.id: m for m in ev.network.ads}
        for i in ev.identifiers:
            for a in i.ads:
                m = ads[a]
                rows.append(
                    (
                        "Document",
                        f"ad:{a}",
                        f"{m.site}/{m.site_ad_id}",
                        "Advertises",
                        f"carries {i.kind}",
                        i.first_seen.date().isoformat(),
                        i.last_seen.date().isoformat(),
                        I2_TYPES[i.kind],
                        f"{i.kind}:{i.value}",
                        i.value,
                        str(ev.network.id),
                    )
                )
        for lk in ev.network.links:
            if lk.reason == "template" and lk.a in ads and lk.b in ads:
                x, y = ads[lk.a], ads[lk.b]
                rows.append(
                    (
                        "Document",
                        f"ad:{x.id}",
                        f"{x.site}/{x.site_ad_id}",
                        "Same Template",
                        lk.evidence,
                        "",
                        "",
                        "Document",
                        f"ad:{y.id}",
                        f"{y.site}/{y.site_ad_id}",
                        str(ev.network.id),
                    )
                )
    return rows


def i2_csv(bundle: Bundle) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(I2_HEADER)
    w.writerows(i2_rows(bundle))
    return buf.getvalue().encode("utf-8")


MALTEGO_HEADER = ("entity_type", "value", "ad_url", "site", "first_seen", "last_seen", "network")
MALTEGO_TYPES = {
    "phone": "maltego.PhoneNumber",
    "email": "maltego.EmailAddress",
    "handle": "maltego.Alias",
    "payment": "maltego.Alias",
    "url": "maltego.URL",
}
MALTEGO_ENTITY_TYPES = (*sorted(set(MALTEGO_TYPES.values())), "maltego.Location")


def maltego_rows(bundle: Bundle) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for ev in bundle.networks:
        ads = {m.id: m for m in ev.network.ads}
        for i in ev.identifiers:
            if i.kind not in MALTEGO_TYPES:
                continue
            for a in i.ads:
                rows.append(
                    (
                        MALTEGO_TYPES[i.kind],
                        i.value,
                        ads[a].url,
                        ads[a].site,
                        i.first_seen.date().isoformat(),
                        i.last_seen.date().isoformat(),
                        str(ev.network.id),
                    )
                )
        for c in ev.network.cities:
            rows.append(("maltego.Location", f"{c.name}, {c.region}", "", "", "", "", str(ev.network.id)))
    return rows


def maltego_csv(bundle: Bundle) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(MALTEGO_HEADER)
    w.writerows(maltego_rows(bundle))
    return buf.getvalue().encode("utf-8")
