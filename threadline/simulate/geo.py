"""The simulator's map: gazetteer cities that own area codes, with weights, neighbours and prices.

Everything geographic in the synthetic world comes from :func:`threadline.gazetteer.load_gazetteer`,
so the place extractor and the movement analytics later resolve exactly the cities the simulator
used. Neighbour lists drive trafficking circuits (consecutive nearby cities) and touring
independents; the price level makes rates higher in big cities, as they are in real ads.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import numpy as np

from threadline.gazetteer import City, distances_km, fold, load_gazetteer
from threadline.simulate.clock import utc_offset_hours

NEIGHBOURS = 12  # nearest cities kept per city; enough for varied circuits, small to keep in memory
# Regions where Spanish-language advertising is most common get more Spanish-language posters.
SPANISH_REGIONS = frozenset({"CA", "TX", "FL", "NY", "NJ", "AZ", "NV", "IL", "NM", "CO"})


@dataclass(frozen=True, slots=True)
class Place:
    """One city of the simulated world."""

    index: int
    city: City
    slug: str  # URL form, e.g. "lasvegas"
    label: str  # "Las Vegas, NV": how the ad pages print the city
    currency: str  # USD or CAD
    price_level: float  # multiplies base rates; about 0.85 (small town) .. 1.5 (largest metros)
    utc_offset: int  # standard-time offset in hours
    neighbours: tuple[int, ...]  # indices of the nearest places, nearest first

    @property
    def npas(self) -> tuple[str, ...]:
        return self.city.area_codes


class WorldMap:
    """Cities with sampling weights; built once per process by :func:`world_map`."""

    def __init__(self, places: list[Place], weights: list[float], spanish_weights: list[float]) -> None:
        self.places = places
        self._cum = list(accumulate(weights))
        self._cum_es = list(accumulate(spanish_weights))
        self.npas = sorted({npa for p in places for npa in p.npas})
        self.place_of_npa = {npa: p for p in places for npa in p.npas}

    def pick(self, rng: random.Random, *, spanish: bool = False) -> Place:
        """A city drawn in proportion to its advertising market (population, sub-linear)."""
        cum = self._cum_es if spanish else self._cum
        return self.places[bisect_right(cum, rng.random() * cum[-1])]

    def nearby(self, place: Place, rng: random.Random, *, reach: int = 5) -> Place:
        """One of the ``reach`` nearest other cities, closer ones more likely."""
        k = min(reach, len(place.neighbours))
        i = min(int(rng.expovariate(1.2)), k - 1)
        return self.places[place.neighbours[i]]

    def circuit(self, start: Place, stops: int, rng: random.Random) -> list[Place]:
        """Consecutive nearby cities, avoiding immediate back-tracking, as networks move in loops."""
        route = [start]
        for _ in range(stops - 1):
            here = route[-1]
            options = [i for i in here.neighbours[:6] if len(route) < 2 or i != route[-2].index]
            route.append(self.places[rng.choice(options or list(here.neighbours[:1]))])
        return route


def _slug(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isalnum())


@lru_cache(maxsize=1)
def world_map() -> WorldMap:
    """Build the map (about 0.5 s the first time, dominated by loading the gazetteer)."""
    cities = load_gazetteer().with_area_codes()
    lat = np.array([c.latitude for c in cities])
    lon = np.array([c.longitude for c in cities])
    dist = distances_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])  # every pair, 259 x 259
    np.fill_diagonal(dist, np.inf)
    order = np.argsort(dist, axis=1, kind="stable")[:, :NEIGHBOURS]
    seen: dict[str, int] = {}
    places: list[Place] = []
    weights: list[float] = []
    spanish: list[float] = []
    for i, c in enumerate(cities):
        slug = _slug(c.name)
        # Two cities may share a name (Portland OR / ME): the smaller gets its region appended.
        if slug in seen:
            slug = f"{slug}{c.region.lower()}"
        seen[slug] = i
        level = 1.0 + 0.28 * math.log10(max(c.population, 20_000) / 300_000)
        places.append(
            Place(
                index=i,
                city=c,
                slug=slug,
                label=f"{c.name}, {c.region}",
                currency="CAD" if c.country == "CA" else "USD",
                price_level=min(1.5, max(0.85, level)),
                utc_offset=utc_offset_hours(c.longitude),
                neighbours=tuple(int(j) for j in order[i]),
            )
        )
        w = c.population**0.8
        weights.append(w)
        spanish.append(w * (4.0 if c.region in SPANISH_REGIONS and c.country == "US" else 0.25))
    return WorldMap(places, weights, spanish)
