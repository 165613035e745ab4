"""CSS queries over parsed pages, with one selector engine per thread instead of one per page.

selectolax's ``css``/``css_first`` build a CSS parser and a selector engine for each document on
its first query: about 20 µs, more than parsing a typical ad page and as much as six queries. The
engine holds no state of the document between queries (it is told the node to search from), so one
per thread serves every page; it is per thread because an engine is not safe to share between
threads (the web app parses in a thread pool). Results are exactly those of ``css``/``css_first``:
the same nodes, in document order, and an invalid selector raises the same ``SelectolaxError``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from selectolax.lexbor import LexborCSSSelector, LexborHTMLParser, LexborNode

_local = threading.local()
Scope = LexborHTMLParser | LexborNode  # a whole page, or a node and what is inside it


def _engine() -> LexborCSSSelector:
    try:
        engine: LexborCSSSelector = _local.engine
    except AttributeError:
        engine = _local.engine = LexborCSSSelector()  # type: ignore[no-untyped-call]  # the stub's __init__
    return engine


def _start(scope: Scope) -> LexborNode | None:
    return scope.root if isinstance(scope, LexborHTMLParser) else scope


def every(scope: Scope, query: str) -> list[LexborNode]:
    """Every node matching ``query`` in ``scope`` (the node itself included), in document order."""
    start = _start(scope)
    return [] if start is None else _engine().find(query, start)


def first(scope: Scope, query: str) -> LexborNode | None:
    """The first node matching ``query`` in ``scope``, or None."""
    start = _start(scope)
    if start is None:
        return None
    # find_first stops at the first match; it is in the class but missing from selectolax's stub.
    find_first: Callable[[str, LexborNode], list[LexborNode]] = _engine().find_first  # type: ignore[attr-defined]
    found = find_first(query, start)
    return found[0] if found else None
