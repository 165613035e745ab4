"""Social-media handles with their service: Snapchat, Instagram, X/Twitter, Telegram, WhatsApp, Kik,
OnlyFans.

Two sources: a service label followed by a handle ("sc: name", "snap - name", "IG @name",
"👻 name", "kik me at name"), and profile URLs already found by :mod:`threadline.extract.urls`
("t.me/name", "onlyfans.com/name", "wa.me/17025550143"). Short labels that are also words or
abbreviations ("sc" is South Carolina, "of" and "x" are everywhere) need an explicit separator
(":", "-", "@", an arrow) or a handle that cannot be a word (it has a digit, "_" or "."). WhatsApp
has no public handles: its value is the E.164 phone written after the label.
"""

from __future__ import annotations

import operator
import re

from threadline.extract.normalize import Doc, occurrences, phrases, prepare, triggers, wordset
from threadline.extract.phones import normalise as phone_normalise
from threadline.extract.records import Found, Handle, SpanIndex

KIND = "handles"
_START = operator.attrgetter("start")  # records in text order

# label -> (service, strong): a strong label is unambiguous, so a plain word after it is a handle.
LABELS: dict[str, tuple[str, bool]] = {
    "snapchat": ("snapchat", True), "snap chat": ("snapchat", True), "snap": ("snapchat", False),
    "snp": ("snapchat", False), "sc": ("snapchat", False), "\U0001f47b": ("snapchat", True),
    "instagram": ("instagram", True), "insta": ("instagram", True), "ig": ("instagram", True),
    "twitter": ("twitter", True), "x": ("twitter", False),
    "telegram": ("telegram", True), "tele": ("telegram", False), "tg": ("telegram", True),
    "whatsapp": ("whatsapp", True), "whats app": ("whatsapp", True), "watsapp": ("whatsapp", True),
    "whatsap": ("whatsapp", True), "wapp": ("whatsapp", False), "wa": ("whatsapp", False),
    "kik": ("kik", True), "onlyfans": ("onlyfans", True), "only fans": ("onlyfans", True),
    "of": ("onlyfans", False),
}  # fmt: skip
_FIRST_WORDS = phrases(*(label for label in LABELS if label.isascii()))
_ALT = "|".join(re.escape(k) for k in sorted(LABELS, key=len, reverse=True) if k.isascii())
_STRONG_SEP = re.compile(r"[:=>|~\-–—➡→👉@]")
# Matched only at the offsets where a label word occurs (see normalize.occurrences).
_LABELLED = re.compile(
    rf"(?:(?P<label>{_ALT})(?![a-z0-9])|(?P<ghost>\U0001f47b))"
    r"(?P<sep>[ \t]{0,2}(?:(?:[:=>|~(\-–—➡→👉\ufe0f]|id|is|me|only|on|at|name|user(?:name)?)[ \t]{0,2}){0,3})"
    r"(?P<handle>@?[a-z0-9_][a-z0-9_.\-]{0,29})?"
)
_STOP = wordset("only me and or is too also for with the my available here please id name account handle user "
    "username premium private page at on to add follow dm message msg text chat contact info if "
    "you your no not just app a an me is it in up now more pics videos content link below above "
    "same as us call or y o de")
_URL_SERVICES = {
    "t.me": "telegram", "telegram.me": "telegram", "instagram.com": "instagram",
    "instagr.am": "instagram", "twitter.com": "twitter", "x.com": "twitter",
    "snapchat.com": "snapchat", "kik.me": "kik", "onlyfans.com": "onlyfans", "wa.me": "whatsapp",
    "api.whatsapp.com": "whatsapp",
}  # fmt: skip
_RESERVED = wordset("p reel reels explore stories tv i home intent search hashtag add u send share")
_WA_PHONE = re.compile(r"(?:^|[?&])phone=\+?([0-9]{8,15})")


def _clean(handle: str) -> str:
    return handle.lstrip("@").rstrip(".-")


def _from_urls(found: Found) -> list[Handle]:
    out: list[Handle] = []
    for url in found.urls:
        service = _URL_SERVICES.get(url.domain)
        if service is None:
            continue
        path = url.value[len(url.domain) :].lstrip("/")
        parts = [p for p in re.split(r"[/?#]", path) if p]
        if service == "snapchat" and parts[:1] == ["add"]:
            parts = parts[1:]
        if service == "whatsapp":
            wa = _WA_PHONE.search(path)
            digits = wa.group(1) if wa else (parts[0] if parts and parts[0].isdigit() else "")
            phone = _phone("+" + digits) if digits else None
            if phone:
                out.append(Handle(service, phone, url.raw, url.start, url.end, "handle:url"))
            continue
        if parts and parts[0].lower() not in _RESERVED and re.fullmatch(r"@?[A-Za-z0-9_.\-]{2,30}", parts[0]):
            out.append(Handle(service, _clean(parts[0].lower()), url.raw, url.start, url.end, "handle:url"))
    return out


def _phone(text: str) -> str | None:
    return phone_normalise(text)


def find(doc: Doc, found: Found | None = None) -> list[Handle]:
    found = found or Found()
    out = _from_urls(found)
    low = doc.lower
    offsets = [pos for word in triggers(doc, _FIRST_WORDS) for pos in occurrences(low, word)]
    if "\U0001f47b" in low:
        offsets += [i for i, ch in enumerate(low) if ch == "\U0001f47b"]
    if not offsets:
        return out
    # A bare domain with no path ("amber.vip") right after a label is the handle, not a URL.
    urls = [(u.start, u.end) for u in found.urls if u.rule != "url:domain" or "/" in u.value]
    taken = SpanIndex(urls + [(e.start, e.end) for e in found.emails])
    for pos in sorted(offsets):
        m = _LABELLED.match(low, pos)
        if m is None:
            continue
        label = m.group("label") or m.group("ghost")
        service, strong = LABELS[label]
        start = pos
        if service == "whatsapp":
            after = doc.orig(m.end("sep"))
            phone = next((p for p in found.phones if 0 <= p.start - after <= 3), None)
            if phone is not None:
                s = doc.orig(start)
                raw = doc.original[s : phone.end]
                out.append(Handle(service, phone.value, raw, s, phone.end, "handle:label:whatsapp"))
            continue
        if not m.group("handle"):
            continue
        h_start = m.start("handle")
        handle = _clean(m.group("handle"))
        explicit = bool(_STRONG_SEP.search(m.group("sep"))) or m.group("handle").startswith("@")
        wordlike = handle.isalpha()
        if (
            len(handle) < 2
            or handle in _STOP
            or handle.isdigit()
            or (not explicit and not strong and (wordlike or label in ("x", "of", "sc", "wa")))
        ):
            continue
        h_end = h_start + len(m.group("handle").rstrip(".-"))
        raw, s, e = doc.raw(start, h_end)
        if taken.overlaps(s, e):
            continue
        out.append(Handle(service, handle, raw, s, e, f"handle:label:{service}"))
    out.sort(key=_START)
    return out


def normalise(raw: str, service: str) -> str | None:
    """Canonical handle (lower-case, no "@") of ``raw`` for ``service``, or None."""
    handle = _clean(prepare(raw).lower.strip())
    return handle if validate(handle) else None


def validate(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9_.\-]{2,30}", value) is not None or re.fullmatch(r"\+[0-9]{8,15}", value) is not None
