"""URLs and bare domains ("example.com/ads/123", "https://...", "example dot com").

A URL's ``value`` is its canonical form for linking: lower-case host without scheme or "www.", then
the path as written, without a trailing slash. Bare domains are found from their top-level domain
backwards (a literal "." is cheap to scan for), never with a regex that could run away on a long
word. Short TLDs that are also words or abbreviations (".me", ".co", ".us", ".to") count only with a
path ("t.me/name"), so "call.me" or "St.Louis" are not domains. Spans inside e-mail addresses are
left to :mod:`threadline.extract.emails`.
"""

from __future__ import annotations

import operator
import re

from threadline.extract.normalize import Doc, prepare
from threadline.extract.records import Found, SpanIndex, Url

KIND = "urls"
_START = operator.attrgetter("start")  # records in text order

_STRONG = "com|net|org|info|biz|xyz|site|online|club|live|link|app|dev|xxx|vip|top|io|ca|uk|am"
_WEAK = "me|co|us|to|ly|gg|ws|cc|tv|de|fr|es|mx|lv|ru|ms|fans|social|chat|page|link"
_SCHEME = re.compile(r"(?:https?://|www\.)[^\s<>\"'`{}|\\^\[\]]++")
_TLD = re.compile(rf"\.({_STRONG}|{_WEAK})(?![a-z0-9-])")
_STRONG_SET = frozenset(_STRONG.split("|"))
_PATH = re.compile(r"[/?#][^\s<>\"'`{}|\\^\[\]]*+")
_SPELLED = re.compile(
    r"([a-z0-9][a-z0-9-]{0,62})[ \t]{0,2}(?:[(\[{][ \t]?dot[ \t]?[)\]}]|[ \t]dot[ \t])[ \t]{0,2}"
    r"(com|net|org)(?![a-z0-9])"
)
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_TRAILING = ".,;:!?)]}'\"*"
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}[a-z]{2,24}")


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _make(doc: Doc, start: int, end: int, host_start: int, host_end: int, rule: str) -> Url | None:
    host = doc.lower[host_start:host_end].strip(".-")
    if host.startswith("www."):
        host = host[4:]
    if not _HOST.fullmatch(host):
        return None
    path = doc.text[host_end:end].rstrip("/")
    raw, s, e = doc.raw(start, end)
    return Url(host + path, raw, s, e, rule, host)


def find(doc: Doc, found: Found | None = None) -> list[Url]:
    low = doc.lower
    if "." not in low and "dot" not in doc.words:
        return []
    # Spans already explained (e-mail addresses, earlier URLs), in original-text offsets.
    taken = SpanIndex([(m.start, m.end) for m in found.emails]) if found is not None else SpanIndex()
    out: list[Url] = []
    # A scheme match starts with "http" or "www.": str.find rules most texts out far faster.
    schemes = _SCHEME.finditer(low) if "http" in low or "www." in low else ()
    for m in schemes:
        start = m.start()
        end = _trim(low, start, m.end())
        host_start = low.index("//", start) + 2 if low.startswith("http", start) else start
        host_end = host_start
        while host_end < end and low[host_end] in _HOST_CHARS:
            host_end += 1
        if low[host_end : host_end + 1] == ":":  # a port: part of the host for linking purposes
            host_end += 1
            while host_end < end and low[host_end].isdigit():
                host_end += 1
        url = _make(doc, start, end, host_start, host_end, "url:scheme")
        if url is not None:
            out.append(url)
            taken.add(url.start, url.end)
    for m in _TLD.finditer(low):
        host_end = m.end()
        if taken.overlaps(*doc.span(m.start(), host_end)):
            continue
        start = m.start()
        while start > 0 and low[start - 1] in _HOST_CHARS and m.start() - start < 253:
            start -= 1
        if (start > 0 and low[start - 1] in "@/:") or start == m.start():
            continue
        path = _PATH.match(low, host_end)
        end = _trim(low, host_end, path.end()) if path else host_end
        if m.group(1) not in _STRONG_SET and end - host_end < 2:
            continue  # ".me", ".co", ".us" only with a path
        url = _make(doc, start, end, start, host_end, "url:domain")
        if url is not None:
            out.append(url)
            taken.add(url.start, url.end)
    if "dot" in doc.words:
        for m in _SPELLED.finditer(low):
            if taken.overlaps(*doc.span(m.start(), m.end())) or (m.start() > 0 and low[m.start() - 1] in "@.-"):
                continue
            raw, s, e = doc.raw(m.start(), m.end())
            host = f"{m.group(1)}.{m.group(2)}"
            out.append(Url(host, raw, s, e, "url:spelled", host))
    out.sort(key=_START)
    return out


def normalise(raw: str) -> str | None:
    found = find(prepare(raw))
    return found[0].value if found else None


def validate(value: str) -> bool:
    host = value.split("/", 1)[0]
    return _HOST.fullmatch(host.split(":", 1)[0]) is not None
