"""Lays a poster's ads out in time: posting hours, sites, reposts, edits, crawler captures, removal.

For each ad the crawler captures the page a few times (re-visits); between captures the poster may
edit it, so each version is seen one or more times. An ad may later be deleted (the next capture
shows the site's removal page). Pagelist ads still up at the closure show the seizure banner at
their next capture, and pagelist posters then move to another site or stop, per the migration
table. The shard gives each poster a budget of versions so the world has exactly the size asked.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from threadline.simulate.clock import CLOSURE, DAY, END, HOUR, START, local_hour_to_utc
from threadline.simulate.drafts import EDIT, RENDER, new_draft, render_key
from threadline.simulate.geo import WorldMap
from threadline.simulate.layouts import LAYOUTS
from threadline.simulate.model import Ad, Content, Draft, Migration, Poster, Version, evolve
from threadline.simulate.sites import MIGRATION, SITE_BY_NAME, choose

VERSIONS = {  # probability of 1, 2, 3, 4 versions per ad
    "independent": (0.72, 0.2, 0.06, 0.02),
    "trafficking": (0.55, 0.28, 0.12, 0.05),
    "spa": (0.62, 0.28, 0.1, 0.0),
    "spam": (0.88, 0.12, 0.0, 0.0),
    "classified": (0.78, 0.22, 0.0, 0.0),
}
_VERSIONS_CUM = {kind: list(accumulate(p)) for kind, p in VERSIONS.items()}
LIFE_DAYS = {"independent": 6.0, "trafficking": 5.0, "spa": 9.0, "spam": 3.0, "classified": 10.0}
DELETE_P = {"independent": 0.3, "trafficking": 0.35, "spa": 0.2, "spam": 0.5, "classified": 0.45}
REPOST_P = {"independent": 0.4, "trafficking": 0.3, "spa": 0.5, "spam": 0.0, "classified": 0.25}
RECAPTURE_P = 0.22  # chance of one more capture of the same version: 1.28 captures per version on average
# Local posting hour weights (0h..23h): evenings for companion ads, mornings for spas, daytime for
# classifieds, flat for the spam bots.
_EVENING = (3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 7, 8, 9, 11, 12, 12, 11, 8, 5)
_HOUR_CUM = {
    "independent": list(accumulate(_EVENING)),
    "trafficking": list(accumulate(_EVENING)),
    "spa": list(accumulate((0, 0, 0, 0, 0, 0, 1, 3, 8, 10, 9, 6, 4, 3, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0))),
    "spam": list(accumulate([1] * 24)),
    "classified": list(accumulate((0, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 5, 4, 3, 1, 1))),
}


@dataclass(frozen=True, slots=True)
class PosterAds:
    ads: list[Ad]
    versions: int
    migration: Migration | None


class AdIds:
    """Per-site ad serials of one shard; layouts scramble them into their id formats."""

    STRIDE = 8192  # ads per site per shard; a shard has at most as many ads as versions (2,500)

    def __init__(self, shard: int) -> None:
        self._base = shard * self.STRIDE
        self._next: dict[str, int] = {}

    def next(self, site: str) -> int:
        n = self._next.get(site, 0)
        self._next[site] = n + 1
        return self._base + n


def _randrange(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randrange(lo, hi)`` for hi > lo, drawn exactly as random.py does it (bits of the width's
    length until one is below it) without its argument checks: every ad draws two of these."""
    width = hi - lo
    k = width.bit_length()
    r = rng.getrandbits(k)
    while r >= width:
        r = rng.getrandbits(k)
    return lo + r


def _post_times(poster: Poster, world: WorldMap, rng: random.Random) -> list[int]:
    start, end = poster.window
    cum = _HOUR_CUM[poster.kind]
    out = []
    for _ in range(poster.n_ads):
        t = _randrange(rng, start, end)
        offset = world.places[_place_index(poster, t)].utc_offset
        hour = bisect_right(cum, rng.random() * cum[-1]) + rng.random()
        ts = local_hour_to_utc(t - t % DAY, hour, offset)
        out.append(min(END - 2 * HOUR, max(START, ts - ts % 60)))
    out.sort()
    return out


def _place_index(poster: Poster, t: int) -> int:
    route = poster.route
    i = bisect_right(route, (t, 1 << 30)) - 1
    return route[max(0, i)][1]


def _geometric(rng: random.Random, p: float, cap: int) -> int:
    n = 1
    while n < cap and rng.random() < p:
        n += 1
    return n


Rendered = dict[tuple[object, ...], Content]  # one poster's contents by drafts.render_key


def _render(draft: Draft, boxes: frozenset[str], rendered: Rendered) -> Content:
    key = render_key(draft, boxes)
    content = rendered.get(key)
    if content is None:
        content = rendered[key] = RENDER[draft.poster.kind](draft, boxes)
    return content


