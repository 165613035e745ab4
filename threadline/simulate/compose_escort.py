"""Writes companion ads: independents in the first person, trafficking controllers in the third.

:func:`render_escort` turns a :class:`Draft` into the page content and its facts. The phrase choice
per slot comes from the draft's ``skeleton`` (stable per poster, so one poster's ads are
near-duplicates); spelling and decoration come from ``style_seed``. :func:`edit_escort` makes the
edits real ads go through between captures: an age raised (17 -> 19), a phone swapped, a rewording,
an indicator phrase removed, a price or photo change.
"""

from __future__ import annotations

import random
import zlib

from threadline.simulate.clock import day_month
from threadline.simulate.facts import FactSheet, style_bits, tidy
from threadline.simulate.lexicon import HAIR, PELO
from threadline.simulate.model import Content, Draft, Person, evolve
from threadline.simulate.phrases import BANKS, EMOJI, HORAS, HOURS, ORDERS_FIRST, ORDERS_THIRD, SLOTS
from threadline.simulate.spelling import PLAIN_STYLES, phone_box

SK = {slot: i for i, slot in enumerate(SLOTS)}
ORDER = len(SLOTS)  # skeleton index of the slot-order template
SKELETON_LEN = len(SLOTS) + 1
# How render_escort writes each slot of an order: most fill one phrase of the bank, under a key
# that may depend on the draft (below); the rest are written by _line.
_FIXED, _FLAG, _AVAIL, _STATS, _SCREEN, _CONTACT, _AGE, _OTHER = range(8)
_CODES = {
    "greet": _FIXED,
    "about": _FIXED,
    "youth": _FLAG,  # indicator phrases: only when the draft has the indicator
    "new_in_town": _FLAG,
    "no_le": _FLAG,
    "cash_only": _FLAG,
    "avail": _AVAIL,
    "stats": _STATS,
    "screen": _SCREEN,
    "contact": _CONTACT,
    "age": _AGE,
}
_ORDERS = {
    third: tuple(tuple((slot, _CODES.get(slot, _OTHER)) for slot in order) for order in orders)
    for third, orders in ((False, ORDERS_FIRST), (True, ORDERS_THIRD))
}
_STATS_AT = SK["stats"]
# What a phrase needs from the draft besides the city and hours (bits), once per phrase of the banks.
_NAME, _NAMES, _AGE, _PHONE, _PHONE2, _BODY, _UNTIL = (1 << i for i in range(7))
_FIELDS = (
    ("{name}", _NAME),
    ("{names}", _NAMES),
    ("{age}", _AGE),
    ("{phone}", _PHONE),
    ("{phone2}", _PHONE2),
    ("{height}", _BODY),
    ("{until}", _UNTIL),
)
_NEEDS = {t: sum(bit for f, bit in _FIELDS if f in t) for b in BANKS.values() for opts in b.values() for t in opts}
# Phrases that need nothing else record no facts and read the same in every ad of a city: filled once.
_PLAIN: dict[tuple[str, str, str], str] = {}


def _stats(person: Person) -> tuple[str, int, int]:
    """Stable height/weight/hair for a person (crc32, not hash(): str hashes vary per process)."""
    h = zlib.crc32(person.person_id.encode())
    return f"5'{h % 9 + 1}", 105 + (h >> 4) % 50, (h >> 10) % 6


def _rates(sheet: FactSheet, d: Draft, variant: int, spanish: bool) -> str:
    cur = d.place.currency
    hr = d.rate
    hh = max(60, round(hr * 0.62 / 10) * 10)
    qv = max(40, round(hr * 0.4 / 10) * 10)
    p = sheet.price
    # Only the chosen wording is written, so only its prices are recorded in the facts.
    if spanish:
        v = variant % 4
        if v == 0:
            return f"{p(hh, cur, 30)} dólares media hora, {p(hr, cur, 60)} la hora"
        if v == 1:
            return f"Tarifa: ${p(hr, cur, 60)} la hora"
        if v == 2:
            return f"Media hora ${p(hh, cur, 30)} / hora ${p(hr, cur, 60)}"
        return f"${p(qv, cur, 15)} rapidito, ${p(hh, cur, 30)} media hora"
    v = variant % 7
    if v == 0:
        return f"Rates: {p(hh, cur, 30)} hh / {p(hr, cur, 60)} hr"
    if v == 1:
        return f"qv {p(qv, cur, 15)} / hh {p(hh, cur, 30)} / hr {p(hr, cur, 60)}"
    if v == 2:
        return f"${p(hr, cur, 60)} per hour"
    if v == 3:
        return f"{p(hr, cur, 60)} roses"
    if v == 4:
        return f"30 min ${p(hh, cur, 30)}, 60 min ${p(hr, cur, 60)}"
    if v == 5:
        return f"Specials: ${p(hh, cur, 30)} half hour"
    return f"{p(hh, cur, 30)} hh specials"


