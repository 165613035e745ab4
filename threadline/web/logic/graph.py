"""The graph of one network for the interactive view: ads and the identifiers that join them.

An identifier link (phone, e-mail, handle, payment tag, image) becomes an identifier node with an
edge to each ad that shares it, labelled with the reason; a template link stays an ad-to-ad edge
labelled with its evidence (template and estimated similarity). The elements are plain data in
Cytoscape.js's shape; the page's script only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from threadline.link.networks import Network

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
