"""Traits every poster draws: size, active window, sites, route, handles and spelling habits.

:func:`assemble` turns a :class:`PosterBase` and the kind-specific parts into a :class:`Poster`.
Sizes are heavy-tailed (log-normal ads per poster); routes are where ads are placed over time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from threadline.simulate.accounts import AccountPool
from threadline.simulate.clock import DAY, END, START
from threadline.simulate.compose_escort import SKELETON_LEN
from threadline.simulate.geo import Place, WorldMap
from threadline.simulate.lexicon import HANDLE_TAILS
from threadline.simulate.model import Person, Poster
from threadline.simulate.sites import CROSS_POST, HOME_SITES, Kind, choose
from threadline.simulate.spelling import OBFUSCATED_STYLES, PLAIN_STYLES, SPANISH_STYLES

# (median ads, log-normal sigma, most ads) per kind.
ADS_PER_POSTER = {
    "independent": (5.0, 1.0, 150),
    "trafficking": (35.0, 0.8, 400),
    "spa": (22.0, 0.7, 250),
    "spam": (25.0, 0.6, 120),
    "classified": (1.4, 0.6, 5),
}
# (median active days, sigma) per kind.
ACTIVE_DAYS = {
    "independent": (40, 0.8),
    "trafficking": (55, 0.6),
    "spa": (80, 0.5),
    "spam": (6, 0.6),
    "classified": (10, 0.7),
}


def lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, round(median * math.exp(rng.gauss(0.0, sigma)))))


def active_window(rng: random.Random, kind: Kind) -> tuple[int, int]:
    median, sigma = ACTIVE_DAYS[kind]
    length = int(median * math.exp(rng.gauss(0.0, sigma)) * DAY) + DAY
    start = rng.randrange(START - length // 2, END - DAY)
    return max(START, start), min(END - 6 * 3600, start + length)


def photos(rng: random.Random, n: int) -> tuple[str, ...]:
    return tuple(f"{rng.getrandbits(48):012x}" for _ in range(n))


def handle(rng: random.Random, accounts: AccountPool, name: str, service: str) -> str:
    """A handle on ``service`` that no other poster holds."""
    base = name.lower()

    def draw() -> str:
        return rng.choice(
            (
                f"{base}.{rng.choice(HANDLE_TAILS)}",
                f"{base}_{rng.choice(HANDLE_TAILS)}{rng.randint(1, 99)}",
                f"its{base}{rng.randint(1, 99)}",
                f"{base}{rng.choice(HANDLE_TAILS)}",
            )
        )

    return accounts.claim(service, draw)


def spelling_habits(rng: random.Random, language: str, obfuscate: float) -> tuple[str, ...]:
    plain = rng.choice(PLAIN_STYLES)
    if rng.random() >= obfuscate:
        return (plain,)
    pool = OBFUSCATED_STYLES + (SPANISH_STYLES * 3 if language == "es" else ())
    return (rng.choice(pool), plain)


def sites_of(rng: random.Random, kind: Kind, language: str) -> tuple[str, str | None]:
    home = choose(rng, HOME_SITES[(kind, language)])
    cross_p = {"independent": 0.15, "trafficking": 0.35}.get(kind, 0.0)
    options = [s for s in CROSS_POST[language] if s != home]
    return home, (rng.choice(options) if options and rng.random() < cross_p else None)


@dataclass(frozen=True, slots=True)
class PosterBase:
    """What every kind draws first: identity, market, sites, activity window and size."""

    poster_id: str
    kind: Kind
    language: str
    home: Place
    home_site: str
    cross_site: str | None
    window: tuple[int, int]
    n_ads: int
    tld: str


def assemble(
    rng: random.Random,
    b: PosterBase,
    accounts: AccountPool,
    *,
    phones: list[str],
    styles: tuple[str, ...],
    persons: tuple[Person, ...],
    handles: list[tuple[str, str]],
    stem: str,
    email_p: float,
    pay_p: float,
    emoji_p: float,
    route: tuple[tuple[int, int], ...],
    payment: tuple[tuple[str, str], ...] = (),
    **kind_fields: Any,
) -> Poster:
    email = None
    if stem and rng.random() < email_p:
        email = accounts.claim("email", lambda: f"{stem}{rng.randint(1, 99)}", f"@example.{b.tld}")
    if not payment and stem and rng.random() < pay_p:
        service = rng.choice(("cashapp", "cashapp", "venmo"))
        payment = ((service, accounts.claim("pay", lambda: f"{stem}{rng.choice(HANDLE_TAILS)}")),)
    return Poster(
        poster_id=b.poster_id,
        kind=b.kind,
        language=b.language,
        home=b.home,
        home_site=b.home_site,
        cross_site=b.cross_site,
        phones=tuple(phones),
        phone_styles=styles,
        persons=persons,
        email=email,
        handles=tuple(handles),
        payment=payment,
        tier=math.exp(rng.gauss(0.0, 0.18)),
        skeleton=tuple(rng.getrandbits(16) for _ in range(SKELETON_LEN)),
        emoji=rng.random() < emoji_p,
        window=b.window,
        n_ads=b.n_ads,
        route=route,
        **kind_fields,
    )


def route_of(rng: random.Random, world: WorldMap, b: PosterBase) -> tuple[tuple[int, int], ...]:
    """Where ads go over time. Networks walk a circuit; some independents tour nearby cities."""
    start, end = b.window
    if b.kind == "trafficking":
        stays = [int(rng.uniform(2.0, 6.0) * DAY) for _ in range(2 + (end - start) // (3 * DAY))]
        stops = world.circuit(b.home, len(stays), rng)
        out, t = [], start
        for place, stay in zip(stops, stays, strict=True):
            out.append((t, place.index))
            t += stay
        return tuple(out)
    route = [(start, b.home.index)]
    if b.kind == "independent" and rng.random() < 0.2:
        t = start
        while (t := t + int(rng.uniform(7, 20) * DAY)) < end:
            route.append((t, world.nearby(b.home, rng).index))
            route.append((t + int(rng.uniform(2, 4) * DAY), b.home.index))
            t = route[-1][0]
    return tuple(route)
