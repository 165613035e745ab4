"""``make quality``, analysis part: risk ranking, M.O. guess, label re-ranking and displacement
measured against the synthetic world's truth.

* a network's true kind is the majority ``poster_kind`` of its ads (classified -> not-relevant);
  precision at the top 10/50/100 networks counts those whose kind is trafficking;
* the M.O. guess of every network against its true kind, as a confusion matrix;
* label re-ranking: k analyst labels (k = 20, 50, 100) drawn at random from networks of two or more
  ads, truth as the label, five draws each; average precision of the unlabelled networks of two or
  more ads ordered by score, then by the label model;
* displacement from pagelist against the world's recorded migration: share per destination site
  and not seen again ("vanished"), in percentage points; the target is within 5 points.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from threadline.analyze.displacement import NOT_SEEN, displacement, shares
from threadline.analyze.labels import design, fit, predict
from threadline.analyze.risk import MO_LABELS
from threadline.analyze.rules import load_rules
from threadline.analyze.stage import run_analyze
from threadline.config import load_config
from threadline.store import analysis as store_analysis
from threadline.store.schema import ad, site
from threadline.store.store import Store

LABEL_COUNTS = (20, 50, 100)
DRAWS = 5


def true_kinds(store: Store, world: Path, ads: list[store_analysis.AdRow]) -> dict[int, str]:
    kind_of: dict[tuple[str, str], str] = {}
    with (world / "truth.jsonl").open() as fh:
        for line in fh:
            t = json.loads(line)
            kind_of[(t["site"], t["ad_id"])] = t["poster_kind"]
    with store.connect() as conn:
        q = sa.select(ad.c.id, ad.c.site_ad_id, site.c.name).select_from(ad.join(site, site.c.id == ad.c.site_id))
        keys = {r.id: (r.name, r.site_ad_id) for r in conn.execute(q)}
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for a in ads:
        votes[a.network_id][kind_of.get(keys[a.ad_id], "classified")] += 1
    out = {}
    for nid, v in votes.items():
        k = v.most_common(1)[0][0]
        out[nid] = "not-relevant" if k == "classified" else k
    return out


def average_precision(relevant: np.ndarray) -> float:
    hits = np.cumsum(relevant)
    return float(np.sum(hits[relevant] / (np.flatnonzero(relevant) + 1)) / max(1, relevant.sum()))


def label_gains(rows: list[Any], truth: dict[int, str]) -> list[dict[str, float]]:
    rules = load_rules()
    x, prior, names = design(rows, rules)
    y = np.array([truth.get(r.network_id) == "trafficking" for r in rows], dtype=bool)
    pool = [i for i, r in enumerate(rows) if r.ads >= 2]
    out = []
    for k in LABEL_COUNTS:
        before, after = [], []
        for draw in range(DRAWS):
            picked = set(random.Random(f"labels/{k}/{draw}").sample(pool, min(k, len(pool))))
            rest = np.array([i for i in pool if i not in picked])
            lab = np.array(sorted(picked))
            if y[lab].sum() < 2 or (~y[lab]).sum() < 2:
                continue
            model = fit(x[lab], prior[lab], y[lab].astype(np.float64), names)
            p = predict(model, x[rest], prior[rest], names)
            before.append(average_precision(y[rest][np.argsort(-prior[rest], kind="stable")]))
            after.append(average_precision(y[rest][np.argsort(-p, kind="stable")]))
        out.append({"labels": k, "ap_score": float(np.mean(before)), "ap_labels": float(np.mean(after))})
    return out


def report(store: Store, world: Path, console: Console) -> dict[str, Any]:
    run_analyze(store, load_config({}, env={}))
    with store.connect() as conn:
        ads = store_analysis.ad_rows(conn)
        rows = store_analysis.risk_rows(conn)
    truth = true_kinds(store, world, ads)
    order = [truth[r.network_id] == "trafficking" for r in rows]
    total = sum(order)
    precision = {k: sum(order[:k]) / k for k in (10, 50, 100)}
    t = Table(title=f"network risk ranking — {total} trafficking networks of {len(rows)}")
    for col in ("top", "precision", "ceiling (trafficking networks / k)"):
        t.add_column(col, justify="right")
    for k, p in precision.items():
        t.add_row(str(k), f"{p:.3f}", f"{min(1.0, total / k):.3f}")
    console.print(t)

    confusion = Counter((truth[r.network_id], r.mo) for r in rows)
    c = Table(title="M.O. guess (columns) vs true kind (rows), networks")
    c.add_column("truth \\ guess")
    for g in MO_LABELS:
        c.add_column(g, justify="right")
    for tk in MO_LABELS:
        c.add_row(tk, *(str(confusion[(tk, g)]) for g in MO_LABELS))
    console.print(c)
    accuracy = sum(confusion[(k, k)] for k in MO_LABELS) / max(1, len(rows))
    console.print(f"M.O. accuracy {accuracy:.4f}")

    gains = label_gains(rows, truth)
    gt = Table(title=f"re-ranking from analyst labels — average precision of unlabelled networks (mean of {DRAWS})")
    for col in ("labels", "by score", "by label model"):
        gt.add_column(col, justify="right")
    for x in gains:
        gt.add_row(str(x["labels"]), f"{x['ap_score']:.4f}", f"{x['ap_labels']:.4f}")
    console.print(gt)

    recorded = json.loads((world / "world.json").read_text())["migration_realised"]
    n = max(1, sum(recorded.values()))
    d = displacement(ads, "pagelist", None, load_config({}, env={}).analyze_lookback_days)
    found = shares(d)
    dt = Table(title=f"displacement from pagelist: {d.cohort} networks vs {n} recorded migrations")
    for col in ("destination", "measured", "recorded", "error (points)", "target"):
        dt.add_column(col, justify="right" if col != "destination" else "left")
    errors: dict[str, float] = {}
    for dest in sorted(set(recorded) | {s for s in found if s != NOT_SEEN}):
        want = 100 * recorded.get(dest, 0) / n
        got = 100 * found.get(NOT_SEEN if dest == "vanished" else dest, 0.0)
        errors[dest] = got - want
        dt.add_row(dest, f"{got:.1f}%", f"{want:.1f}%", f"{got - want:+.1f}", "±5")
    console.print(dt)
    worst: dict[int, float] = {}
    for days in (3, 7, 14):  # the cohort window: longer ones add posters who had stopped anyway
        other = shares(displacement(ads, "pagelist", None, days))
        worst[days] = max(
            abs(100 * other.get(NOT_SEEN if k == "vanished" else k, 0.0) - 100 * v / n) for k, v in recorded.items()
        )
    console.print(
        "largest displacement error by cohort window: "
        + ", ".join(f"{k} days {v:.1f} points" for k, v in worst.items())
    )
    return {
        "precision_at": precision,
        "trafficking_networks": total,
        "mo_confusion": {f"{a}->{b}": v for (a, b), v in confusion.items()},
        "mo_accuracy": accuracy,
        "label_gains": gains,
        "displacement_error_points": errors,
        "displacement_worst_error_by_window": worst,
    }
