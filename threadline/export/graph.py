"""Network graphs for Gephi and yEd/Cytoscape: GEXF (dynamic, with start and end dates on every node
and edge so Gephi's timeline plays the network's growth) and GraphML, both written by networkx.

Nodes are ads (``ad:ID``) and the identifiers they carry (``phone:+1…``); an edge joins an ad to each
identifier it carries, and two ads a template link joins (identifier links are already the shared
node, so drawing them again would double every edge).
"""

from __future__ import annotations

import io
import re

import networkx as nx

from threadline.export.data import Bundle

_DATE = "%Y-%m-%d"


def build_graph(bundle: Bundle) -> nx.Graph:
    g = nx.Graph(mode="dynamic")
    for ev in bundle.networks:
        for m in ev.network.ads:
            first, last = m.first_seen or m.last_seen, m.last_seen or m.first_seen
            attrs: dict[str, object] = {
                "label": f"{m.site}/{m.site_ad_id}",
                "kind": "ad",
                "site": m.site,
                "network": ev.network.id,
                "versions": m.versions,
            }
            if first and last:
                attrs.update(start=first.strftime(_DATE), end=last.strftime(_DATE))
            g.add_node(f"ad:{m.id}", **attrs)
        for i in ev.identifiers:
            node = f"{i.kind}:{i.value}"
            g.add_node(
                node,
                label=i.value,
                kind=i.kind,
                network=ev.network.id,
                start=i.first_seen.strftime(_DATE),
                end=i.last_seen.strftime(_DATE),
            )
            for a in i.ads:
                g.add_edge(
                    f"ad:{a}", node, reason=i.kind, start=i.first_seen.strftime(_DATE), end=i.last_seen.strftime(_DATE)
                )
        for lk in ev.network.links:
            if lk.reason == "template":
                g.add_edge(f"ad:{lk.a}", f"ad:{lk.b}", reason="template", evidence=lk.evidence)
    return g


def _sorted(g: nx.Graph) -> nx.Graph:
    # Insertion order is the file order: sort so the same data always gives the same bytes.
    out = nx.Graph(**g.graph)
    out.add_nodes_from(sorted(g.nodes(data=True)))
    out.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True)))
    return out


def gexf_bytes(bundle: Bundle) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(_sorted(build_graph(bundle)), buf)
    as_of = bundle.as_of()
    stamp = as_of.strftime(_DATE) if as_of else "1980-01-01"
    # networkx stamps today's date into <meta>; the newest evidence date keeps repeated exports equal.
    return re.sub(rb'lastmodifieddate="[0-9-]+"', f'lastmodifieddate="{stamp}"'.encode(), buf.getvalue(), count=1)


def graphml_bytes(bundle: Bundle) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(_sorted(build_graph(bundle)), buf)
    return buf.getvalue()
