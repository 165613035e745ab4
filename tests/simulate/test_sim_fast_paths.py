"""The generator's fast paths produce exactly what their plain definitions would.

Speed-ups in the simulator (hand-assembled JSON, one-pass escaping, cached date parts, a cheaper
``replace``, gzip members built by hand) must not change the world: each is checked here against
the straightforward code it replaced, and a small world's content is pinned by digest.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html
import random
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadline.gazetteer import fold
from threadline.simulate import simulate
from threadline.simulate.accounts import AccountPool
from threadline.simulate.api import _plan
from threadline.simulate.clock import END, START, dmy_hm, http_date, iso, iso_local, local_clock, long_date
from threadline.simulate.drafts import new_draft
from threadline.simulate.facts import style_bits
from threadline.simulate.geo import world_map
from threadline.simulate.http import _chunked, gzip_bytes, stored_gzip
from threadline.simulate.layouts.base import lines_as_paragraphs, lines_with_breaks, slugify
from threadline.simulate.model import Content, Facts, evolve
from threadline.simulate.phonepool import PhonePool
from threadline.simulate.posters import KIND_MIX, make_poster
from threadline.simulate.shard import _populate
from threadline.simulate.truth import truth_line_reference, truth_lines

# Content of simulate(out, 600, 13, workers=1). Change only with an intended change of the world.
PINNED = {
    "truth.jsonl": "118d33387935f4a43b09af2dbb3a8850084527b146f2569f65fa44cf33cebc03",
    "world.json": "b15f0ba7baf92a484dd313ba05295d497147cc6f03de31eae20efba2177a1a3c",
}


def test_small_world_content_is_pinned(tmp_path: Path) -> None:
    simulate(tmp_path, 600, 13, workers=1)
    for name, digest in PINNED.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest, name
    for path in (tmp_path / "warc").glob("*.warc.gz"):  # stdlib gzip reads every member
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"WARC/1.1\r\n") and data.count(b"\r\n\r\nWARC/1.1\r\n") > 100


def test_truth_lines_are_json_dumps_byte_for_byte(tmp_path: Path) -> None:
    job = _plan(tmp_path, 2500, 17, 1)[0]
    ads, *_ = _populate(job, random.Random(f"threadline-sim/{job.seed}/{job.shard}"))
    checked = 0
    for ad in ads:
        for i, line in enumerate(truth_lines(ad)):
            assert line == truth_line_reference(ad, i)
            checked += 1
    assert checked == 2500


@pytest.mark.parametrize("size", [0, 1, 4000, 65535, 65536, 200_000])
def test_gzip_members_read_back_with_stdlib(size: int) -> None:
    data = random.Random(size).randbytes(size // 2) + b"<p>ad text</p>" * (size // 28)
    for member in (stored_gzip(data), *(gzip_bytes(data, level) for level in (0, 1, 2, 6, 9))):
        assert gzip.decompress(member) == data
        d = zlib.decompressobj(31)
        assert d.decompress(member) == data and d.eof and not d.unused_data  # exactly one member
    assert stored_gzip(data)[3] == 0 and stored_gzip(data)[4:8] == b"\0\0\0\0"  # no name, mtime 0


@pytest.mark.parametrize("size", [0, 1, 511, 512, 513, 1535, 4607, 4608, 4609, 5000, 9000, 20_000])
def test_chunked_bodies_match_the_general_chunking(size: int) -> None:
    body = bytes(range(256)) * (size // 256) + bytes(size % 256)
    for first in (512, 700, 1535):
        parts = [body[:first]] + [body[i : i + 4096] for i in range(first, len(body), 4096)]
        expected = b"".join(b"%x\r\n%b\r\n" % (len(p), p) for p in parts if p) + b"0\r\n\r\n"
        assert _chunked(body, first) == expected


def _slugify_reference(text: str, words: int) -> str:
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(text))
    return "-".join(cleaned.split()[:words]) or "ad"


@given(st.text(), st.integers(1, 8))
def test_slugify_matches_its_definition(text: str, words: int) -> None:
    assert slugify(text, words) == _slugify_reference(text, words)


def test_slugify_on_titles_with_accents_and_symbols() -> None:
    for title in ("✨ Let's meet - Nikki 28 ✨", "Señorita Ana, 22 años", "ﬁne ＡＢＣ１２３ 𝟏𝟐", "", " -- "):
        assert slugify(title) == _slugify_reference(title, 6)


@given(st.lists(st.text(alphabet=st.sampled_from("ab <>&\n\"'é✨"), max_size=6), max_size=6))
def test_text_blocks_match_line_by_line_escaping(lines: list[str]) -> None:
    content = Content("t", tuple(lines), (), (), Facts())
    escaped = [html.escape(line, quote=False) for line in lines]
    assert lines_with_breaks(content) == "<br>\n".join(escaped)
    assert lines_as_paragraphs(content) == "".join(f"<p>{line}</p>\n" for line in escaped)


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")  # fmt: skip


@given(st.integers(START - 400 * 86_400, END + 400 * 86_400))
def test_dates_match_gmtime(ts: int) -> None:
    t = time.gmtime(ts)
    clock = f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
    assert iso(ts) == f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{clock}Z"
    day = f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d}"
    assert http_date(ts) == f"{day} {clock} GMT"
    hour, half = t.tm_hour % 12 or 12, "AM" if t.tm_hour < 12 else "PM"
    month = _LONG_MONTHS[t.tm_mon - 1]
    assert long_date(ts) == f"{_LONG_DAYS[t.tm_wday]}, {month} {t.tm_mday}, {t.tm_year} {hour}:{t.tm_min:02d} {half}"
    assert dmy_hm(ts) == f"{t.tm_mday:02d}/{t.tm_mon:02d}/{t.tm_year:04d} {t.tm_hour:02d}:{t.tm_min:02d}"


@given(st.integers(START - 400 * 86_400, END + 400 * 86_400), st.integers(-10, -3))
def test_local_times_match_gmtime(ts: int, offset: int) -> None:
    t = time.gmtime(ts + offset * 3600)
    date = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    assert iso_local(ts, offset) == f"{date}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}-{-offset:02d}00"
    half = "am" if t.tm_hour < 12 else "pm"
    assert local_clock(ts, offset) == f"{date} {t.tm_hour % 12 or 12}:{t.tm_min:02d}{half}"


@given(st.integers(0, 2**64 - 1), st.integers(1, 12))
def test_style_bits_are_splitmix64(seed: int, n: int) -> None:
    mask = (1 << 64) - 1
    expected = []
    for i in range(1, n + 1):
        z = (seed + i * 0x9E3779B97F4A7C15) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        expected.append(z ^ (z >> 31))
    assert list(style_bits(seed, n)) == expected


def test_evolve_is_replace() -> None:
    world = world_map()
    rng = random.Random(5)
    pool = PhonePool(world, 0, 1, random.Random(6))
    for n, (kind, _) in enumerate(KIND_MIX * 4):
        poster = make_poster(rng, world, pool, AccountPool(0, 1), f"P-{n}", kind)
        d = new_draft(poster, poster.home, poster.window[0], 0, rng)
        changed = evolve(d, posted_at=d.posted_at + 60, rate=d.rate + 5)
        assert changed == dataclasses.replace(d, posted_at=d.posted_at + 60, rate=d.rate + 5)
        assert evolve(d) == d and evolve(d) is not d
        with pytest.raises(AttributeError):
            evolve(d, no_such_field=1)
