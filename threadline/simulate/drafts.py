"""First drafts of new ads, per poster kind, and the render/edit dispatch over kinds.

A first draft decides who is advertised, which phone is shown (networks rotate theirs), the rate
for the city, which indicator phrases appear and which photos are used. Later versions are edits
of it (see ``compose_*.edit_*``). :func:`render_key` says when two drafts of one poster render
alike, so reposts and cross-posts reuse the content they already have.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from threadline.simulate.clock import DAY
from threadline.simulate.compose_escort import SK, edit_escort, render_escort
from threadline.simulate.compose_other import edit_other, render_classified, render_spa, render_spam
from threadline.simulate.geo import Place
from threadline.simulate.lexicon import CARS, FURNITURE
from threadline.simulate.model import Content, Draft, Person, Poster

Renderer = Callable[[Draft, frozenset[str]], Content]
Editor = Callable[[Draft, random.Random], tuple[Draft, str] | None]

RENDER: dict[str, Renderer] = {
    "independent": render_escort,
    "trafficking": render_escort,
    "spa": render_spa,
    "spam": render_spam,
    "classified": render_classified,
}
EDIT: dict[str, Editor] = {
    "independent": edit_escort,
    "trafficking": edit_escort,
    "spa": edit_other,
    "spam": edit_other,
    "classified": edit_other,
}


def render_key(d: Draft, boxes: frozenset[str]) -> tuple[object, ...]:
    """Everything a renderer reads from a draft besides its poster: within one poster's ads, equal
    keys render equal content. (The posting time only shows in a touring ad's dates; the people
    are the poster's own objects, so their identities stand for them and spare hashing them.)"""
    until = d.visiting_until
    return (
        d.place.index,
        tuple(map(id, d.persons)),
        d.ages,
        d.phones,
        d.rate,
        d.skeleton,
        d.style_seed,
        d.indicators,
        d.images,
        until,
        None if until is None else d.posted_at,
        d.item,
        boxes,
    )


# Stock photos lifted from the web: shared by all spam and a few others (an image-linking trap).
STOCK_PHOTOS = tuple(f"{0x5A0C_0000_0000 + n * 7_919:012x}" for n in range(24))


def category_of(poster: Poster) -> str:
    if poster.kind == "classified":
        return poster.goods_kind
    return "massage" if poster.kind == "spa" else "companions"


def _rate(base: float, place: Place, poster: Poster, step: int = 10) -> int:
    return max(step, round(base * place.price_level * poster.tier / step) * step)


def new_draft(poster: Poster, place: Place, posted_at: int, index: int, rng: random.Random) -> Draft:
    """The first version of ``poster``'s ``index``-th ad, placed in ``place`` at ``posted_at``."""
    kind = poster.kind
    start = poster.window[0]
    seed = rng.getrandbits(48)

    def draft(
        persons: tuple[Person, ...],
        phones: tuple[str, ...],
        rate: int,
        indicators: frozenset[str],
        images: tuple[str, ...],
        *,
        skeleton: tuple[int, ...] = poster.skeleton,
        ages: tuple[int, ...] | None = None,
        visiting_until: int | None = None,
        item: int = 0,
    ) -> Draft:
        return Draft(
            poster,
            place,
            category_of(poster),
            persons,
            tuple(p.age for p in persons) if ages is None else ages,
            phones,
            rate,
            skeleton,
            seed,
            indicators,
            images,
            posted_at,
            visiting_until,
            item,
        )

    if kind == "independent":
        person = poster.persons[0]
        mid = (poster.window[0] + poster.window[1]) // 2
        phone = poster.phones[-1] if posted_at >= mid else poster.phones[0]
        touring = place.index != poster.home.index
        indicators = {"no_le"} if poster.skeleton[SK["no_le"]] % 3 == 0 else set()
        if touring or rng.random() < 0.08:
            indicators.add("new_in_town")
        photos = person.photos[: rng.randint(2, len(person.photos))]
        if rng.random() < 0.04:
            photos = (*photos, rng.choice(STOCK_PHOTOS))
        return draft(
            (person,),
            (phone,),
            _rate(220, place, poster),
            frozenset(indicators),
            photos,
            visiting_until=posted_at + rng.randint(2, 4) * DAY if touring else None,
        )
    if kind == "trafficking":
        featured = tuple(rng.sample(poster.persons, 2 if rng.random() < 0.35 else 1))
        ages = tuple(17 if p.youth and rng.random() < 0.35 else p.age for p in featured)
        slot = (posted_at - start) // (5 * DAY) + rng.randrange(2)  # phones rotate about weekly
        phones: tuple[str, ...] = (poster.phones[slot % len(poster.phones)],)
        if rng.random() < 0.25:
            phones = (*phones, poster.phones[(slot + 1) % len(poster.phones)])
        indicators = {
            name for name, p in (("new_in_town", 0.7), ("no_le", 0.5), ("cash_only", 0.3)) if rng.random() < p
        }
        if any(p.youth for p in featured) and rng.random() < 0.85:
            indicators.add("youth")
        sk = list(poster.skeleton)
        if rng.random() < 0.3:  # same template, a different headline now and then
            sk[SK["title"]] += rng.randint(1, 3)
        photos = tuple(s for p in featured for s in p.photos)
        return draft(
            featured,
            phones,
            _rate(180, place, poster),
            frozenset(indicators),
            photos,
            skeleton=tuple(sk),
            ages=ages,
        )
    if kind == "spa":
        roster = poster.persons
        first = (posted_at - start) // (12 * DAY)  # the roster changes every couple of weeks
        staff = tuple(roster[(first + i) % len(roster)] for i in range(rng.randint(2, 4)))
        flags = frozenset({"new_in_town"}) if rng.random() < 0.3 else frozenset()
        return draft(
            staff,
            (poster.phones[index % len(poster.phones)],),
            _rate(70, place, poster, 5),
            flags,
            tuple(p.photos[0] for p in staff),
        )
    if kind == "spam":
        persona = poster.persons[0]
        return draft((persona,), (), 0, frozenset(), STOCK_PHOTOS[poster.skeleton[0] % 20 :][:3])
    item = poster.goods[index % len(poster.goods)]
    if poster.goods_kind == "furniture":
        _, _, lo, hi, _ = FURNITURE[item % len(FURNITURE)]
        rate = rng.randint(lo // 5, hi // 5) * 5
    elif poster.goods_kind == "cars":
        make_index = item % len(CARS)
        rate = rng.randint(25, 180) * 100 + make_index * 100
    else:
        rate = 0
    photos = tuple(f"{rng.getrandbits(48):012x}" for _ in range(rng.randint(0, 4)))
    return draft((), poster.phones, rate, frozenset(), photos, item=item)
