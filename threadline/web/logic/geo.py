"""An offline map: the outline of North America (Natural Earth, packaged as GeoJSON, made by
scripts/make-outline-map.py) and lat/lon points projected onto it, for inline SVG. No tiles, no
network access: the picture is drawn from numbers alone, so it renders anywhere the app does."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