def _versions(
    draft: Draft, boxes: frozenset[str], rng: random.Random, rendered: Rendered
) -> list[tuple[Draft, Content, str | None]]:
    kind = draft.poster.kind
    wanted = 1 + bisect_right(_VERSIONS_CUM[kind], rng.random())
    edit = EDIT[kind]
    out: list[tuple[Draft, Content, str | None]] = [(draft, _render(draft, boxes, rendered), None)]
    while len(out) < min(wanted, 4):
        for _ in range(4):  # an edit that changes nothing visible (or reverts) is not a version
            result = edit(out[-1][0], rng)
            if result is None:
                continue
            new, name = result
            content = _render(new, boxes, rendered)
            if not any(content.same_page(c) for _, c, _ in out):
                out.append((new, content, name))
                break
        else:
            break
    return out


def lay_out(poster: Poster, world: WorldMap, ids: AdIds, budget: int, rng: random.Random) -> PosterAds:
    """All ads of ``poster`` with at most ``budget`` versions in total."""
    kind = poster.kind
    migrates = poster.home_site == "pagelist"
    dest = choose(rng, MIGRATION[(kind, poster.language)]) if migrates else None
    lag = int(rng.uniform(1.0, 10.0) * DAY)
    ads: list[Ad] = []
    last_on: dict[tuple[str, int], tuple[Ad, Draft]] = {}
    rendered: Rendered = {}  # reposts and cross-posts render drafts this poster rendered before
    used = 0
    for index, t in enumerate(_post_times(poster, world, rng)):
        site = poster.home_site
        if migrates and t >= CLOSURE:
            if dest is None or t < CLOSURE + lag:
                continue
            site = dest
        place = world.places[_place_index(poster, t)]
        previous = last_on.get((site, place.index))
        if previous and rng.random() < REPOST_P[kind]:
            draft = evolve(previous[1], posted_at=t)  # a bump: same text under a new ad id
            repost_of: str | None = previous[0].ad_id
        else:
            draft, repost_of = new_draft(poster, place, t, index, rng), None
        targets = [(site, draft, repost_of)]
        cross = poster.cross_site
        if cross and cross != site and rng.random() < 0.5:
            targets.append((cross, evolve(draft, posted_at=t + rng.randint(60, 3 * HOUR)), None))
        for target, d, source in targets:
            if used >= budget:
                break
            ad, last = _one_ad(target, d, source, ids, budget - used, rng, rendered)
            if ad is None:
                continue
            ads.append(ad)
            used += len(ad.versions)
            last_on[(target, place.index)] = (ad, last)
    return PosterAds(ads, used, _migration(poster, ads, dest) if migrates else None)


def _one_ad(
    site_name: str,
    draft: Draft,
    repost_of: str | None,
    ids: AdIds,
    budget: int,
    rng: random.Random,
    rendered: Rendered,
) -> tuple[Ad | None, Draft]:
    site = SITE_BY_NAME[site_name]
    layout = LAYOUTS[site_name]
    if draft.category not in layout.categories:  # e.g. a furniture poster never lands on citynights
        return None, draft
    history = _versions(draft, layout.boxes, rng, rendered)
    life = LIFE_DAYS[draft.poster.kind] * math.exp(rng.gauss(0.0, 0.6)) * DAY
    counts = [_geometric(rng, RECAPTURE_P, 6) for _ in history]
    gap = max(4 * HOUR, life / sum(counts))
    t = draft.posted_at + _randrange(rng, 20 * 60, 16 * HOUR + 1)  # rng.randint(20 min, 16 h)
    closure = site.closure if site.closure is not None else END
    versions: list[Version] = []
    seized_at = None
    uniform, rate = rng.random, 1.0 / gap
    for (_, content, edit), count in zip(history, counts, strict=True):
        caps = []
        for _ in range(count):
            if t >= END or t >= closure:
                break
            caps.append(t)
            t += int(-math.log(1.0 - uniform()) / rate) + 1800  # rng.expovariate(rate), as random.py has it
        if not caps:
            break
        versions.append(Version(content, edit, tuple(caps)))
    if not versions:
        return None, draft
    cut = len(versions) > budget
    versions = versions[:budget]
    deleted_at = None
    complete = not cut and len(versions) == len(history)
    if complete and rng.random() < DELETE_P[draft.poster.kind] and t < min(END, closure):
        deleted_at = t
    if not cut and closure <= t < END and deleted_at is None:
        seized_at = max(t, closure + rng.randint(HOUR, 3 * DAY))
        seized_at = seized_at if seized_at < END else None
    first = versions[0].content
    ad_id = layout.ad_id(ids.next(site_name))
    phone = draft.phones[0] if draft.phones else None
    url = layout.ad_url(ad_id, draft.place, draft.category, first.title, phone)
    ad = Ad(
        site,
        ad_id,
        url,
        draft.category,
        draft.place,
        draft.posted_at,
        draft.poster,
        repost_of,
        tuple(versions),
        deleted_at,
        seized_at,
    )
    return ad, history[len(versions) - 1][0]


def _migration(poster: Poster, ads: list[Ad], planned: str | None) -> Migration | None:
    before = any(a.site.name == "pagelist" and a.posted_at < CLOSURE for a in ads)
    if not before or poster.window[1] <= CLOSURE:
        return None
    after = [a for a in ads if a.posted_at >= CLOSURE]
    first = min(after, key=lambda a: a.posted_at) if after else None
    return Migration(
        poster.poster_id,
        poster.kind,
        poster.language,
        planned,
        first.site.name if first else None,
        first.posted_at if first else None,
    )
