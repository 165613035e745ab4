"""The parser picks an adapter by host, asks the adapters once per host, and falls back."""

from __future__ import annotations

from datetime import UTC, datetime

from threadline.capture.records import Capture, Origin
from threadline.parse.adapters import BUILTIN_ADAPTERS
from threadline.parse.records import PageResult
from threadline.parse.registry import Parser


class Counting:
    name = "counting"

    def __init__(self, host: str) -> None:
        self.host = host
        self.asked: list[str] = []

    def matches(self, host: str) -> bool:
        self.asked.append(host)
        return host == self.host

    def parse(self, capture: Capture) -> PageResult:
        raise AssertionError("not called here")


def cap(url: str) -> Capture:
    return Capture(url, datetime(2018, 1, 1, tzinfo=UTC), b"", b"", Origin("t"))


def test_one_question_per_host_and_the_same_answer_as_asking_every_time() -> None:
    counting = Counting("mine.example")
    parser = Parser([*BUILTIN_ADAPTERS, counting])
    urls = [
        "https://pagelist.example/reno/companions/1.html",
        "https://MINE.example:8443/a",
        "https://reno.swapmeet.example/fur/d/x/1.html",
        "https://elsewhere.example/",
        "https://mine.example/b",
        "https://plano.swapmeet.example/fur/d/y/2.html",
        "not a url",
    ] * 3
    for url in urls:
        capture = cap(url)
        asked = next(a for a in parser.adapters if a.matches(capture.host))
        assert parser.adapter_for(cap(url)) is asked
    picked = {url: parser.adapter_for(cap(url)).name for url in urls}
    assert picked["https://pagelist.example/reno/companions/1.html"] == "pagelist"
    assert picked["https://MINE.example:8443/a"] == "counting"
    assert picked["https://plano.swapmeet.example/fur/d/y/2.html"] == "swapmeet"
    assert picked["https://elsewhere.example/"] == picked["not a url"] == "fallback"
    # the loop asked directly for each of the 6 captures of the host; the parser asked once
    assert counting.asked.count("mine.example") == 6 + 1
