"""Maltego: a CSV of standard entity types (maltego.PhoneNumber, maltego.EmailAddress, maltego.Alias,
maltego.URL, maltego.Location) with the ad each was seen in, for Maltego's "Import Graph from
Table" (map column 1 to the entity, column 3 to a linked maltego.URL of the ad).

Handles and payment tags are aliases; an image hash has no standard Maltego type and is left out.
"""

from __future__ import annotations

import csv
import io

from threadline.export.data import Bundle

HEADER = ("entity_type", "value", "ad_url", "site", "first_seen", "last_seen", "network")
TYPES = {
    "phone": "maltego.PhoneNumber",
    "email": "maltego.EmailAddress",
    "handle": "maltego.Alias",
    "payment": "maltego.Alias",
    "url": "maltego.URL",
}
ENTITY_TYPES = (*sorted(set(TYPES.values())), "maltego.Location")


def maltego_rows(bundle: Bundle) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for ev in bundle.networks:
        ads = {m.id: m for m in ev.network.ads}
        for i in ev.identifiers:
            if i.kind not in TYPES:
                continue
            for a in i.ads:
                rows.append(
                    (
                        TYPES[i.kind],
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
    w.writerow(HEADER)
    w.writerows(maltego_rows(bundle))
    return buf.getvalue().encode("utf-8")
