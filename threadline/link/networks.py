"""Network records: what an analyst reads about one linked group of ads.

A network is built from the store: its member ads and versions, the distinct identifiers, names,
sites and cities (with coordinates), its time span and ads per day, every link with its reason and
evidence, and for each group of template-linked ads the template text with its varying slots.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from threadline.errors import NotFound
from threadline.link.templates import template_text
from threadline.link.unionfind import UnionFind
from threadline.store import links as store_links
from threadline.store.records import LinkRow
from threadline.store.store import Store


@dataclass(frozen=True, slots=True)
class MemberAd:
    id: int
    site: str
    site_ad_id: str
    url: str
    first_seen: datetime | None
    last_seen: datetime | None
    deleted_at: datetime | None
    versions: int
    title: str | None


@dataclass(frozen=True, slots=True)
class City:
    name: str
    region: str
    lat: float
    lon: float
    ads: int


@dataclass(frozen=True, slots=True)
class Template:
    ads: tuple[int, ...]
    text: str  # fixed words, with {slot} where the member ads differ


@dataclass(slots=True)
class Network:
    id: int
    ads: list[MemberAd]
    versions: int
    first_seen: datetime | None
    last_seen: datetime | None
    ads_per_day: float
    sites: dict[str, int]
    cities: list[City]
    phones: list[str]
    emails: list[str]
    handles: list[str]
    payment: list[str]
    names: list[str]
    ages: list[int]
    images: list[str]
    links: list[LinkRow]
    link_reasons: dict[str, int]
    templates: list[Template] = field(default_factory=list)


def _templates(member_ids: list[int], links: list[LinkRow], texts: dict[int, str]) -> list[Template]:
    uf = UnionFind()
    index = {a: i for i, a in enumerate(member_ids)}
    uf.grow(np.array(member_ids, dtype=np.int64))
    for r in links:
        if r.reason == "template" and r.a in index and r.b in index:
            uf.union(index[r.a], index[r.b])
    groups: dict[int, list[int]] = defaultdict(list)
    for a in member_ids:
        groups[uf.find(index[a])].append(a)
    out = []
    for ads in groups.values():
        if len(ads) > 1:
            tpl = template_text(ads[0], [texts[a] for a in ads if a in texts])
            out.append(Template(tuple(ads), tpl.text))
    return sorted(out, key=lambda t: -len(t.ads))


def build_network(store: Store, network_id: int) -> Network:
    with store.connect() as conn:
        member_ids = store_links.network_ads(conn, network_id)
        if not member_ids:
            raise NotFound(f"no network {network_id} (network ids are ad ids: see `threadline network list`)")
        ads, versions, values = store_links.member_rows(conn, member_ids)
        links = store_links.links_among(conn, member_ids)
    per_ad_versions: Counter[int] = Counter(v.ad_id for v in versions)
    latest: dict[int, Any] = {}
    for v in versions:
        latest[v.ad_id] = v  # ordered by first_seen
    kinds: dict[str, set[Any]] = defaultdict(set)
    cities: dict[tuple[str, str], tuple[float, float, set[int]]] = {}
    for row in values:
        if row.kind == "place":
            a = row.attrs
            if a.get("source") == "area_code":
                continue
            key = (a["name"], a["region"])
            cities.setdefault(key, (a["lat"], a["lon"], set()))[2].add(row.ad_id)
        elif row.kind == "age":
            kinds["age"].add(int(row.value))
        else:
            kinds[row.kind].add(row.value)
    members = sorted(
        (
            MemberAd(
                a.id,
                a.site,
                a.site_ad_id,
                a.url,
                a.first_seen,
                a.last_seen,
                a.deleted_at,
                per_ad_versions[a.id],
                latest[a.id].title if a.id in latest else None,
            )
            for a in ads
        ),
        key=lambda m: (m.first_seen is None, m.first_seen, m.id),
    )
    firsts = [m.first_seen for m in members if m.first_seen]
    lasts = [m.last_seen for m in members if m.last_seen]
    first, last = (min(firsts), max(lasts)) if firsts and lasts else (None, None)
    days = max(1.0, (last - first).total_seconds() / 86_400) if first and last else 1.0
    texts = {a: f"{v.title or ''}\n{v.body}" for a, v in latest.items()}
    return Network(
        id=network_id,
        ads=members,
        versions=len(versions),
        first_seen=first,
        last_seen=last,
        ads_per_day=round(len(members) / days, 3),
        sites=dict(Counter(m.site for m in members).most_common()),
        cities=sorted((City(n, r, lat, lon, len(s)) for (n, r), (lat, lon, s) in cities.items()), key=lambda c: -c.ads),
        phones=sorted(kinds["phone"]),
        emails=sorted(kinds["email"]),
        handles=sorted(kinds["handle"]),
        payment=sorted(kinds["payment"]),
        names=sorted(kinds["name"]),
        ages=sorted(kinds["age"]),
        images=sorted(kinds["image"]),
        links=links,
        link_reasons=dict(Counter(r.reason for r in links).most_common()),
        templates=_templates([m.id for m in members], links, texts),
    )
