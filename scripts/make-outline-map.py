"""Write threadline/data/north-america.geojson: the outline of Canada, the USA and Mexico for the
offline network map, from Natural Earth (public domain) as packaged by the npm package world-atlas
(countries-50m.json, TopoJSON). Run at development time only:

    npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/make-outline-map.py package/countries-50m.json

Coordinates are rounded to 0.1 degree and rings under 1 square degrees dropped: the map shows
where a network advertised, not coastlines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP = {"840": "United States of America", "124": "Canada", "484": "Mexico"}
OUT = Path(__file__).resolve().parents[1] / "threadline" / "data" / "north-america.geojson"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def simplify(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        p = [round(round(x / 0.1) * 0.1, 1), round(round(y / 0.1) * 0.1, 1)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text())
    arcs = decode_arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("id") not in KEEP:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        rings = []
        for poly in polys:
            outer = ring(arcs, poly[0])
            if area(outer) < 1 or min(x for x, _ in outer) < -170 and max(x for x, _ in outer) > 170:
                continue
            rings.append([simplify(outer)])
        features.append(
            {"type": "Feature", "properties": {"name": KEEP[g["id"]]}, "geometry": {"type": "MultiPolygon", "coordinates": rings}}
        )
    data = {"type": "FeatureCollection", "source": "Natural Earth 1:50m via world-atlas 2.0.2 (public domain)", "features": features}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
