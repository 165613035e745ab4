"""The synthetic world laid out as a live web: when each ad and each of its versions is up, where.

The WARC world records when a *simulated* crawler captured each version; the live web needs the
other side, when each version was *on the site*. Version 0 goes up when the ad is posted; a later
version replaces its predecessor half-way between the predecessor's last capture and its own first
one (the edit happened somewhere in that gap). An ad goes away when it is deleted (half-way between
its last live capture and the capture that saw the removal), when its site is seized, or when it
expires two days after its last capture (the listing rule of ``crawl._listing_items``). The ads are
exactly those ``threadline simulate`` generates for the same ``ads`` and ``seed`` (the same shards,
the same random streams), so a live crawl can be compared with the WARC world.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from threadline.simulate.api import _plan
from threadline.simulate.clock import DAY, END
from threadline.simulate.layouts import LAYOUTS, Chrome
from threadline.simulate.model import Ad
from threadline.simulate.shard import _populate, collector_paused
from threadline.simulate.sites import SITES

EXPIRY = 2 * DAY  # an ad nobody deleted leaves the listings this long after its last capture
PAGE_SIZE = 25  # ads per listing page, newest first
_NO_CHROME = Chrome(0, (), 0, "")


@dataclass(frozen=True, slots=True)
class LiveAd:
    """One ad's timeline on the live web."""

    ad: Ad
    host: str
    target: str  # path and query of the ad page
    starts: tuple[int, ...]  # second each version goes up (starts[0] is the posting time)
    ends_at: int  # second the ad goes away
    end_kind: str  # "deleted", "expired" or "seized"

    def version_at(self, t: int) -> int | None:
        """Index of the version up at ``t``, or None before posting and after the end."""
        if t < self.starts[0] or t >= self.ends_at:
            return None
        return bisect_right(self.starts, t) - 1


@dataclass(frozen=True, slots=True)
class Listing:
    """A city listing URL of one site and the ads it may show, oldest posting first."""

    site: str
    host: str
    target: str
    label: str
    ads: tuple[LiveAd, ...]


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.netloc, (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _timeline(ad: Ad) -> tuple[tuple[int, ...], int, str]:
    starts = [ad.posted_at]
    versions = ad.versions
    for before, after in pairwise(versions):
        starts.append(max(starts[-1] + 1, (before.captures[-1] + after.captures[0]) // 2))
    last = versions[-1].captures[-1]
    closure = ad.site.closure
    if ad.deleted_at is not None:
        end, kind = max(last + 1, (last + ad.deleted_at) // 2), "deleted"
    else:
        end, kind = min(END, last + EXPIRY), "expired"
    if closure is not None and closure <= end:
        end, kind = closure, "seized"
    return tuple(starts), max(end, starts[-1] + 1), kind


def generate_ads(ads: int, seed: int) -> list[Ad]:
    """Every ad of the world ``threadline simulate --ads ads --seed seed`` writes, in shard order."""
    out: list[Ad] = []
    with collector_paused():
        for job in _plan(Path("."), ads, seed, 1):
            # The same stream run_shard seeds: the ads come out identical to the WARC world's.
            rng = random.Random(f"threadline-sim/{job.seed}/{job.shard}")
            out.extend(_populate(job, rng)[0])
    return out


class LiveWorld:
    """The ads of a world indexed for serving: by host and path, by listing, by site."""

    def __init__(self, ads: list[Ad]) -> None:
        self.ads: list[LiveAd] = []
        self.by_target: dict[tuple[str, str], LiveAd] = {}
        groups: dict[tuple[str, str], list[LiveAd]] = defaultdict(list)
        labels: dict[tuple[str, str], tuple[str, str]] = {}
        for ad in ads:
            starts, ends_at, kind = _timeline(ad)
            host, target = _split(ad.url)
            live = LiveAd(ad, host, target, starts, ends_at, kind)
            self.ads.append(live)
            self.by_target[(host, target)] = live
            layout = LAYOUTS[ad.site.name]
            url, _ = layout.listing(ad.place, ad.category, [], _NO_CHROME)
            key = _split(url)
            groups[key].append(live)
            labels[key] = (ad.site.name, f"{ad.place.label} {layout.categories[ad.category]}")
        self.listings: dict[tuple[str, str], Listing] = {
            key: Listing(
                labels[key][0],
                key[0],
                key[1],
                labels[key][1],
                tuple(sorted(group, key=lambda x: (x.ad.posted_at, x.ad.ad_id))),
            )
            for key, group in groups.items()
        }
        self.by_site: dict[str, list[LiveAd]] = defaultdict(list)
        for live in self.ads:
            self.by_site[live.ad.site.name].append(live)
        self.site_listings: dict[str, list[Listing]] = defaultdict(list)
        for listing in sorted(self.listings.values(), key=lambda x: (x.site, x.label)):
            self.site_listings[listing.site].append(listing)

    def listed(self, listing: Listing, t: int) -> list[LiveAd]:
        """The ads ``listing`` shows at ``t``, newest first."""
        up = [x for x in listing.ads if x.starts[0] <= t < x.ends_at]
        up.reverse()
        return up

    def live_on(self, site: str, t: int) -> list[LiveAd]:
        return [x for x in self.by_site.get(site, ()) if x.starts[0] <= t < x.ends_at]

    def schedule(self) -> list[dict[str, object]]:
        """Every ad's timeline as JSON-ready rows, for the truth files and the tests."""
        return [
            {
                "site": x.ad.site.name,
                "ad_id": x.ad.ad_id,
                "host": x.host,
                "target": x.target,
                "starts": list(x.starts),
                "ends_at": x.ends_at,
                "end_kind": x.end_kind,
            }
            for x in self.ads
        ]


def site_domains() -> dict[str, str]:
    """Site name by its domain."""
    return {s.domain: s.name for s in SITES}
