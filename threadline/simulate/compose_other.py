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
from threadline.simulate.phrases import SPA_HOURS
from threadline.simulate.phrases_other import CAR_FEATURES, CLASSIFIED, GOODS_CONDITION, SPA, SPA_AMENITIES, SPAM
from threadline.simulate.spelling import PLAIN_STYLES, phone_box
from threadline.simulate.wording import Parts, assemble, choose


def _sk(d: Draft, i: int, n: int) -> int:
    return d.skeleton[i] % n


def _say(d: Draft, i: int, parts: Parts, **slots: object) -> str:
    """The poster's own wording of one sentence (skeleton value ``i``), its slots filled."""
    return assemble(d.skeleton[i], parts).format(**slots)


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
    title = _say(d, 0, SPA["title"], business=poster.business, city=city)
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
    phone = sheet.phone(d.phones[0], style, bits[1])
    body = [
        _say(d, 2, SPA["about"]),
        _say(d, 3, SPA["staff"], staff=staff_text),
        _say(d, 4, SPA["hours"], open=SPA_HOURS[_sk(d, 5, 4)]),
        " ".join(choose(d.skeleton[8], SPA_AMENITIES, 2)),
        f"{poster.address}, {city}",
        rates,
        _say(d, 6, SPA["contact"], phone=phone),
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
    """Spam is identical in every city (the city is deliberately absent from the text); each spam
    crew has its own script, written the same way in all its ads."""
    poster = d.poster
    sheet = FactSheet()
    persona = d.persons[0]
    sheet.person(persona.person_id)
    name = sheet.name(persona.name)
    link = f"https://{poster.link}/r/{d.skeleton[7] % 9000 + 1000}"
    title = assemble(d.skeleton[0], SPAM["title"])
    if "{age}" in title:
        sheet.age(d.ages[0])
    title = title.format(name=name, age=d.ages[0])
    service, value = poster.payment[0]
    body = [
        _say(d, 1, SPAM["greet"], name=name),
        _say(d, 2, SPAM["verify"], link=link),
        _say(d, 3, SPAM["fee"], pay=sheet.pay(service, value, d.skeleton[4])),
    ]
    for i, (svc, val) in enumerate(poster.handles):
        body.append(sheet.handle(svc, val, d.skeleton[9 + i]))
    if poster.email:
        body.append(_say(d, 5, SPAM["email"], email=sheet.email(poster.email, d.skeleton[12])))
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
    where = _say(d, 6, CLASSIFIED["where"], where=NEIGHBOURHOODS[_sk(d, 1, len(NEIGHBOURHOODS))])
    shown: list[tuple[str, str]] = []
    if poster.goods_kind == "furniture":
        item, detail, _, _, attr = FURNITURE[d.item % len(FURNITURE)]
        w, dp, h = 30 + d.skeleton[2] % 50, 14 + d.skeleton[3] % 20, 18 + d.skeleton[4] % 40
        title = f"{item} - ${sheet.price(d.rate, cur, None)}" if _sk(d, 0, 2) else item
        body = [
            f"{item}, {detail}.",
            " ".join(choose(d.skeleton[8], GOODS_CONDITION, 2)),
            _say(d, 9, CLASSIFIED["dimensions"], w=w, dp=dp, h=h),
            _say(d, 10, CLASSIFIED["goods_price"], price=sheet.price(d.rate, cur, None)),
            where,
            _say(d, 11, CLASSIFIED["goods_contact"], phone=phone),
        ]
        extra = [attr]
    elif poster.goods_kind == "cars":
        make, model = CARS[d.item % len(CARS)]
        year = 2004 + d.skeleton[2] % 13
        miles = 40_000 + (d.skeleton[3] % 150) * 1_000
        title = f"{year} {make} {model}"
        features = choose(d.skeleton[8], CAR_FEATURES, 3)
        body = [
            f"{year} {make} {model}, {miles:,} miles, {assemble(d.skeleton[9], CLASSIFIED['car_title'])}.",
            f"{features[0].capitalize()}, {features[1]}, {features[2]}.",
            _say(d, 10, CLASSIFIED["car_price"], price=f"{sheet.price(d.rate, cur, None):,}"),
            where,
            _say(d, 11, CLASSIFIED["car_contact"], phone=phone),
        ]
        extra = [("make", make), ("model", model), ("year", str(year))]
    else:
        job, employer, lo, hi = JOBS[d.item % len(JOBS)]
        title = f"{job} needed - {employer}"
        # Wages are money but not an ad price: they stay out of the truth's prices on purpose.
        body = [
            _say(d, 9, CLASSIFIED["job_open"], job=job.lower(), employer=employer, city=d.place.city.name),
            f"Pay ${lo}-{hi}/hr, {assemble(d.skeleton[10], CLASSIFIED['job_shift'])} {where}",
            _say(
                d, 11, CLASSIFIED["job_apply"], number=100 + d.skeleton[2] % 9800, address=poster.address, phone=phone
            ),
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
