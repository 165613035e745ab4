"""``make quality``: precision / recall of Threadline against a synthetic world it never saw.

The world is generated with a seed that no test uses (held out), run through the real pipeline
(simulate -> ingest -> extract) into a fresh SQLite store, and every stored version is compared with
its truth line. Figures print as tables; misses are listed so a regression can be read, not guessed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from bench import quality_analysis
from threadline.config import load_config
from threadline.extract.quality import KINDS, Report, score
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.link.engine import LinkEngine
from threadline.link.metrics import Scores
from threadline.link.metrics import score as cluster_score
from threadline.link.stage import run_link, settings_from, to_link_ad
from threadline.simulate import simulate
from threadline.store import links as store_links
from threadline.store.records import version_text
from threadline.store.schema import ad, ad_version, extraction, site
from threadline.store.store import Store

OUT = Path(os.environ.get("THREADLINE_BENCH_OUT", "bench-out")) / "quality"
SEED = int(os.environ.get("THREADLINE_QUALITY_SEED", "4242"))
VERSIONS = int(os.environ.get("THREADLINE_QUALITY_VERSIONS", "20000"))
TARGETS = {"phones": (0.99, 0.99), "emails": None, "ages": None}  # F1 ≥ 0.95 for emails and ages


def build_world() -> Store:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    simulate(OUT / "world", VERSIONS, SEED)
    store = Store.open(f"sqlite:///{OUT / 'quality.db'}")
    config = load_config({}, env={})
    ingest(store, [OUT / "world" / "warc"], config)
    run_extract(store, config)
    run_link(store, config, rebuild=True)
    return store


def _strip(value: str) -> str:
    return value.lstrip("$@").lower()


def expected_of(truth: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        "phones": truth["phones"],
        "emails": [e.lower() for e in truth["emails"]],
        "handles": [f"{h['service']}:{h['value'].lower()}" for h in truth["handles"]],
        "payment": [f"{p['service']}:{_strip(p['value'])}" for p in truth["payment"]],
        "ages": truth["ages"],
        "prices": [
            f"{p['amount']} {p['currency']}" + (f"/{p['per_minutes']}" if p["per_minutes"] else "")
            for p in truth["prices"]
        ],
        "names": truth["names"],
    }


def predicted_of(rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        kind = r.kind + ("s" if r.kind not in ("payment",) else "")
        value = r.value.split(":", 1)[1] if r.kind in ("handle", "payment") else r.value
        if r.kind == "payment":
            value = _strip(value)
        item = {**r.attrs, "value": int(value) if r.kind == "age" else value}
        out[kind].append(item)
    return out


def evaluate(store: Store) -> tuple[Report, int]:
    by_key: dict[tuple[str, str, str], tuple[str, list[Any]]] = {}
    q = sa.select(
        site.c.name,
        ad.c.site_ad_id,
        ad_version.c.id,
        ad_version.c.first_seen,
        ad_version.c.title,
        ad_version.c.body,
        ad_version.c.extra,
    ).select_from(ad_version.join(ad, ad.c.id == ad_version.c.ad_id).join(site, site.c.id == ad.c.site_id))
    rows_by_version: dict[int, list[Any]] = defaultdict(list)
    with store.connect() as conn:
        for r in conn.execute(sa.select(extraction)):
            rows_by_version[r.ad_version_id].append(r)
        for r in conn.execute(q):
            key = (r.name, r.site_ad_id, r.first_seen.strftime("%Y-%m-%dT%H:%M:%SZ"))
            by_key[key] = (version_text(r.title, r.body, r.extra), rows_by_version.get(r.id, []))
    cases = []
    unmatched = 0
    with (OUT / "world" / "truth.jsonl").open() as fh:
        for line in fh:
            t = json.loads(line)
            found = by_key.get((t["site"], t["ad_id"], t["first_seen"]))
            if found is None:
                unmatched += 1
                continue
            text, rows = found
            cases.append((text, expected_of(t), predicted_of(rows)))
    kinds = [k for k in KINDS if k not in ("urls", "places")]  # the truth does not label these
    return score(cases, kinds, distinct=True), unmatched


def linking(store: Store) -> dict[str, Scores]:
    """B-cubed and ARI of identifier-only, template-only and combined linking (a network = a poster)."""
    truth_poster: dict[tuple[str, str], str] = {}
    with (OUT / "world" / "truth.jsonl").open() as fh:
        for line in fh:
            t = json.loads(line)
            truth_poster[(t["site"], t["ad_id"])] = t["network_id"]
    ads = []
    after = 0
    with store.connect() as conn:
        keys = {
            r.id: (r.name, r.site_ad_id)
            for r in conn.execute(
                sa.select(ad.c.id, ad.c.site_ad_id, site.c.name).select_from(ad.join(site, site.c.id == ad.c.site_id))
            )
        }
        while True:
            page, after = store_links.ads_for_link(conn, after, 5000, only_changed=False)
            if not after:
                break
            ads.extend(page)
        stored = {a: n for a, n in store_links.network_of(conn, list(keys)).items()}
    truth = {a: truth_poster[k] for a, k in keys.items() if k in truth_poster}
    settings = settings_from(load_config({}, env={}))
    out: dict[str, Scores] = {}
    for mode in ("identifiers only", "templates only"):
        feed = [to_link_ad(a) for a in ads]
        if mode == "identifiers only":
            feed = [replace(x, text="") for x in feed]
        else:
            feed = [replace(x, identifiers=()) for x in feed]
        engine, _ = LinkEngine.build(feed, settings)
        engine.review_hubs()
        out[mode] = cluster_score([members for _, members in engine.clusters()], truth)
    groups: dict[int, list[int]] = defaultdict(list)
    for a, n in stored.items():
        groups[n].append(a)
    out["combined (stored networks)"] = cluster_score(list(groups.values()), truth)
    return out


def main() -> None:
    store = build_world()
    report, unmatched = evaluate(store)
    console = Console()
    table = Table(title=f"extraction vs truth — held-out world seed {SEED}, {VERSIONS:,} versions")
    for col in ("kind", "precision", "recall", "F1", "tp", "fp", "fn", "target"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    targets = {"phones": "P ≥ 0.99, R ≥ 0.99", "emails": "F1 ≥ 0.95", "ages": "F1 ≥ 0.95"}
    for s in report.scores.values():
        table.add_row(
            s.kind,
            f"{s.precision:.4f}",
            f"{s.recall:.4f}",
            f"{s.f1:.4f}",
            str(s.tp),
            str(s.fp),
            str(s.fn),
            targets.get(s.kind, ""),
        )
    console.print(table)
    if unmatched:
        console.print(f"[red]{unmatched} truth versions not found in the store[/]")
    misses = [m for m in report.misses if m.kind in ("phones", "emails", "ages")]
    console.print(f"misses of phones/emails/ages ({len(misses)}), first 40:")
    for m in misses[:40]:
        console.print(
            f"  {m.kind}: missing={list(m.missing)} extra={list(m.extra)} :: {m.text[:160]!r}",
            highlight=False,
            markup=False,
        )
    link_scores = linking(store)
    lt = Table(title="linking vs truth (a network = a poster) — B-cubed and adjusted Rand index")
    for col in ("linking", "precision", "recall", "F1", "ARI", "target"):
        lt.add_column(col, justify="right" if col != "linking" else "left")
    for mode, sc in link_scores.items():
        target = "F1 ≥ 0.95, P ≥ 0.98" if mode.startswith("combined") else ""
        lt.add_row(mode, f"{sc.precision:.4f}", f"{sc.recall:.4f}", f"{sc.f1:.4f}", f"{sc.ari:.4f}", target)
    console.print(lt)
    (OUT / "linking.json").write_text(json.dumps({m: asdict(sc) for m, sc in link_scores.items()}, indent=2))
    (OUT / "analysis.json").write_text(json.dumps(quality_analysis.report(store, OUT / "world", console), indent=2))
    (OUT / "extraction.json").write_text(
        json.dumps(
            {k: {"precision": s.precision, "recall": s.recall, "f1": s.f1} for k, s in report.scores.items()}, indent=2
        )
    )


if __name__ == "__main__":
    main()
