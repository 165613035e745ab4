"""Analyst labels and the transparent model that re-ranks unlabelled networks from them.

A label (trafficking | independent | spa | spam | not-relevant) is stored with who gave it and
when, against one ad of the network, so it follows that ad if networks later merge; the newest
label of a network wins. The re-ranker is a logistic regression (numpy, Newton steps) over the same
0..1 indicator strengths the score adds up, plus the score itself:

    logit P(trafficking) = b + a * score + sum_j w_j * x_j

Only the ``w_j`` are shrunk (L2), so with few labels the ranking stays close to the score and moves
away from it only as far as the labels insist. Every coefficient is printed: nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from threadline.analyze.features import NetworkTable
from threadline.analyze.risk import MO_LABELS, indicator_value
from threadline.analyze.rules import Rules
from threadline.errors import NotFound, UserError
from threadline.store import analysis as store_analysis
from threadline.store import links as store_links
from threadline.store.store import Store

F64 = npt.NDArray[np.float64]
POSITIVE = "trafficking"


@dataclass(frozen=True, slots=True)
class Label:
    network_id: int  # the network holding the labelled ad now
    ad_id: int
    label: str
    analyst: str
    labelled_at: Any
    note: str | None


@dataclass(frozen=True, slots=True)
class Model:
    intercept: float
    score_coef: float
    coefs: dict[str, float]  # indicator -> weight of its 0..1 strength
    labels: int
    positives: int


@dataclass(frozen=True, slots=True)
class Ranked:
    network_id: int
    ads: int
    score: float
    probability: float | None  # the model's estimate from the analysts' labels (None: too few labels)
    mo: str
    label: str | None


def add_label(store: Store, network_id: int, label: str, analyst: str, note: str | None = None) -> Label:
    if label not in MO_LABELS:
        raise UserError(f"label must be one of {', '.join(MO_LABELS)}, not {label!r}")
    if not analyst.strip():
        raise UserError("an analyst name is needed (--analyst or $USER)")
    with store.engine.begin() as conn:
        if not store_links.network_ads(conn, network_id):
            raise NotFound(f"no network {network_id} (network ids are ad ids: see `threadline risk`)")
        store_analysis.add_label(conn, network_id, label, analyst.strip(), note)
    return current_labels(store)[network_id]


def current_labels(store: Store) -> dict[int, Label]:
    """The newest label of each network (labels of merged networks: the newest of them)."""
    with store.connect() as conn:
        rows = store_analysis.labels(conn)
    out: dict[int, Label] = {}
    for r in rows:  # oldest first: later labels override
        out[int(r.network_id)] = Label(int(r.network_id), r.ad_id, r.label, r.analyst, r.labelled_at, r.note)
    return out


def design(rows: Sequence[Any], rules: Rules) -> tuple[F64, F64, list[str]]:
    """(X of indicator strengths, prior scores, indicator names) from stored network_risk rows."""
    names = [i.name for i in rules.indicators if i.weight]
    ids = np.array([r.network_id for r in rows], dtype=np.int64)
    keys = {k for r in rows for k in r.features}
    cols = {k: np.array([float(r.features.get(k, 0.0)) for r in rows]) for k in keys}
    table = NetworkTable(ids, cols)
    x = np.column_stack([indicator_value(table, rules, n) for n in names]) if rows else np.zeros((0, len(names)))
    prior = np.array([float(r.score) for r in rows])
    return x, prior, names


def fit(x: F64, prior: F64, y: F64, names: Sequence[str], l2: float = 1.0, steps: int = 25) -> Model:
    """Penalised logistic regression by Newton's method (a handful of features: exact and fast)."""
    design_m = np.column_stack([np.ones(len(y)), prior, x])
    penalty = np.diag([1e-6, 1e-3] + [l2] * x.shape[1])
    beta = np.zeros(design_m.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design_m @ beta, -30, 30)))
        grad = design_m.T @ (y - p) - penalty @ beta
        hess = (design_m * (p * (1 - p))[:, None]).T @ design_m + penalty
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return Model(
        float(beta[0]),
        float(beta[1]),
        {n: round(float(b), 4) for n, b in zip(names, beta[2:], strict=True)},
        len(y),
        int(y.sum()),
    )


def predict(model: Model, x: F64, prior: F64, names: Sequence[str]) -> F64:
    w = np.array([model.coefs[n] for n in names])
    z = model.intercept + model.score_coef * prior + (x @ w if len(names) else 0.0)
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), dtype=np.float64)


def usable(labels: Sequence[str], min_labels: int) -> bool:
    positives = sum(1 for lab in labels if lab == POSITIVE)
    return len(labels) >= min_labels and positives >= 2 and len(labels) - positives >= 2


def rerank(store: Store, rules: Rules, min_labels: int, limit: int | None = None) -> tuple[Model | None, list[Ranked]]:
    """Unlabelled networks ordered by the model fitted to the labels (by score when too few labels)."""
    with store.connect() as conn:
        rows = store_analysis.risk_rows(conn)
    labels = current_labels(store)
    x, prior, names = design(rows, rules)
    labelled = np.array([r.network_id in labels for r in rows], dtype=bool)
    model = None
    probability = np.full(len(rows), np.nan)
    if usable([lab.label for lab in labels.values()], min_labels) and labelled.any():
        y = np.array([1.0 if labels[r.network_id].label == POSITIVE else 0.0 for r in rows if r.network_id in labels])
        model = fit(x[labelled], prior[labelled], y, names)
        probability = predict(model, x, prior, names)
    ranked = [
        Ranked(
            r.network_id,
            r.ads,
            r.score,
            None if np.isnan(p) else round(float(p), 4),
            r.mo,
            labels[r.network_id].label if r.network_id in labels else None,
        )
        for r, p in zip(rows, probability, strict=True)
    ]
    unlabelled = [r for r in ranked if r.label is None]
    if model is not None:
        unlabelled.sort(key=lambda r: -(r.probability or 0.0))
    return model, unlabelled[:limit] if limit else unlabelled
