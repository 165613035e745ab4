"""Entities and graphs for analysts' tools: FollowTheMoney JSON lines (Aleph / OpenAleph), and GEXF
and GraphML via networkx (Gephi, yEd, Cytoscape).

**FtM**, built and checked with the ``followthemoney`` library's own model: a network is a
``LegalEntity`` (who is behind it is exactly what is unknown, so no ``Person`` is invented) carrying
its phones and e-mails; each handle or payment tag a ``UserAccount`` tied to it by an
``UnknownLink``; each ad version a ``Document`` whose ``contentHash`` is the SHA-1 of its capture
(FtM's checksum type; the SHA-256 is in ``notes``), tied to the network by a ``Documentation``; each
link between two ads an ``UnknownLink`` between their first versions. Ids are hashes of Threadline
ids, so the same store gives the same entities.

**Graphs**: nodes are ads (``ad:ID``) and the identifiers they carry (``phone:+1…``); an edge joins an
ad to each identifier it carries, and two ads a template link joins (identifier links are already
the shared node). GEXF is dynamic: start and end dates on every node and identifier edge, so Gephi's
timeline plays the network's growth.
"""

from __future__ import annotations

import io
import json
import re

import networkx as nx
from followthemoney import model
from followthemoney.proxy import EntityProxy

from threadline.export.data import Bundle, NetworkEvidence

PREFIX = "threadline"


def _entity(schema: str, *key: object) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, *map(str, key))
    return proxy


def _network(ev: NetworkEvidence, sha1: dict[str, str]) -> list[EntityProxy]:
    n = ev.network
    net = _entity("LegalEntity", "network", n.id)
    net.add("name", f"Threadline network {n.id}")
    net.add(
        "description",
        f"{len(n.ads)} ads linked by {', '.join(n.link_reasons) or 'nothing'}; "
        "a lead for a human, never a finding about a person",
    )
    net.add("phone", n.phones)
    net.add("email", n.emails)
    out = [net]
    for ident in ev.identifiers:
        if ident.kind not in ("handle", "payment"):
            continue
        service, _, name = ident.value.partition(":")
        account = _entity("UserAccount", ident.kind, ident.value)
        account.add("service", service)
        account.add("username", name or ident.value)
        link = _entity("UnknownLink", "holds", n.id, ident.kind, ident.value)
        link.add("subject", net.id)
        link.add("object", account.id)
        link.add("role", f"{ident.kind} seen in the network's ads")
        link.add("startDate", ident.first_seen.date().isoformat())
        link.add("endDate", ident.last_seen.date().isoformat())
        out += [account, link]
    first_doc: dict[int, str] = {}
    for m in n.ads:
        for v in ev.versions.get(m.id, []):
            doc = _entity("Document", "version", v.id)
            doc.add("title", v.title or f"{m.site} ad {m.site_ad_id}")
            doc.add("bodyText", v.body)
            doc.add("sourceUrl", v.capture.url)
            doc.add("contentHash", sha1.get(v.capture.sha256))
            doc.add("notes", f"capture {v.capture.id}, SHA-256 {v.capture.sha256}")
            doc.add("retrievedAt", v.capture.captured_at.isoformat(timespec="seconds"))
            doc.add("publisher", m.site)
            doc.add("mimeType", v.capture.content_type)
            tie = _entity("Documentation", "documents", n.id, v.id)
            tie.add("document", doc.id)
            tie.add("entity", net.id)
            tie.add("role", "ad version")
            first_doc.setdefault(m.id, str(doc.id))
            out += [doc, tie]
    for lk in n.links:
        if lk.a in first_doc and lk.b in first_doc:
            edge = _entity("UnknownLink", "link", lk.a, lk.b, lk.reason, lk.evidence)
            edge.add("subject", first_doc[lk.a])
            edge.add("object", first_doc[lk.b])
            edge.add("role", f"{lk.reason}: {lk.evidence}")
            out.append(edge)
    return out


def ftm_entities(bundle: Bundle, sha1: dict[str, str]) -> list[EntityProxy]:
    """``sha1`` maps each capture's SHA-256 to the SHA-1 of its bytes, the hash FtM's ``contentHash`` holds."""
    seen: dict[str, EntityProxy] = {}
    for ev in bundle.networks:
        for e in _network(ev, sha1):
            if e.id in seen:
                seen[e.id].merge(e)
            else:
                seen[str(e.id)] = e
    return [seen[k] for k in sorted(seen)]


def ftm_jsonl(bundle: Bundle, sha1: dict[str, str]) -> bytes:
    lines = [json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in ftm_entities(bundle, sha1)]
    return ("\n".join(lines) + "\n").encode()


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
