"""Creates the posters of the world, one kind at a time, each from its own random stream.

Sizes are heavy-tailed (log-normal ads per poster): most independents place a handful of ads, a few
place a hundred; trafficking networks and spas place many. Where a poster advertises over time is
its ``route``: home for independents (with occasional tours to a nearby city), a circuit of
consecutive nearby cities for networks, dozens of unrelated cities for spam.
"""

from __future__ import annotations

import random

from threadline.simulate.accounts import AccountPool
from threadline.simulate.geo import WorldMap
from threadline.simulate.lexicon import (
    DIRECTIONS,
    FURNITURE,
    SPA_KINDS,
    SPA_WORDS,
    SPAM_BRANDS,
    SPAM_PERSONAS,
    STAFF_NAMES,
    STAGE_NAMES_EN,
    STAGE_NAMES_ES,
    STREETS,
)
from threadline.simulate.model import Person, Poster
from threadline.simulate.phonepool import PhonePool
from threadline.simulate.sites import Kind
from threadline.simulate.spelling import PLAIN_STYLES
from threadline.simulate.traits import (
    ADS_PER_POSTER,
    PosterBase,
    active_window,
    assemble,
    handle,
    lognormal_int,
    photos,
    route_of,
    sites_of,
    spelling_habits,
)

# Share of posters by kind; the ads each places (traits.ADS_PER_POSTER) give the share of versions.
KIND_MIX: tuple[tuple[Kind, float], ...] = (
    ("independent", 0.42),
    ("trafficking", 0.07),
    ("spa", 0.05),
    ("spam", 0.04),
    ("classified", 0.42),
)


def make_poster(
    rng: random.Random, world: WorldMap, pool: PhonePool, accounts: AccountPool, poster_id: str, kind: Kind
) -> Poster:
    """One poster of ``kind`` with identity, phones, people, route and size."""
    spanish = kind in ("independent", "trafficking") and rng.random() < (0.15 if kind == "independent" else 0.25)
    language = "es" if spanish else "en"
    home = world.pick(rng, spanish=spanish)
    home_site, cross = sites_of(rng, kind, language)
    median, sigma, most = ADS_PER_POSTER[kind]
    b = PosterBase(
        poster_id,
        kind,
        language,
        home,
        home_site,
        cross,
        active_window(rng, kind),
        lognormal_int(rng, median, sigma, 1, most),
        rng.choice(("com", "org", "net")),
    )
    if kind == "independent":
        return _independent(rng, world, pool, b, accounts)
    if kind == "trafficking":
        return _network(rng, world, pool, b, accounts)
    if kind == "spa":
        return _spa(rng, pool, b, accounts)
    if kind == "spam":
        return _spam(rng, world, b, accounts)
    return _classified(rng, pool, b, accounts)


def _independent(rng: random.Random, world: WorldMap, pool: PhonePool, b: PosterBase, accounts: AccountPool) -> Poster:
    name = rng.choice(STAGE_NAMES_ES if b.language == "es" else STAGE_NAMES_EN)
    person = Person(f"{b.poster_id}-p1", name, rng.randint(19, 36), False, photos(rng, rng.randint(3, 5)))
    phones = [pool.take(b.home, local=rng.random() < 0.85)]
    if rng.random() < 0.15:  # a second number she switches to at some point
        phones.append(pool.take(b.home))
    handles = [
        (s, handle(rng, accounts, name, s))
        for s, p in (
            ("snapchat", 0.3),
            ("instagram", 0.25),
            ("twitter", 0.1),
            ("onlyfans", 0.1),
            ("kik", 0.05),
            ("telegram", 0.05),
        )
        if rng.random() < p
    ]
    if rng.random() < (0.25 if b.language == "es" else 0.08):
        handles.append(("whatsapp", "+1" + phones[0]))
    return assemble(
        rng,
        b,
        accounts,
        phones=phones,
        styles=spelling_habits(rng, b.language, 0.3),
        persons=(person,),
        handles=handles,
        stem=name.lower(),
        email_p=0.35,
        pay_p=0.3,
        emoji_p=0.4,
        route=route_of(rng, world, b),
    )


