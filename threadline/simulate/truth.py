"""The ground-truth file: one JSON line per ad version, in the schema scorers read.

Fields: site, ad_id, url, version (0-based within the ad), first_seen/last_seen/captures (ISO-8601
UTC capture times showing this content), deleted_at (first capture showing the ad removed, on the
ad's last version only), poster_id, poster_kind, network_id (= poster_id), person_ids, city, title,
text (exactly the ad text an adapter extracts), phones (E.164), emails, handles, payment (values
without '@'/'$'), ages, prices, names, repost_of, edit; plus posted_at and category.

Lines are the bytes of ``json.dumps(doc, ensure_ascii=False, separators=(",", ":"))`` but are
assembled from fragments: what is constant for an ad is written once, strings go through the same
C string encoder ``json`` uses, and ISO times (digits, ``-``, ``:``, ``T``, ``Z``) need no escaping.
:func:`truth_doc` is the same record as a dict, for tests and for anyone who wants objects.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from threadline.simulate.clock import iso
from threadline.simulate.geo import Place
from threadline.simulate.model import Ad, Facts, Price

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_str = encode_basestring  # the function the encoder above uses for every str
_cities: dict[int, str] = {}


def _strs(values: tuple[str, ...]) -> str:
    if len(values) == 1:
        return f"[{_str(values[0])}]"
    return "[" + ",".join(map(_str, values)) + "]" if values else "[]"


def _pairs(values: tuple[tuple[str, str], ...]) -> str:
    return "[" + ",".join(f'{{"service":{_str(s)},"value":{_str(x)}}}' for s, x in values) + "]"


def _price(p: Price) -> str:
    per = "null" if p.per_minutes is None else p.per_minutes
    return f'{{"amount":{p.amount},"currency":{_str(p.currency)},"per_minutes":{per}}}'


def _prices(values: tuple[Price, ...]) -> str:
    return f"[{_price(values[0])}]" if len(values) == 1 else "[" + ",".join(map(_price, values)) + "]"


def _city(place: Place) -> str:
    text = _cities.get(place.index)
    if text is None:
        city = place.city
        text = _cities[place.index] = _dumps(
            {"name": city.name, "region": city.region, "geonameid": city.geonameid}
        )
    return text


def _or_null(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _facts(f: Facts, city: str, title: str, text: str) -> str:
    """From the value of ``person_ids`` up to that of ``names``. Most lists are empty or hold one
    value: those skip the general encoding."""
    return (
        f'{_strs(f.person_ids)},"city":{city},"title":{_str(title)},"text":{_str(text)},'
        f'"phones":{_strs(f.phones)},"emails":{_strs(f.emails) if f.emails else "[]"},'
        f'"handles":{_pairs(f.handles) if f.handles else "[]"},'
        f'"payment":{_pairs(f.payment) if f.payment else "[]"},"ages":[{",".join(map(str, f.ages))}],'
        f'"prices":{_prices(f.prices) if f.prices else "[]"},"names":{_strs(f.names)}'
    )


def truth_lines(ad: Ad) -> list[str]:
    """The truth records of every version of ``ad``, as JSON lines with a trailing newline."""
    poster = ad.poster
    who = _str(poster.poster_id)
    head = f'{{"site":{_str(ad.site.name)},"ad_id":{_str(ad.ad_id)},"url":{_str(ad.url)},"version":'
    middle = f',"poster_id":{who},"poster_kind":{_str(poster.kind)},"network_id":{who},"person_ids":'
    city = _city(ad.place)
    repost = f',"repost_of":{_or_null(ad.repost_of)},"edit":'
    tail = (
        f',"posted_at":"{iso(ad.posted_at)}","category":{_str(ad.category)},'
        f'"language":{_str(poster.language)}}}\n'
    )
    last = len(ad.versions) - 1
    deleted = f'"{iso(ad.deleted_at)}"' if ad.deleted_at is not None else "null"
    out = []
    for i, v in enumerate(ad.versions):
        content = v.content
        caps = '","'.join([iso(t) for t in v.captures])
        first, latest = caps[:20], caps[-20:]  # ISO times are 20 characters
        out.append(
            f'{head}{i},"first_seen":"{first}","last_seen":"{latest}","captures":["{caps}"],'
            f'"deleted_at":{deleted if i == last else "null"}{middle}'
            f"{_facts(content.facts, city, content.title, content.text)}"
            f"{repost}{_or_null(v.edit)}{tail}"
        )
    return out


def truth_doc(ad: Ad, i: int) -> dict[str, object]:
    """Version ``i`` of ``ad`` as the dict its truth line encodes."""
    v = ad.versions[i]
    f = v.content.facts
    captures = [iso(t) for t in v.captures]
    city = ad.place.city
    return {
        "site": ad.site.name,
        "ad_id": ad.ad_id,
        "url": ad.url,
        "version": i,
        "first_seen": captures[0],
        "last_seen": captures[-1],
        "captures": captures,
        "deleted_at": iso(ad.deleted_at) if ad.deleted_at is not None and i == len(ad.versions) - 1 else None,
        "poster_id": ad.poster.poster_id,
        "poster_kind": ad.poster.kind,
        "network_id": ad.poster.poster_id,
        "person_ids": list(f.person_ids),
        "city": {"name": city.name, "region": city.region, "geonameid": city.geonameid},
        "title": v.content.title,
        "text": v.content.text,
        "phones": list(f.phones),
        "emails": list(f.emails),
        "handles": [{"service": s, "value": x} for s, x in f.handles],
        "payment": [{"service": s, "value": x} for s, x in f.payment],
        "ages": list(f.ages),
        "prices": [{"amount": p.amount, "currency": p.currency, "per_minutes": p.per_minutes} for p in f.prices],
        "names": list(f.names),
        "repost_of": ad.repost_of,
        "edit": v.edit,
        "posted_at": iso(ad.posted_at),
        "category": ad.category,
        "language": ad.poster.language,
    }


def truth_line_reference(ad: Ad, i: int) -> str:
    """The same line through ``json`` itself: what :func:`truth_lines` must equal, byte for byte."""
    return _dumps(truth_doc(ad, i)) + "\n"
