"""Numbers for the network page's two inline-SVG pictures: the timeline of ads and the map of
cities with the movement path. Templates draw them from these coordinates (no script, no markup
built from ad text: labels travel as data and are escaped where they are drawn).

The map is offline: the outline of North America (Natural Earth, packaged as GeoJSON, made by
scripts/make-outline-map.py) with lat/lon points projected onto it. No tiles, no network access.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from threadline.analyze.movement import Movement
from threadline.link.networks import MemberAd
from threadline.store.analysis import AdRow

TL_WIDTH, TL_LEFT, TL_ROW = 900.0, 140.0, 28.0

OUTLINE = Path(__file__).resolve().parents[2] / "data" / "north-america.geojson"
WIDTH, HEIGHT = 960.0, 560.0
# The map shows the contiguous US with southern Canada and northern Mexico, where ads cluster.
WEST, EAST, SOUTH, NORTH = -127.0, -64.0, 17.0, 53.0
_K = math.cos(math.radians((SOUTH + NORTH) / 2))  # equirectangular, true to scale at the mid latitude
_SCALE = min(WIDTH / ((EAST - WEST) * _K), HEIGHT / (NORTH - SOUTH))


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


def project(lat: float, lon: float) -> Point:
    return Point(round((lon - WEST) * _K * _SCALE, 1), round((NORTH - lat) * _SCALE, 1))


def viewbox() -> str:
    return f"0 0 {WIDTH:.0f} {HEIGHT:.0f}"


@lru_cache(maxsize=1)
def outline_path() -> str:
    """The SVG path data of every country outline (one subpath per ring)."""
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    parts: list[str] = []
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                pts = _thin([project(lat, lon) for lon, lat in ring])
                if len(pts) > 2 and any(on_map(p) for p in pts):
                    parts.append("M" + "L".join(f"{p.x:.0f},{p.y:.0f}" for p in pts) + "Z")
    return "".join(parts)


def _thin(points: list[Point], step: float = 2.5) -> list[Point]:
    """Drop points closer than ``step`` pixels to the last kept one: detail the map cannot show."""
    out: list[Point] = []
    for p in points:
        if not out or abs(p.x - out[-1].x) + abs(p.y - out[-1].y) >= step:
            out.append(p)
    return out


def on_map(p: Point) -> bool:
    return 0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    rows: list[tuple[float, str]]  # (y, site)
    ticks: list[Tick]
    dots: list[Dot]


@dataclass(frozen=True, slots=True)
class MapChart:
    viewbox: str
    outline: str
    stops: list[Dot]
    path: str  # SVG path data of the movement, stop to stop in time order
    off_map: int  # stops outside the drawn area (still listed in the circuit table)


def timeline(ads: Sequence[MemberAd], rows: Sequence[AdRow]) -> Timeline:
    city = {r.ad_id: r.city for r in rows}
    dated = [a for a in ads if a.first_seen is not None]
    sites = sorted({a.site for a in dated})
    row_y = {s: 20 + i * TL_ROW for i, s in enumerate(sites)}
    height = 20 + len(sites) * TL_ROW + 24
    if not dated:
        return Timeline(TL_WIDTH, height, [], [], [])
    first = min(a.first_seen for a in dated if a.first_seen)
    last = max(a.first_seen for a in dated if a.first_seen)
    span = max((last - first).total_seconds(), 3600.0)

    def x_of(t: datetime) -> float:
        return round(TL_LEFT + (TL_WIDTH - TL_LEFT - 20) * (t - first).total_seconds() / span, 1)

    dots = [
        Dot(x_of(a.first_seen), row_y[a.site], 5.0,
            f"{a.first_seen:%Y-%m-%d %H:%M} {a.site} {a.site_ad_id} {city.get(a.id) or ''}".strip(), f"/ads/{a.id}")
        for a in dated if a.first_seen
    ]  # fmt: skip
    step = timedelta(days=max(1, math.ceil(span / 86_400 / 8)))
    ticks, t = [], first.replace(hour=0, minute=0, second=0, microsecond=0)
    while t <= last:
        if t >= first:
            ticks.append(Tick(x_of(t), f"{t:%d %b}"))
        t += step
    return Timeline(TL_WIDTH, height, [(y, s) for s, y in row_y.items()], ticks, dots)


def map_chart(movement: Movement) -> MapChart:
    ads: dict[str, int] = {}
    where: dict[str, Point] = {}
    points: list[Point] = []
    off = 0
    for s in movement.stops:
        p = project(s.lat, s.lon)
        points.append(p)
        if not on_map(p):
            off += 1
            continue
        ads[s.city] = ads.get(s.city, 0) + s.ads
        where[s.city] = p
    stops = [Dot(p.x, p.y, round(4 + 2.5 * math.sqrt(ads[c]), 1), f"{c} ({ads[c]} ads)", "") for c, p in where.items()]
    path = "M" + "L".join(f"{p.x},{p.y}" for p in points) if len(points) > 1 else ""
    return MapChart(viewbox(), outline_path(), stops, path, off)
