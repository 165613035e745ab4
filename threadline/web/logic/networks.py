"""The network page: one linked group of ads taken apart for an analyst — the graph of ads and the
identifiers joining them (every edge with its reason), a timeline, the map of its cities with the
path it moved along, its templates with their slots, the indicators with evidence, the risk score
with its terms and the M.O. guess, and the analysts' labels.

In the graph an identifier link (phone, e-mail, handle, payment tag, image) becomes an identifier
node with an edge to each ad sharing it, labelled with the reason; a template link stays an ad-to-ad
edge labelled with its evidence. The elements are plain data in Cytoscape.js's shape; the page's
script only draws them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from threadline.analyze.labels import Label, add_label
from threadline.analyze.movement import Movement, circuit
from threadline.analyze.risk import MO_LABELS
from threadline.link.networks import Network, build_network
from threadline.store import analysis as store_analysis
from threadline.store.store import Store
from threadline.web.logic.ads import Evidence, vars_of
from threadline.web.logic.charts import MapChart, Timeline, map_chart, timeline

EXAMPLES = 5  # evidence examples shown per indicator

MAX_ADS = 400  # beyond this a browser graph is a hairball; the page says it was cut


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: str  # ad | phone | email | handle | payment | image
    label: str
    ad_id: int | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    reason: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    cut: bool  # True when only the first MAX_ADS ads are drawn

    def elements(self) -> list[dict[str, Any]]:
        """Cytoscape.js elements (``data`` only; styling lives in the page script)."""
        nodes = [{"group": "nodes", "data": {"id": n.id, "kind": n.kind, "label": n.label, "ad": n.ad_id}}
                 for n in self.nodes]  # fmt: skip
        edges = [
            {"group": "edges", "data": {"id": e.id, "source": e.source, "target": e.target, "reason": e.reason,
                                        "label": e.evidence if e.reason == "template" else e.reason,
                                        "evidence": e.evidence}}
            for e in self.edges
        ]  # fmt: skip
        return nodes + edges


def _short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def network_graph(network: Network) -> Graph:
    ads = network.ads[:MAX_ADS]
    shown = {a.id for a in ads}
    nodes = [Node(f"ad{a.id}", "ad", _short(f"{a.site} {a.site_ad_id}"), a.id) for a in ads]
    edges: list[Edge] = []
    idents: dict[str, Node] = {}
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(network.links):
        if r.a not in shown or r.b not in shown:
            continue
        if r.reason == "template":
            edges.append(Edge(f"e{i}", f"ad{r.a}", f"ad{r.b}", r.reason, r.evidence))
            continue
        key = f"{r.reason}:{r.evidence}"
        node = idents.get(key)
        if node is None:
            node = idents[key] = Node(f"id{len(idents)}", r.reason, _short(r.evidence))
        for a in (r.a, r.b):
            if (node.id, f"ad{a}") not in seen:
                seen.add((node.id, f"ad{a}"))
                edges.append(Edge(f"e{i}-{a}", f"ad{a}", node.id, r.reason, r.evidence))
    return Graph(nodes + list(idents.values()), edges, len(network.ads) > MAX_ADS)


@dataclass(frozen=True, slots=True)
class IndicatorSummary:
    name: str
    ads: int
    examples: list[tuple[int, Evidence]]  # (ad id, hit)


@dataclass(frozen=True, slots=True)
class Risk:
    score: float
    mo: str
    minors: int
    contributions: dict[str, float]
    facts: list[str]


@dataclass(slots=True)
class NetworkPage:
    network: Network
    graph: Graph
    movement: Movement
    timeline: Timeline
    map: MapChart
    indicators: list[IndicatorSummary]
    risk: Risk | None
    label: Label | None
    label_history: list[Label] = field(default_factory=list)
    label_choices: tuple[str, ...] = MO_LABELS

    def to_json(self) -> dict[str, Any]:
        n = self.network
        return {
            "id": n.id,
            "ads": [vars_of(a) for a in n.ads],
            "versions": n.versions,
            "first_seen": n.first_seen,
            "last_seen": n.last_seen,
            "ads_per_day": n.ads_per_day,
            "sites": n.sites,
            "cities": [vars_of(c) for c in n.cities],
            "identifiers": {"phone": n.phones, "email": n.emails, "handle": n.handles, "payment": n.payment},
            "names": n.names,
            "ages": n.ages,
            "links": [
                {"a": r.a, "b": r.b, "reason": r.reason, "evidence": r.evidence, "score": r.score} for r in n.links
            ],
            "templates": [{"ads": list(t.ads), "text": t.text} for t in n.templates],
            "movement": {
                "stops": [vars_of(s) for s in self.movement.stops],
                "moves": [vars_of(m) for m in self.movement.moves],
                "km": self.movement.km,
            },
            "indicators": [
                {"name": i.name, "ads": i.ads, "examples": [{"ad_id": a, **vars_of(e)} for a, e in i.examples]}
                for i in self.indicators
            ],
            "risk": None if self.risk is None else vars_of(self.risk),
            "label": None if self.label is None else vars_of(self.label),
            "label_history": [vars_of(lab) for lab in self.label_history],
        }


def _indicators(hits: list[store_analysis.HitRow]) -> list[IndicatorSummary]:
    by_name: dict[str, list[store_analysis.HitRow]] = defaultdict(list)
    for h in hits:
        by_name[h.name].append(h)
    out = []
    for name, rows in by_name.items():
        examples: list[tuple[int, Evidence]] = []
        seen: set[str] = set()
        for h in rows:
            if h.evidence not in seen and len(examples) < EXAMPLES:
                seen.add(h.evidence)
                examples.append((h.ad_id, Evidence(h.name, h.evidence, h.start, h.end)))
        out.append(IndicatorSummary(name, len({h.ad_id for h in rows}), examples))
    # The possible-minor flag is always listed first; then by how many ads carry the indicator.
    return sorted(out, key=lambda s: (s.name != "possible_minor", -s.ads, s.name))


def network_page(store: Store, network_id: int) -> NetworkPage:
    network = build_network(store, network_id)
    member_ids = [a.id for a in network.ads]
    with store.connect() as conn:
        ad_rows = store_analysis.ad_rows(conn, member_ids)
        hits = store_analysis.hits_of_ads(conn, member_ids)
        risk_row = store_analysis.risk_of(conn, network_id)
        history = [
            Label(int(r.network_id), r.ad_id, r.label, r.analyst, r.labelled_at, r.note)
            for r in store_analysis.labels(conn)
            if int(r.network_id) == network_id
        ]
    movement = circuit(network_id, ad_rows)
    risk = None
    if risk_row is not None:
        risk = Risk(
            float(risk_row.score), risk_row.mo, int(risk_row.minors), dict(risk_row.contributions),
            list(risk_row.facts),
        )  # fmt: skip
    return NetworkPage(
        network, network_graph(network), movement, timeline(network.ads, ad_rows), map_chart(movement),
        _indicators(hits), risk, history[-1] if history else None, history,
    )  # fmt: skip


def label_network(store: Store, network_id: int, label: str, analyst: str, note: str | None) -> Label:
    """Store an analyst's label (the analyze layer validates it and finds the network)."""
    return add_label(store, network_id, label, analyst, note or None)
