"""Writes the other ad kinds: massage businesses, spam/scam posts and ordinary classifieds.

Spas have a street address, opening hours and a changing roster of staff names. Spam repeats one
text word for word in many cities with a link and no phone: a trap for naive text-similarity
linking. Classifieds (furniture, cars, jobs) are the negatives, full of numbers that are not phones:
dimensions, years, mileage, wages and times.
"""

from __future__ import annotations

import random

from threadline.simulate.facts import FactSheet, style_bits, tidy
from threadline.simulate.lexicon import CARS, FURNITURE, JOBS, NEIGHBOURHOODS
from threadline.simulate.model import Content, Draft, evolve
from threadline.simulate.phrases import SPA_HOURS, SPA_LINES
from threadline.simulate.spelling import PLAIN_STYLES, phone_box


def _sk(d: Draft, i: int, n: int) -> int:
    return d.skeleton[i] % n


def render_spa(d: Draft, boxes: frozenset[str]) -> Content:
    poster = d.poster
    bits = style_bits(d.style_seed, 3)
    sheet = FactSheet()
    staff = [sheet.name(p.name) for p in d.persons]
    for p in d.persons:
        sheet.person(p.person_id)
    city = d.place.city.name
    cur = d.place.currency
    hh = max(40, round(d.rate * 0.65 / 5) * 5)
    title = SPA_LINES["title"][_sk(d, 0, 5)].format(business=poster.business, city=city)
    staff_text = ", ".join(staff[:-1]) + " and " + staff[-1] if len(staff) > 1 else staff[0]
    price = sheet.price
    wording = _sk(d, 1, 3)  # only the chosen wording records its prices
    if wording == 0:
        rates = f"60 min ${price(d.rate, cur, 60)} | 30 min ${price(hh, cur, 30)}"
    elif wording == 1:
        rates = f"1 hr ${price(d.rate, cur, 60)}, 1/2 hr ${price(hh, cur, 30)}"
    else:
        rates = f"Special: 60 min ${price(d.rate, cur, 60)}"
    style = poster.phone_styles[bits[0] % len(poster.phone_styles)]
    body = [
        SPA_LINES["about"][_sk(d, 2, 4)],
        SPA_LINES["staff"][_sk(d, 3, 3)].format(staff=staff_text),
        SPA_LINES["hours"][_sk(d, 4, 3)].format(open=SPA_HOURS[_sk(d, 5, 4)]),
        f"{poster.address}, {city}",
        rates,
        SPA_LINES["contact"][_sk(d, 6, 3)].format(phone=sheet.phone(d.phones[0], style, bits[1])),
    ]
    if "new_in_town" in d.indicators:
        body.insert(2, "New girls every week.")
    shown: list[tuple[str, str]] = []
    if "address" in boxes:
        shown.append(("address", poster.address))
    if "phone" in boxes:
        sheet.phone_seen(d.phones[0])
        shown.append(("phone", phone_box(d.phones[0])))
    return Content(tidy(title), tuple(tidy(x) for x in body), tuple(shown), d.images, sheet.freeze())


def render_spam(d: Draft, boxes: frozenset[str]) -> Content:
    """Spam is identical in every city: the city is deliberately absent from the text."""
    poster = d.poster
    sheet = FactSheet()
    persona = d.persons[0]
    sheet.person(persona.person_id)
    name = sheet.name(persona.name)
    link = f"https://{poster.link}/r/{d.skeleton[7] % 9000 + 1000}"
    titles = (
        "Tired of fake ads? Meet verified real companions",
        "100% real - verify here first",
        "Real girls only, no fakes - {name}",
        "Verified and discreet - {name} {age}",
    )
    title = titles[_sk(d, 0, 4)].format(name=name, age=d.ages[0])
    if "{age}" in titles[_sk(d, 0, 4)]:
        sheet.age(d.ages[0])
    body = [
        f"Hi, I'm {name}, real and verified.",
        (
            "Too many fake ads here. Verify you are real at {link} and I will text you back.",
            "Before we meet, complete the quick safety check at {link}",
            "No fakes, no games. Get verified at {link}",
        )[_sk(d, 1, 3)].format(link=link),
    ]
    service, value = poster.payment[0]
    body.append(f"Verification fee $20 by {sheet.pay(service, value, d.skeleton[2])}.")
    for i, (svc, val) in enumerate(poster.handles):
        body.append(sheet.handle(svc, val, d.skeleton[3 + i]))
    if poster.email:
        body.append("Email " + sheet.email(poster.email, d.skeleton[5]))
    shown: list[tuple[str, str]] = []
    if "age" in boxes:
        shown.append(("age", sheet.age(d.ages[0])))
    return Content(tidy(title), tuple(tidy(x) for x in body), tuple(shown), d.images, sheet.freeze())


