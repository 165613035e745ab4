"""i2 Analyst's Notebook: one entity–link–entity CSV row per connection, for the Import wizard's
"entity – link – entity" layout (docs/i2-import.md describes the import specification).

Entity types are i2's standard ones where they exist (Phone, Email Address, Web Site, Document) and
an "Account" for handles and payment tags; each ad is a Document entity identified by its site and
ad id. Dates are the first and last time the connection was seen, as i2 reads them (yyyy-mm-dd).
"""

from __future__ import annotations

import csv
import io

from threadline.export.data import Bundle

HEADER = (
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
TYPES = {
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
                        TYPES[i.kind],
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
    w.writerow(HEADER)
    w.writerows(i2_rows(bundle))
    return buf.getvalue().encode("utf-8")