def _pick(bank: dict[str, tuple[str, ...]], slot: str, sk: tuple[int, ...]) -> str:
    options = bank[slot]
    return options[sk[SK[slot]] % len(options)]


def render_escort(d: Draft, boxes: frozenset[str]) -> Content:
    poster = d.poster
    third = poster.kind == "trafficking"
    spanish = poster.language == "es"
    bank = BANKS[(poster.language, third)]
    sk = d.skeleton
    bits = style_bits(d.style_seed, 8)  # fixed count: see spelling.py
    sheet = FactSheet()
    for person in d.persons:
        sheet.person(person.person_id)
    style = poster.phone_styles[bits[5] % len(poster.phone_styles)]
    first = d.persons[0]
    city = d.place.city.name
    hour_bank = HORAS if spanish else HOURS
    hours = hour_bank[sk[SK["hours"]] % len(hour_bank)]

    def fill(template: str, needs: int) -> str:  # records the facts it writes, always in this order
        if not needs:
            key = (template, city, hours)
            text = _PLAIN.get(key)
            if text is None:
                text = _PLAIN[key] = tidy(template.format_map({"city": city, "hours": hours}))
            return text
        kw: dict[str, str] = {"city": city, "hours": hours}
        if needs & _NAME:
            kw["name"] = sheet.name(first.name)
        if needs & _NAMES:
            names = [sheet.name(p.name) for p in d.persons]
            joiner = " y " if spanish else " & "
            kw["names"] = ", ".join(names[:-1]) + joiner + names[-1] if len(names) > 1 else names[0]
        if needs & _AGE:
            kw["age"] = sheet.age(d.ages[0])
        if needs & _PHONE:
            kw["phone"] = sheet.phone(d.phones[0], style, bits[0])
        if needs & _PHONE2:
            kw["phone2"] = sheet.phone(d.phones[1], style, bits[1])
        if needs & _BODY:
            height, weight, hair = _stats(first)
            kw.update(height=height, weight=str(weight), hair=(PELO if spanish else HAIR)[hair % 4])
        if needs & _UNTIL and d.visiting_until is not None:
            kw["from"] = day_month(d.posted_at, spanish=spanish)
            kw["until"] = day_month(d.visiting_until, spanish=spanish)
        return tidy(template.format_map(kw))

    title_t = _pick(bank, "title", sk)
    needs = _NEEDS[title_t]
    if needs & _PHONE:
        # Titles print the number plainly far more often than the body does.
        title_t = title_t.replace("{phone}", sheet.phone(d.phones[0], PLAIN_STYLES[bits[2] % 4], bits[2]))
        needs &= ~_PHONE
    title = fill(title_t, needs)
    if poster.emoji:
        mark = EMOJI[bits[6] % len(EMOJI)]
        title = f"{mark} {title} {mark}" if bits[6] & 64 else f"{title} {mark}"

    lines: list[str] = []
    indicators = d.indicators
    touring = d.visiting_until is not None and not third
    for slot, code in _ORDERS[third][sk[ORDER] % 3]:
        if code == _FIXED:
            key = slot
        elif code == _FLAG:
            if slot not in indicators:
                continue
            key = slot
        elif code == _AVAIL:
            key = "tour" if touring else "avail"
        elif code == _STATS:
            if not sk[_STATS_AT] % 3:
                continue
            key = "stats"
        elif code == _SCREEN:
            key = "no_le" if "no_le" in indicators else "screen"
        elif code == _CONTACT:
            key = "two_phones" if third and len(d.phones) > 1 else "contact"
        elif code == _AGE and not third:
            key = "age"
        else:
            line = _line(slot, d, bank, sk, sheet, bits, spanish, third)
            if line:
                lines.append(line)
            continue
        options = bank[key]
        template = options[sk[SK[key]] % len(options)]
        line = fill(template, _NEEDS[template])
        if line:
            lines.append(line)
    shown: list[tuple[str, str]] = []
    if "age" in boxes:
        shown.append(("age", sheet.age(max(18, d.ages[0]))))
    if "phone" in boxes and d.phones:
        sheet.phone_seen(d.phones[0])
        shown.append(("phone", phone_box(d.phones[0])))
    return Content(tidy(title), tuple(lines), tuple(shown), d.images, sheet.freeze())


