"""The legal-process list: for each network, every identifier with the sites it was seen on, the
first and last time, and how many ads and versions carried it — what a records request (subpoena,
court order, preservation letter) to a platform, a carrier or a payment service needs to name.

One CSV row per (network, identifier); the account holder to ask is suggested by identifier kind.
"""

from __future__ import annotations

import csv
import io

from threadline.export.data import Bundle

HEADER = (
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
    w.writerow(HEADER)
    w.writerows(legal_rows(bundle))
    return buf.getvalue().encode("utf-8")
