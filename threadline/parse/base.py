"""The adapter interface every site parser implements."""

from __future__ import annotations

from typing import Protocol

from threadline.capture.records import Capture
from threadline.parse.records import PageResult


class Adapter(Protocol):
    """A parser for one site layout.

    ``matches`` must be cheap (it looks at the URL and maybe a few bytes); ``parse`` raises
    :class:`threadline.errors.ParseFailure` when the page is recognised but unusable.
    """

    name: str

    def matches(self, capture: Capture) -> bool: ...

    def parse(self, capture: Capture) -> PageResult: ...