def _line(
    slot: str,
    d: Draft,
    bank: dict[str, tuple[str, ...]],
    sk: tuple[int, ...],
    sheet: FactSheet,
    bits: tuple[int, ...],
    spanish: bool,
    third: bool,
) -> str:
    """The slots that are not one phrase of the bank: a network's ages, rates, socials, payment, email."""
    poster = d.poster
    if slot == "age":  # third person: one phrase per featured person
        parts = []
        for person, age in zip(d.persons, d.ages, strict=True):
            t = _pick(bank, "age", sk)
            parts.append(t.format(name=sheet.name(person.name), age=sheet.age(age)))
        return " / ".join(parts)
    if slot == "rates":
        return _rates(sheet, d, sk[SK["rates"]], spanish)
    if slot == "socials" and poster.handles:
        return " | ".join(sheet.handle(s, v, bits[3] >> (4 * i)) for i, (s, v) in enumerate(poster.handles))
    if slot == "pay" and poster.payment:
        service, value = poster.payment[0]
        tag = sheet.pay(service, value, bits[4])
        return f"Depósito por {tag}." if spanish else f"Deposit via {tag} required."
    if slot == "email" and poster.email:
        return ("Correo: " if spanish else "Email: ") + sheet.email(poster.email, bits[7], spanish=spanish)
    return ""


def edit_escort(d: Draft, rng: random.Random) -> tuple[Draft, str] | None:
    """One realistic edit of a companion ad, or None when this draft admits none of the drawn kind."""
    poster = d.poster
    minors = [i for i, a in enumerate(d.ages) if a < 18]
    if minors:  # an under-18 age is what gets edited first, by the poster or a moderator's nudge
        ages = list(d.ages)
        for i in minors:
            ages[i] = rng.choice((18, 19, 19, 20))
        return evolve(d, ages=tuple(ages)), "age_raised"
    kind = rng.choices(
        ("reworded", "price_changed", "photos_changed", "phone_swapped", "age_raised", "indicator_removed"),
        (0.3, 0.2, 0.15, 0.15, 0.1, 0.1)
        if poster.kind == "independent"
        else (0.2, 0.1, 0.1, 0.3, 0.15, 0.15),
    )[0]
    if kind == "reworded":
        sk = list(d.skeleton)
        for _ in range(rng.randint(2, 4)):
            sk[
                rng.choice((SK["greet"], SK["about"], SK["avail"], SK["title"], SK["rates"], SK["contact"]))
            ] += 1
        return evolve(d, skeleton=tuple(sk), style_seed=rng.getrandbits(48)), kind
    if kind == "price_changed":
        return evolve(d, rate=max(80, d.rate + rng.choice((-40, -20, 20, 30, 50)))), kind
    if kind == "photos_changed":
        # A new photo replaces the lead one; stems are file names shared across sites and reposts.
        return evolve(d, images=(f"{rng.getrandbits(48):012x}", *d.images[1:])), kind
    if kind == "phone_swapped":
        others = [p for p in poster.phones if p not in d.phones]
        if not others:
            return None
        return evolve(d, phones=(rng.choice(others), *d.phones[1:])), kind
    if kind == "age_raised":
        i = rng.randrange(len(d.ages))
        ages = list(d.ages)
        ages[i] = min(45, ages[i] + rng.randint(1, 3))
        return evolve(d, ages=tuple(ages)), kind
    present = sorted(d.indicators & {"no_le", "youth", "new_in_town", "cash_only"})
    if not present:
        return None
    return evolve(d, indicators=d.indicators - {rng.choice(present)}), "indicator_removed"
