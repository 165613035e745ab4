"""The adapter interface every site parser implements."""

from __future__ import annotations

from typing import Protocol

from threadline.capture.records import Capture
from threadline.parse.records import PageResult


class Adapter(Protocol):
    """A parser for one site layout.

    ``matches`` says whether the adapter reads the pages of a host (``capture.host``: lower case, no
    port). It sees the host only, so the parser can remember its choice per host instead of asking
    every adapter about every capture. ``parse`` raises :class:`threadline.errors.ParseFailure` when
    the page is recognised but unusable.
    """

    name: str

    def matches(self, host: str) -> bool: ...

    def parse(self, capture: Capture) -> PageResult: ...
