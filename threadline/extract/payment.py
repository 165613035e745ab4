"""Payment identifiers: Cash App $cashtags, Venmo names, PayPal.me names and PayPal e-mails.

A deposit account is one of the strongest links between ads, so it is read from three places: a
payment label and the name after it ("cashapp: name", "venmo @name", "paypal: name@example.com"),
a bare cashtag ("$name": a "$" followed by a letter; "$150" is a price), and payment URLs already
found by :mod:`threadline.extract.urls` ("cash.app/$name", "venmo.com/u/name", "paypal.me/name").
Values are canonical per service: "$tag" for Cash App, "@name" for Venmo, the lower-case name or
the e-mail address for PayPal.
"""

from __future__ import annotations

import operator
import re

from threadline.extract.normalize import Doc, occurrences, phrases, prepare, triggers, wordset
from threadline.extract.records import Found, Payment, SpanIndex

KIND = "payment"
_START = operator.attrgetter("start")  # records in text order

_LABELS = {
    "cashapp": "cashapp", "cash app": "cashapp", "ca$happ": "cashapp", "ca$h app": "cashapp",
    "cashme": "cashapp", "cash me": "cashapp", "square cash": "cashapp", "venmo": "venmo",
    "paypal": "paypal", "pay pal": "paypal",
}  # fmt: skip
_WORDS = phrases(*_LABELS)
_ALT = "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
# Matched only where a label's first word occurs (see normalize.occurrences).
_LABELLED = re.compile(
    rf"(?P<label>{_ALT})(?![a-z0-9])"
    r"(?P<sep>[ \t]{0,2}(?:(?:[:=>|~(\-–—➡→👉]|is|me|at|to|only|@)[ \t]{0,2}){0,3})"
    r"(?P<tag>[$@]?[a-z0-9_][a-z0-9_.\-]{0,29})?"
)
# "@name on Venmo", "$name via Cash App": the account first, then the service.
_REVERSED = re.compile(
    rf"(?P<tag>[$@][a-z0-9_][a-z0-9_.\-]{{1,29}})[ \t]+(?:on|via|thru|through|by|en|por|con)[ \t]+"
    rf"(?P<label>{_ALT})(?![a-z0-9])"
)
_CASHTAG = re.compile(r"\$([a-z][a-z0-9_\-]{0,19})(?![a-z0-9_])")
_NOT_TAGS = wordset("hh hr hrs h qv usd cad roses rose only cash hour half ovn donation donations dollars bucks ph "
    "per each up and or for min mins special specials rate rates")
# Words that follow a payment label as prose ("Cash App required", "Venmo accepted").
_STOP = wordset(
    "only accepted and or is too also for with me please here preferred ok app required welcome payment "
    "payments deposit deposits first before upfront account handle name tag to via zelle paypal venmo cashapp "
    # Prose after "... on Cash App - ": short function words are never read as an account name.
    "no not yes then we i you the a an if so but thanks thank just now call text dm send all any y o si"
)
_VALID = {
    "cashapp": re.compile(r"\$[a-z][a-z0-9_\-]{0,19}"),
    "venmo": re.compile(r"@[a-z0-9_\-]{4,30}"),
    "paypal": re.compile(r"[a-z0-9_.\-]{2,40}|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,24}"),
}


def _canonical(service: str, tag: str) -> str | None:
    name = tag.lstrip("$@").rstrip(".-").lower()
    if not name or name in _STOP or name.isdigit():
        return None
    value = {"cashapp": "$", "venmo": "@"}.get(service, "") + name
    return value if _VALID[service].fullmatch(value) else None


def _from_urls(found: Found) -> list[Payment]:
    out: list[Payment] = []
    for url in found.urls:
        parts = [p for p in re.split(r"[/?#]", url.value[len(url.domain) :]) if p]
        service = {"cash.app": "cashapp", "venmo.com": "venmo", "paypal.me": "paypal"}.get(url.domain)
        if url.domain == "paypal.com" and parts[:1] == ["paypalme"]:
            service, parts = "paypal", parts[1:]
        if service == "venmo" and parts[:1] == ["u"]:
            parts = parts[1:]
        value = _canonical(service, parts[0]) if service and parts else None
        if service and value:
            out.append(Payment(service, value, url.raw, url.start, url.end, "payment:url"))
    return out


def find(doc: Doc, found: Found | None = None) -> list[Payment]:
    found = found or Found()
    out = _from_urls(found)
    low = doc.lower
    firsts = triggers(doc, _WORDS)
    has_labels = bool(firsts)
    if not has_labels and "$" not in low:
        return out
    taken = SpanIndex([(p.start, p.end) for p in out] + [(u.start, u.end) for u in found.urls])
    folded_taken = SpanIndex()
    offsets = sorted(p for w in firsts for p in occurrences(low, w))
    for pos in offsets:
        m = _LABELLED.match(low, pos)
        if m is None:
            continue
        service = _LABELS[m.group("label")]
        start = pos
        if service == "paypal":
            after = doc.orig(m.end("sep"))
            email = next((e for e in found.emails if 0 <= e.start - after <= 2), None)
            if email is not None:
                s = doc.orig(start)
                out.append(Payment(service, email.value, doc.original[s : email.end], s, email.end, "payment:label"))
                continue
        tag = m.group("tag")
        value = _canonical(service, tag) if tag else None
        if value is None or (service == "paypal" and not tag.startswith("@")):
            continue  # PayPal names are only trusted with "@" or as a paypal.me URL
        end = m.start("tag") + len(tag.rstrip(".-"))
        raw, s, e = doc.raw(start, end)
        if not taken.overlaps(s, e):
            out.append(Payment(service, value, raw, s, e, "payment:label"))
            folded_taken.add(start, end)
    if has_labels:
        for m in _REVERSED.finditer(low):
            service, tag = _LABELS[m.group("label")], m.group("tag")
            value = _canonical(service, tag) if (tag[0] == "$") == (service == "cashapp") else None
            raw, s, e = doc.raw(m.start(), m.end())
            if value is not None and not taken.overlaps(s, e) and not folded_taken.overlaps(m.start(), m.end()):
                out.append(Payment(service, value, raw, s, e, "payment:label"))
                folded_taken.add(m.start(), m.end())
    for m in _CASHTAG.finditer(low):
        if m.start() > 0 and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "$"):
            continue
        if m.group(1) in _NOT_TAGS or folded_taken.overlaps(m.start(), m.end()):
            continue
        raw, s, e = doc.raw(m.start(), m.end())
        value = _canonical("cashapp", m.group())
        if value is not None and not taken.overlaps(s, e):
            out.append(Payment("cashapp", value, raw, s, e, "payment:cashtag"))
    out.sort(key=_START)
    return out


def normalise(raw: str, service: str) -> str | None:
    return _canonical(service, prepare(raw).lower.strip())


def validate(value: str, service: str) -> bool:
    pattern = _VALID.get(service)
    return pattern is not None and pattern.fullmatch(value) is not None
