"""The ground-truth file: one JSON line per ad version, in the schema scorers read.

Fields: site, ad_id, url, version (0-based within the ad), first_seen/last_seen/captures (ISO-8601
UTC capture times showing this content), deleted_at (first capture showing the ad removed, on the
ad's last version only), poster_id, poster_kind, network_id (= poster_id), person_ids, city, title,
text (exactly the ad text an adapter extracts), phones (E.164), emails, handles, payment (values
without '@'/'$'), ages, prices, names, repost_of, edit; plus posted_at and category.
"""

from __future__ import annotations

import json

from threadline.simulate.clock import iso
from threadline.simulate.model import Ad, Price

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _price(p: Price) -> dict[str, object]:
    return {"amount": p.amount, "currency": p.currency, "per_minutes": p.per_minutes}


def truth_lines(ad: Ad) -> list[str]:
    """The truth records of every version of ``ad``, as JSON lines with a trailing newline."""
    city = ad.place.city
    city_doc = {"name": city.name, "region": city.region, "geonameid": city.geonameid}
    poster = ad.poster
    last = len(ad.versions) - 1
    out = []
    for i, v in enumerate(ad.versions):
        f = v.content.facts
        captures = [iso(t) for t in v.captures]
        doc = {
            "site": ad.site.name,
            "ad_id": ad.ad_id,
            "url": ad.url,
            "version": i,
            "first_seen": captures[0],
            "last_seen": captures[-1],
            "captures": captures,
            "deleted_at": iso(ad.deleted_at) if ad.deleted_at is not None and i == last else None,
            "poster_id": poster.poster_id,
            "poster_kind": poster.kind,
            "network_id": poster.poster_id,
            "person_ids": list(f.person_ids),
            "city": city_doc,
            "title": v.content.title,
            "text": v.content.text,
            "phones": list(f.phones),
            "emails": list(f.emails),
            "handles": [{"service": s, "value": x} for s, x in f.handles],
            "payment": [{"service": s, "value": x} for s, x in f.payment],
            "ages": list(f.ages),
            "prices": [_price(p) for p in f.prices],
            "names": list(f.names),
            "repost_of": ad.repost_of,
            "edit": v.edit,
            "posted_at": iso(ad.posted_at),
            "category": ad.category,
            "language": poster.language,
        }
        out.append(_dumps(doc) + "\n")
    return out