def render_classified(d: Draft, boxes: frozenset[str]) -> Content:
    poster = d.poster
    bits = style_bits(d.style_seed, 3)
    sheet = FactSheet()
    cur = d.place.currency
    style = PLAIN_STYLES[bits[0] % 5] if bits[0] & 0x300 else poster.phone_styles[0]
    phone = sheet.phone(d.phones[0], style, bits[1])
    where = NEIGHBOURHOODS[_sk(d, 1, len(NEIGHBOURHOODS))]
    shown: list[tuple[str, str]] = []
    if poster.goods_kind == "furniture":
        item, detail, _, _, attr = FURNITURE[d.item % len(FURNITURE)]
        w, dp, h = 30 + d.skeleton[2] % 50, 14 + d.skeleton[3] % 20, 18 + d.skeleton[4] % 40
        title = f"{item} - ${sheet.price(d.rate, cur, None)}" if _sk(d, 0, 2) else item
        body = [
            f"{item}, {detail}.",
            f"Dimensions {w} x {dp} x {h} in.",
            f"${sheet.price(d.rate, cur, None)} OBO, cash only.",
            f"Pickup only, {where}.",
            f"Call or text {phone}",
        ]
        extra = [attr]
    elif poster.goods_kind == "cars":
        make, model = CARS[d.item % len(CARS)]
        year = 2004 + d.skeleton[2] % 13
        miles = 40_000 + (d.skeleton[3] % 150) * 1_000
        title = f"{year} {make} {model}"
        body = [
            f"{year} {make} {model}, {miles:,} miles, clean title.",
            "Runs great, new tires, cold AC.",
            f"Asking ${sheet.price(d.rate, cur, None):,}.",
            f"Located {where}.",
            f"Call {phone} after 5pm.",
        ]
        extra = [("make", make), ("model", model), ("year", str(year))]
    else:
        job, employer, lo, hi = JOBS[d.item % len(JOBS)]
        title = f"{job} needed - {employer}"
        # Wages are money but not an ad price: they stay out of the truth's prices on purpose.
        body = [
            f"Now hiring a {job.lower()} for a busy {employer} in {d.place.city.name}.",
            f"Pay ${lo}-{hi}/hr, full time, Mon-Fri 7am-3:30pm. Located {where}.",
            f"Apply in person at {100 + d.skeleton[2] % 9800} {poster.address} or call {phone}.",
        ]
        extra = [("compensation", f"${lo}-{hi}/hr"), ("employment", "full-time")]
    if poster.email:
        body.append("Email: " + sheet.email(poster.email, bits[2]))
    if poster.goods_kind != "jobs" and "price" in boxes:
        shown.append(("price", f"${d.rate:,}"))
        sheet.price(d.rate, cur, None)
    shown.extend(kv for kv in extra if kv[0] in boxes)
    return Content(tidy(title), tuple(tidy(x) for x in body), tuple(shown), d.images, sheet.freeze())


def edit_other(d: Draft, rng: random.Random) -> tuple[Draft, str] | None:
    """Edits of spa, spam and classified ads."""
    kind = d.poster.kind
    if kind == "spa":
        choice = rng.choice(("staff_changed", "staff_changed", "price_changed", "reworded"))
        if choice == "staff_changed":
            pool = [p for p in d.poster.persons if p not in d.persons]
            if not pool:
                return None
            return evolve(d, persons=(*d.persons[1:], rng.choice(pool))), choice
    elif kind == "spam":
        choice = rng.choice(("link_changed", "reworded"))
        if choice == "link_changed":
            sk = list(d.skeleton)
            sk[7] += 1 + rng.randrange(500)
            return evolve(d, skeleton=tuple(sk)), choice
    else:
        choice = rng.choice(("price_changed", "price_changed", "reworded"))
    if choice == "price_changed":
        drop = max(5, round(d.rate * rng.uniform(0.05, 0.2) / 5) * 5)
        return evolve(d, rate=max(10, d.rate - drop)), choice
    sk = list(d.skeleton)
    sk[rng.randrange(0, 2)] += 1
    return evolve(d, skeleton=tuple(sk), style_seed=rng.getrandbits(48)), "reworded"
