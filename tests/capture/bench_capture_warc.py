"""Benchmark: Threadline's WARC reader against warcio's ArchiveIterator on the same clean files.

Not collected by pytest (no ``test_`` prefix). Run ``.venv/bin/python tests/capture/bench_capture_warc.py``
[record count]. Two corpora of ~4-5 KB pages: "html" (templated markup, compresses about 2.3x, like real
ad sites) and "words" (random words, compresses about 1.6x, the worst case for inflation), each as a
per-record .warc.gz and as plain .warc. Runs alternate between the readers and the best of five is
kept, so a busy machine penalises both alike. The warcio loop reads each response's raw content
stream; ours yields full Captures (HTTP parsed, body decoded, digests verified).
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from threadline.capture.records import Capture
from threadline.capture.warc import read_warc
from threadline.config import Config


def html_page(rng: random.Random, words: list[str], i: int) -> bytes:
    nav = "".join(f'<li class="nav-item"><a class="nav-link" href="/city/{c}">{c}</a></li>' for c in words[:10])
    text = " ".join(rng.choice(words) for _ in range(330))
    related = "".join(f'<li><a href="/ad/{i + k}">Ad {i + k}</a></li>' for k in range(1, 15))
    imgs = "".join(f'<img class="ad-img" src="https://img.example.com/{i}/{k}.jpg">' for k in range(4))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ad {i}</title>'
        f'<link rel="stylesheet" href="/static/css/main.css"></head><body><header class="site-header">'
        f'<nav class="navbar"><ul class="nav">{nav}</ul></nav></header><main class="container">'
        f'<article class="ad" id="ad-{i}"><h1 class="ad-title">{" ".join(rng.choice(words) for _ in range(6))}'
        f'</h1><div class="ad-meta"><span class="ad-date">Posted: 2018-03-0{i % 9 + 1}</span>'
        f'<span class="ad-id">Post ID: {1000000 + i}</span></div><div class="ad-body"><p>{text}</p>'
        f"<p>Call or text 555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}</p></div>"
        f'<div class="ad-images">{imgs}</div></article><aside class="sidebar"><ul>{related}</ul></aside>'
        f'</main><footer class="site-footer"><p>&copy; 2018 Example Listings.</p></footer></body></html>'
    ).encode()


def words_page(rng: random.Random, words: list[str], i: int) -> bytes:
    body = " ".join(rng.choice(words) for _ in range(700))
    return f"<html><body><div class='ad' id='{i}'><p>{body}</p></div></body></html>".encode()


def write(path: Path, n: int, gz: bool, page: Callable[[random.Random, list[str], int], bytes]) -> None:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(3000)]
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for i in range(n):
            body = page(rng, words, i)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                f"http://ads.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)


def run_warcio(path: Path) -> int:
    n = 0
    with path.open("rb") as f:
        for rec in ArchiveIterator(f):
            if rec.rec_type == "response":
                rec.content_stream().read()
                n += 1
    return n


def run_threadline(path: Path) -> int:
    return sum(isinstance(item, Capture) for item in read_warc(path, Config()))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, page in (("html", html_page), ("words", words_page)):
            for gz in (True, False):
                path = Path(tmp) / f"{corpus}.warc{'.gz' if gz else ''}"
                write(path, n, gz, page)
                best = {"warcio": 0.0, "threadline": 0.0}
                for _ in range(5):
                    for name, fn in (("warcio", run_warcio), ("threadline", run_threadline)):
                        start = time.perf_counter()
                        assert fn(path) == n
                        best[name] = max(best[name], n / (time.perf_counter() - start))
                size = path.stat().st_size / n
                print(
                    f"{path.name:16} {size / 1024:5.1f} KiB/record  warcio {best['warcio']:8,.0f} rec/s   "
                    f"threadline {best['threadline']:8,.0f} rec/s"
                )


if __name__ == "__main__":
    main()
