"""Writes one shard's crawl into its WARC: ad pages, removal and seizure pages, city listings, and
now and then the request that fetched a page.

Events come in capture-time order (see ``shard._events``). Each draws from the shard's random
stream in a fixed order (session token; then the related ads and the view counter of an ad page,
or a listing's counter; then whether a request record is kept), so the bytes depend only on the
seed. An ad page is its version's template (:meth:`Layout.ad_template`, built at the version's
first capture and dropped after its last) filled with the capture's chrome; sidebar items are
rendered once per ad.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import NamedTuple

from threadline.simulate.clock import CLOSURE, DAY
from threadline.simulate.http import Server, request_block
from threadline.simulate.layouts import LAYOUTS, Chrome, Layout, Listed
from threadline.simulate.layouts.base import SEIZED_HTML
from threadline.simulate.model import Ad
from threadline.simulate.sites import PAGELIST
from threadline.simulate.warc import WarcWriter

REQUEST_EVERY = 50  # one WARC request record per this many responses ("a few")
VIEWS_SPREAD = 40  # an ad page's view counter: a steady climb plus up to this much noise
# rng.randrange(n) is rng._randbelow(n): n.bit_length() random bits, drawn again until below n.
# Inlined below for the two draws every capture makes (same values, a fraction of the cost).
_REQUEST_BITS = REQUEST_EVERY.bit_length()
_VIEWS_BITS = VIEWS_SPREAD.bit_length()
FRONT_PAGE = "https://pagelist.example/"
# An event to write: (time, tie-break, kind, ad index, version index). Kinds:
AD, REMOVED, SEIZED, LISTING = 0, 1, 2, 3
Event = tuple[int, int, int, int, int]
_SEIZED_BODY = SEIZED_HTML.encode("utf-8")


class _Site(NamedTuple):
    layout: Layout
    server: Server
    packed: bool  # bodies are gzip-encoded already: the WARC member stores them
    related: list[str]  # sidebar items of the shard's ads on this site, in ad order


def _sites(ads: list[Ad]) -> dict[str, _Site]:
    sites = {
        name: _Site(layout, Server(layout.site, layout.content_type), layout.site.transfer == "gzip", [])
        for name, layout in LAYOUTS.items()
    }
    for ad in ads:
        site = sites[ad.site.name]
        site.related.append(site.layout.related_item(ad.url, ad.versions[0].content.title))
    return sites


def _listing_items(ads: list[Ad], rows: list[int], t: int) -> list[Listed]:
    out = []
    for i in rows:
        other = ads[i]
        gone = other.deleted_at if other.deleted_at is not None else other.versions[-1].captures[-1] + 2 * DAY
        if other.posted_at <= t < gone:
            out.append(Listed(other.url, other.versions[0].content.title, other.posted_at))
    out.sort(key=lambda x: -x.posted_at)
    return out[:25]


def crawl(ads: list[Ad], events: list[Event], rng: random.Random, writer: WarcWriter) -> list[int]:
    """Write every event's records; returns the number of responses of each kind (by kind index)."""
    sites = _sites(ads)
    site_of = [sites[ad.site.name] for ad in ads]
    index: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, ad in enumerate(ads):
        index[(ad.site.name, ad.place.index, ad.category)].append(i)
    templates: dict[tuple[int, int], tuple[bytes, ...]] = {}
    counts = [0, 0, 0, 0]
    bits, uniform = rng.getrandbits, rng.random
    for t, _, kind, a, v in events:
        token = f"{bits(64):016x}"
        status = 200
        if kind == AD:
            ad = ads[a]
            site = site_of[a]
            url = ad.url
            version = ad.versions[v]
            caps = version.captures
            if len(caps) == 1:  # most versions are captured once: nothing to keep
                template = site.layout.ad_template(ad, version.content)
            else:
                key = (a, v)
                cached = templates.get(key)
                template = cached if cached is not None else site.layout.ad_template(ad, version.content)
                if t == caps[-1]:
                    templates.pop(key, None)
                elif cached is None:
                    templates[key] = template
            # rng.choices(related, k=3), inlined: the same draws without the list and its checks.
            related = site.related
            n = float(len(related))
            picked = (related[int(uniform() * n)], related[int(uniform() * n)], related[int(uniform() * n)])
            r = bits(_VIEWS_BITS)
            while r >= VIEWS_SPREAD:
                r = bits(_VIEWS_BITS)
            views = 3 + (t - ad.posted_at) // 97 + r
            body = site.layout.ad_body(ad, template, Chrome(views, picked, t, token))
        elif kind == REMOVED:
            ad = ads[a]
            site = site_of[a]
            url = ad.url
            status, page = site.layout.removed_page(ad)
            body = site.layout.encode(page)
        elif kind == SEIZED:
            site = sites[PAGELIST.name] if a < 0 else site_of[a]
            url = FRONT_PAGE if a < 0 else ads[a].url  # after the closure: the front page too
            body = _SEIZED_BODY
        else:
            ad = ads[a]
            site = site_of[a]
            chrome = Chrome(rng.randrange(10_000), (), t, token)
            items = _listing_items(ads, index[(ad.site.name, ad.place.index, ad.category)], t)
            url, page = site.layout.listing(ad.place, ad.category, items, chrome)
            if ad.site is PAGELIST and t >= CLOSURE:
                kind, page = SEIZED, SEIZED_HTML
            body = site.layout.encode(page)
        counts[kind] += 1
        http_head, body = site.server.response(status, body, t, token)
        record_id = writer.new_id()
        writer.response(url, t, http_head, body, record_id, packed=site.packed)
        r = bits(_REQUEST_BITS)
        while r >= REQUEST_EVERY:
            r = bits(_REQUEST_BITS)
        if r == 0:
            writer.request(url, t, request_block(url), record_id)
    return counts
