"""The five simulated ad sites, which posters use them, and where posters go when one is seized.

``pagelist`` plays Backpage: dominant until it is seized at :data:`~threadline.simulate.clock.CLOSURE`.
Its posters then move to another site or stop advertising, with the probabilities below; the
realised move of every poster is written to ``world.json`` so displacement analytics can be scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal, TypeVar

from threadline.simulate.clock import CLOSURE

T = TypeVar("T")
Transfer = Literal["identity", "gzip", "chunked"]
Removal = Literal["page", "410", "404"]


@dataclass(frozen=True, slots=True)
class SiteSpec:
    name: str
    domain: str
    layout: str
    language: str  # main language of the site's chrome
    closure: int | None  # epoch second the site was seized, if it was
    transfer: Transfer  # how the server encodes bodies: plain, Content-Encoding gzip, chunked
    removal: Removal  # what a deleted ad's URL answers: a 200 notice page, or an HTTP error
    server: str  # the Server header it sends
    url_scheme: str  # documentation only: the ad URL pattern


PAGELIST = SiteSpec(
    "pagelist",
    "pagelist.example",
    "pagelist",
    "en",
    CLOSURE,
    "identity",
    "page",
    "Apache/2.2.15 (CentOS)",
    "https://pagelist.example/{city}/{category}/{id}.html",
)
CITYNIGHTS = SiteSpec(
    "citynights",
    "citynights.example",
    "citynights",
    "en",
    None,
    "gzip",
    "410",
    "nginx/1.10.3",
    "https://citynights.example/ad.php?id={id}&city={city}",
)
VELVETBOARD = SiteSpec(
    "velvetboard",
    "velvetboard.example",
    "velvetboard",
    "en",
    None,
    "chunked",
    "404",
    "cloudflare",
    "https://velvetboard.example/{city}/{phone}-{title-slug}-{id}",
)
ANUNCIOS = SiteSpec(
    "anuncioslatinos",
    "anuncioslatinos.example",
    "anuncios",
    "es",
    None,
    "identity",
    "page",
    "Apache/2.4.18 (Ubuntu)",
    "https://anuncioslatinos.example/anuncio/{id}/{title-slug}",
)
SWAPMEET = SiteSpec(
    "swapmeet",
    "swapmeet.example",
    "swapmeet",
    "en",
    None,
    "identity",
    "page",
    "Apache",
    "https://{city}.swapmeet.example/{category}/d/{title-slug}/{id}.html",
)
SITES: tuple[SiteSpec, ...] = (PAGELIST, CITYNIGHTS, VELVETBOARD, ANUNCIOS, SWAPMEET)
SITE_BY_NAME = {s.name: s for s in SITES}

Kind = Literal["independent", "trafficking", "spa", "spam", "classified"]
KINDS: tuple[Kind, ...] = ("independent", "trafficking", "spa", "spam", "classified")

# Where a poster advertises before the closure: (site, probability) per (kind, language).
HOME_SITES: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {
    ("independent", "en"): (("pagelist", 0.70), ("citynights", 0.17), ("velvetboard", 0.13)),
    ("independent", "es"): (("pagelist", 0.50), ("anuncioslatinos", 0.50)),
    ("trafficking", "en"): (("pagelist", 0.78), ("citynights", 0.12), ("velvetboard", 0.10)),
    ("trafficking", "es"): (("pagelist", 0.55), ("anuncioslatinos", 0.45)),
    ("spa", "en"): (("pagelist", 0.75), ("citynights", 0.25)),
    ("spam", "en"): (("pagelist", 0.5), ("swapmeet", 0.3), ("citynights", 0.2)),
    ("classified", "en"): (("swapmeet", 0.8), ("pagelist", 0.2)),
}

# After the closure, where pagelist posters go; None = they stop advertising (vanish).
MIGRATION: dict[tuple[str, str], tuple[tuple[str | None, float], ...]] = {
    ("independent", "en"): (("citynights", 0.35), ("velvetboard", 0.25), ("swapmeet", 0.05), (None, 0.35)),
    ("independent", "es"): (("anuncioslatinos", 0.55), ("citynights", 0.15), (None, 0.30)),
    ("trafficking", "en"): (("citynights", 0.45), ("velvetboard", 0.40), (None, 0.15)),
    ("trafficking", "es"): (
        ("anuncioslatinos", 0.50),
        ("citynights", 0.30),
        ("velvetboard", 0.10),
        (None, 0.10),
    ),
    ("spa", "en"): (("citynights", 0.50), ("velvetboard", 0.30), (None, 0.20)),
    ("spam", "en"): (("swapmeet", 0.50), ("citynights", 0.30), (None, 0.20)),
    ("classified", "en"): (("swapmeet", 0.80), (None, 0.20)),
}

# Some posters cross-post each ad to a second site; these are the second sites they use.
CROSS_POST: dict[str, tuple[str, ...]] = {
    "en": ("citynights", "velvetboard"),
    "es": ("anuncioslatinos", "citynights"),
}


def choose(rng: random.Random, table: tuple[tuple[T, float], ...]) -> T:
    """Draw from a (value, probability) table whose probabilities sum to 1."""
    x = rng.random()
    for value, p in table:
        x -= p
        if x < 0:
            return value
    return table[-1][0]


def migration_table() -> dict[str, dict[str, float]]:
    """The migration probabilities in ``world.json`` form: ``{"trafficking/en": {"citynights": .45}}``."""
    return {
        f"{kind}/{lang}": {(dest or "vanish"): p for dest, p in table}
        for (kind, lang), table in MIGRATION.items()
    }
