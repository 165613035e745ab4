"""The ads export: one row per ad with its network, the interchange used to check Threadline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from threadline.store import links as store_links
from threadline.store.store import Store

PAGE = 5000


def export_ads(store: Store) -> Iterator[dict[str, Any]]:
    """Rows ``site, ad_id, url, network_id, phones, emails, ages`` for every ad, in ad id order.

    ``network_id`` is the id of the ad's network (the smallest ad id in it); an ad linked to nothing
    is a network of one under its own id, so every ad has one.
    """
    after = 0
    while True:
        with store.connect() as conn:
            page, after = store_links.export_page(conn, after, PAGE)
        if not page:
            return
        yield from page
