"""The evidence report: one self-contained HTML page (inline SVG, no script, nothing fetched) with the
case summary, each network (graph, timeline, map, templates, indicators with evidence) and each ad
with every version as captured, next to its capture's SHA-256 and capture time; and the same page as
PDF, rendered by WeasyPrint.

All ad text is escaped: the report is opened by people and by a PDF renderer, and an ad is hostile
input. The page carries no clock time, only the newest evidence time, so repeated exports match.
WeasyPrint is a pure-Python renderer over Pango (a Debian library), so no browser runs; its URL
fetcher refuses everything, so a hostile ad cannot make it reach the network. The PDF carries no
creation date and its file identifier comes from its content: the same HTML gives the same bytes.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from datetime import datetime
from html import escape

from weasyprint import HTML

from threadline.analyze import charts
from threadline.errors import UserError
from threadline.export.data import Bundle, NetworkEvidence

STYLE = """
body{font-family:sans-serif;font-size:10pt;margin:1.5em;color:#222}
h1{font-size:16pt} h2{font-size:13pt;border-bottom:1px solid #999} h3{font-size:11pt}
table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #bbb;padding:2px 5px;text-align:left;
vertical-align:top} .hash{font-family:monospace;font-size:8pt;word-break:break-all}
pre{white-space:pre-wrap;background:#f6f6f6;padding:4px;font-size:9pt}
.note{color:#555} .ad{page-break-inside:avoid}
"""
NOTE = (
    "Indicators are leads for a human, never verdicts. Every version below is reproduced from the "
    "capture whose SHA-256 is given; the raw captures are in captures.warc.gz."
)
GRAPH_SIZE = 520


def _t(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else "—"


def graph_svg(ev: NetworkEvidence) -> str:
    """The ads on a circle and every link between them, coloured by reason (drawn, not laid out by a
    random force model, so the picture is the same on every export)."""
    ads = [m.id for m in ev.network.ads]
    r, c = GRAPH_SIZE / 2 - 40, GRAPH_SIZE / 2
    pos = {
        a: (c + r * math.cos(2 * math.pi * i / len(ads)), c + r * math.sin(2 * math.pi * i / len(ads)))
        for i, a in enumerate(ads)
    }
    colours = {
        "phone": "#c0504d",
        "email": "#9bbb59",
        "handle": "#8064a2",
        "payment": "#f79646",
        "image": "#4bacc6",
        "template": "#7f7f7f",
    }
    parts = [f'<svg width="{GRAPH_SIZE}" height="{GRAPH_SIZE}" role="img" aria-label="network graph">']
    for link in ev.network.links:
        if link.a in pos and link.b in pos:
            (x1, y1), (x2, y2) = pos[link.a], pos[link.b]
            colour = colours.get(link.reason, "#000")
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}"/>')
    for a, (x, y) in pos.items():
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#4a6fa5"/>')
        if len(ads) <= 40:
            parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="8">{a}</text>')
    legend = " ".join(f'<span style="color:{v}">■ {k}</span>' for k, v in colours.items())
    return "".join(parts) + f"</svg><p>{legend}</p>"


def _timeline(ev: NetworkEvidence) -> str:
    days = Counter(m.first_seen.date().isoformat() for m in ev.network.ads if m.first_seen)
    return charts.line("New ads per day", sorted(days.items())) if days else ""


def _map(ev: NetworkEvidence) -> str:
    stops = [(f"{c.name}, {c.region}", c.lat, c.lon, f"{c.ads} ads") for c in ev.network.cities]
    return charts.circuit("Cities advertised", stops) if stops else ""


def _network(ev: NetworkEvidence) -> str:
    n = ev.network
    rows = [
        ("ads", str(len(n.ads))),
        ("versions", str(n.versions)),
        ("first seen", _t(n.first_seen)),
        ("last seen", _t(n.last_seen)),
        ("sites", ", ".join(f"{k} ({v})" for k, v in n.sites.items())),
        ("links", ", ".join(f"{k} ({v})" for k, v in n.link_reasons.items())),
    ]
    if ev.risk:
        rows.append(("risk score (a reading order, not a probability)", f"{ev.risk['score']:.2f} — {ev.risk['mo']}"))
        rows.append(("ads with a stated age under 18", str(ev.risk["minors"])))
    out = [f'<h2 id="network-{n.id}">Network {n.id}</h2><table>']
    out += [f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows]
    out.append(
        "</table><h3>Identifiers (sites and dates seen)</h3><table><tr><th>kind</th><th>value</th>"
        "<th>ads</th><th>sites</th><th>first</th><th>last</th></tr>"
    )
    out += [
        f"<tr><td>{i.kind}</td><td>{escape(i.value)}</td><td>{len(i.ads)}</td><td>{escape(', '.join(i.sites))}"
        f"</td><td>{_t(i.first_seen)}</td><td>{_t(i.last_seen)}</td></tr>"
        for i in ev.identifiers
    ]
    out.append("</table><h3>Graph</h3>" + graph_svg(ev) + _timeline(ev) + _map(ev))
    if n.templates:
        out.append("<h3>Templates (fixed text; {slot} where the ads differ)</h3>")
        out += [f"<p>ads {escape(', '.join(map(str, t.ads)))}</p><pre>{escape(t.text)}</pre>" for t in n.templates]
    if ev.hits:
        out.append(
            "<h3>Indicators with evidence</h3><table><tr><th>ad</th><th>version</th><th>indicator</th>"
            "<th>evidence</th></tr>"
        )
        out += [
            f"<tr><td>{h.ad_id}</td><td>{h.version_id}</td><td>{escape(h.name)}</td><td>{escape(h.evidence)}</td></tr>"
            for h in ev.hits
        ]
        out.append("</table>")
    out.append("<h3>Ads, every version as captured</h3>")
    for m in n.ads:
        out.append(
            f'<div class="ad"><h3>Ad {m.id}: {escape(m.site)} / {escape(m.site_ad_id)}</h3>'
            f"<p>URL (as text): {escape(m.url)}<br>first seen {_t(m.first_seen)}, last seen {_t(m.last_seen)}"
            f"{', deleted ' + _t(m.deleted_at) if m.deleted_at else ''}</p>"
        )
        for v in ev.versions.get(m.id, []):
            out.append(
                f"<p>Version {v.id}: seen {_t(v.first_seen)} – {_t(v.last_seen)}; capture {v.capture.id} at "
                f'{_t(v.capture.captured_at)}, SHA-256 <span class="hash">{v.capture.sha256}</span></p>'
                f"<pre>{escape(v.title or '')}\n{escape(v.body)}\n{escape(v.location or '')}</pre>"
            )
        out.append("</div>")
    return "".join(out)


def render_html(bundle: Bundle) -> str:
    summary = [
        f"<p class=note>{escape(NOTE)}</p><h2>Summary</h2><table>",
        f"<tr><th>subject</th><td>{escape(bundle.subject)}</td></tr>",
        f"<tr><th>evidence up to</th><td>{_t(bundle.as_of())}</td></tr>",
        f"<tr><th>networks</th><td>{len(bundle.networks)}</td></tr>",
        f"<tr><th>ads</th><td>{sum(len(n.network.ads) for n in bundle.networks)}</td></tr>",
        f"<tr><th>captures</th><td>{len(bundle.captures())}</td></tr></table>",
    ]
    if bundle.notes:
        summary.append("<h3>Case notes</h3>")
        summary += [f"<p><b>{escape(a)}</b> {_t(at)}</p><pre>{escape(t)}</pre>" for a, at, t in bundle.notes]
    body = "".join(summary) + "".join(_network(ev) for ev in bundle.networks)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(bundle.title)}</title>'
        f"<style>{STYLE}{charts.STYLE}</style></head><body><h1>Evidence report — {escape(bundle.title)}</h1>"
        f"{body}</body></html>\n"
    )


# WeasyPrint logs every CSS feature it ignores at WARNING; the report is ours, so that is noise.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _no_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    raise UserError("the evidence report fetches nothing")


def render_pdf(html: str) -> bytes:
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").render()
    # Without a date in the document's metadata the PDF holds none; pdf_identifier False would drop
    # the /ID, which some readers want, so it stays and is computed from the content.
    document.metadata.created = None
    document.metadata.modified = None
    pdf = document.write_pdf()
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint wrote no PDF")
    return pdf