def _network(rng: random.Random, world: WorldMap, pool: PhonePool, b: PosterBase, accounts: AccountPool) -> Poster:
    picked = rng.sample(STAGE_NAMES_ES if b.language == "es" else STAGE_NAMES_EN, rng.randint(2, 5))
    youth = rng.randrange(len(picked)) if rng.random() < 0.3 else -1
    persons = tuple(
        Person(
            f"{b.poster_id}-p{i + 1}",
            nm,
            rng.randint(18, 19) if i == youth else rng.randint(19, 27),
            i == youth,
            photos(rng, rng.randint(2, 4)),
        )
        for i, nm in enumerate(picked)
    )
    # Controllers buy several prepaid phones in their home market and rotate them.
    phones = [pool.take(b.home) for _ in range(rng.randint(2, 6))]
    handles = [("snapchat", handle(rng, accounts, picked[0], "snapchat"))] if rng.random() < 0.1 else []
    if rng.random() < (0.25 if b.language == "es" else 0.08):
        handles.append(("whatsapp", "+1" + phones[0]))
    return assemble(
        rng,
        b,
        accounts,
        phones=phones,
        styles=spelling_habits(rng, b.language, 0.55),
        persons=persons,
        handles=handles,
        stem=picked[0].lower(),
        email_p=0.15,
        pay_p=0.1,
        emoji_p=0.6,
        route=route_of(rng, world, b),
    )


def _spa(rng: random.Random, pool: PhonePool, b: PosterBase, accounts: AccountPool) -> Poster:
    staff = rng.sample(STAFF_NAMES, rng.randint(6, 10))
    persons = tuple(
        Person(f"{b.poster_id}-p{i + 1}", nm, rng.randint(24, 45), False, photos(rng, 1)) for i, nm in enumerate(staff)
    )
    phones = [pool.take(b.home) for _ in range(rng.randint(1, 2))]
    suite = f" Suite {rng.randint(1, 30) * 10 + rng.randint(0, 9)}" if rng.random() < 0.5 else ""
    address = f"{rng.randint(100, 9899)} {rng.choice(DIRECTIONS)}{rng.choice(STREETS)}{suite}"
    return assemble(
        rng,
        b,
        accounts,
        phones=phones,
        styles=(rng.choice(PLAIN_STYLES),),
        persons=persons,
        handles=[],
        stem="",
        email_p=0.0,
        pay_p=0.0,
        emoji_p=0.1,
        route=((b.window[0], b.home.index),),
        business=f"{rng.choice(SPA_WORDS)} {rng.choice(SPA_KINDS)}",
        address=address,
    )


def _spam(rng: random.Random, world: WorldMap, b: PosterBase, accounts: AccountPool) -> Poster:
    name = rng.choice(SPAM_PERSONAS)
    persons = (Person(f"{b.poster_id}-p1", name, rng.randint(21, 26), False, ()),)
    handles = [("telegram", handle(rng, accounts, name, "telegram"))]
    if rng.random() < 0.4:
        handles.append(("kik", handle(rng, accounts, name, "kik")))
    # Many unrelated cities, visited in quick succession by a posting bot.
    cities = sorted({world.pick(rng).index for _ in range(rng.randint(10, 40))})
    rng.shuffle(cities)
    span = max(1, b.window[1] - b.window[0])
    route = tuple((b.window[0] + span * i // len(cities), c) for i, c in enumerate(cities))
    payment = (("cashapp", accounts.claim("pay", lambda: f"{rng.choice(SPAM_BRANDS)}{rng.randint(10, 999)}")),)
    return assemble(
        rng,
        b,
        accounts,
        phones=[],
        styles=("dash",),
        persons=persons,
        handles=handles,
        stem=name.lower(),
        email_p=0.5,
        pay_p=0.0,
        emoji_p=0.0,
        route=route,
        payment=payment,
        link=accounts.claim("link", lambda: f"{rng.choice(SPAM_BRANDS)}{rng.randint(2, 99)}", ".example"),
    )


def _classified(rng: random.Random, pool: PhonePool, b: PosterBase, accounts: AccountPool) -> Poster:
    goods_kind = rng.choice(("furniture", "furniture", "cars", "jobs"))
    goods = tuple(rng.randrange(len(FURNITURE) * 4) for _ in range(rng.randint(1, 3)))
    phones = [pool.take(b.home, local=rng.random() < 0.9)]
    return assemble(
        rng,
        b,
        accounts,
        phones=phones,
        styles=spelling_habits(rng, "en", 0.08),
        persons=(),
        handles=[],
        stem=f"seller{rng.randint(10, 99)}",
        email_p=0.3,
        pay_p=0.0,
        emoji_p=0.0,
        route=((b.window[0], b.home.index),),
        goods=goods,
        goods_kind=goods_kind,
        address=rng.choice(STREETS),
    )
