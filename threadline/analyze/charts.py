"""Charts as self-contained HTML files: inline SVG, no script, no network access needed to view.

Three shapes cover the analytics: horizontal bars (top cities, destination shares), a weekly line
(activity over time) and a circuit (cities placed by longitude/latitude, joined in visiting order).
Every label is HTML-escaped: city names and sites come from scraped pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from threadline.errors import UserError

WIDTH = 760
STYLE = (
    "body{font-family:system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px}"
    "p.note{color:#555;font-size:13px}svg text{font-size:12px;fill:#222}"
)
NOTE = "Threadline analytics are leads for a human, never verdicts."


def bars(title: str, items: Sequence[tuple[str, float]], unit: str = "") -> str:
    """Horizontal bars, largest first as given."""
    if not items:
        return f"<h2>{escape(title)}</h2><p class=note>nothing to show</p>"
    top = max(abs(v) for _, v in items) or 1.0
    row, left = 22, 220
    h = row * len(items) + 10
    parts = [f'<svg width="{WIDTH}" height="{h}" role="img" aria-label="{escape(title)}">']
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        w = max(1.0, (WIDTH - left - 90) * abs(value) / top)
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(label[:34])}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="#4a6fa5"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{value:,.3g}{escape(unit)}</text>')
    parts.append("</svg>")
    return f"<h2>{escape(title)}</h2>" + "".join(parts)


def line(title: str, points: Sequence[tuple[str, float]]) -> str:
    """A line over ordered labels (weeks)."""
    if len(points) < 2:
        return bars(title, points)
    h, pad = 220, 40
    top = max(v for _, v in points) or 1.0
    step = (WIDTH - 2 * pad) / (len(points) - 1)
    xy = [(pad + i * step, h - pad - (h - 2 * pad) * v / top) for i, (_, v) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [
        f'<svg width="{WIDTH}" height="{h}" role="img" aria-label="{escape(title)}">',
        f'<polyline points="{path}" fill="none" stroke="#4a6fa5" stroke-width="2"/>',
    ]
    for (label, value), (x, y) in zip(points, xy, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#4a6fa5"><title>{escape(label)}: {value:,.0f}'
            "</title></circle>"
        )
    parts.append(f'<text x="{pad}" y="{h - 12}">{escape(points[0][0])}</text>')
    parts.append(f'<text x="{WIDTH - pad}" y="{h - 12}" text-anchor="end">{escape(points[-1][0])}</text>')
    parts.append(f'<text x="4" y="{pad - 8}">max {top:,.0f}</text></svg>')
    return f"<h2>{escape(title)}</h2>" + "".join(parts)


def circuit(title: str, stops: Sequence[tuple[str, float, float, str]]) -> str:
    """Stops (label, lat, lon, dates) placed by longitude/latitude and joined in order."""
    if not stops:
        return bars(title, [])
    h, pad = 480, 60
    lats, lons = [s[1] for s in stops], [s[2] for s in stops]
    dx, dy = max(max(lons) - min(lons), 0.5), max(max(lats) - min(lats), 0.5)

    def at(lat: float, lon: float) -> tuple[float, float]:
        return pad + (WIDTH - 2 * pad) * (lon - min(lons)) / dx, h - pad - (h - 2 * pad) * (lat - min(lats)) / dy

    pts = [at(s[1], s[2]) for s in stops]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    parts = [
        f'<svg width="{WIDTH}" height="{h}" role="img" aria-label="{escape(title)}">',
        f'<polyline points="{path}" fill="none" stroke="#c0504d" stroke-width="1.5" opacity="0.7"/>',
    ]
    labelled: set[str] = set()
    for i, ((label, _, _, dates), (x, y)) in enumerate(zip(stops, pts, strict=True)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#4a6fa5"><title>{i + 1}. {escape(label)} '
            f"{escape(dates)}</title></circle>"
        )
        if label not in labelled:
            labelled.add(label)
            parts.append(f'<text x="{x + 7:.1f}" y="{y - 7:.1f}">{i + 1}. {escape(label)}</text>')
    parts.append("</svg>")
    return f"<h2>{escape(title)}</h2>" + "".join(parts)


def page(title: str, sections: Sequence[str]) -> str:
    body = "".join(sections)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1><p class=note>{NOTE}</p>{body}</body></html>\n"
    )


def write(path: Path, title: str, sections: Sequence[str]) -> Path:
    try:
        path.write_text(page(title, sections), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write chart {path}: {exc.strerror}") from None
    return path
