"""Clustering quality against ground truth: B-cubed precision, recall, F1 and the adjusted Rand index.

Everything comes from one contingency table (predicted cluster × true label, counts of shared items),
built with numpy sorts, so a million items take well under a second:

* B-cubed (Bagga & Baldwin): for each item, precision is the share of its predicted cluster that has
  its true label, recall the share of its true label's items in its predicted cluster; both averaged
  over items. In contingency terms, P = Σ n_ij² / |C_i| / N and R = Σ n_ij² / |L_j| / N.
* ARI (Hubert & Arabie) from the same counts: (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E)
  with E = Σ C(a_i,2) · Σ C(b_j,2) / C(N,2).

Items are the keys of ``truth``; an item in no predicted cluster is its own singleton cluster, and
predicted ids unknown to ``truth`` are ignored.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

I64 = np.int64


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    ari: float
    items: int
    clusters: int  # predicted clusters of two or more items
    largest: int  # items in the largest predicted cluster


def _codes(values: Sequence[Hashable]) -> NDArray[np.int64]:
    mapping: dict[Hashable, int] = {}
    return np.fromiter((mapping.setdefault(v, len(mapping)) for v in values), dtype=I64, count=len(values))


def score(predicted: Iterable[Sequence[int]], truth: Mapping[int, Hashable]) -> Scores:
    """Scores of predicted clusters (lists of item ids) against ``truth`` (item id -> label)."""
    items = np.fromiter(truth.keys(), dtype=I64, count=len(truth))
    labels = _codes(list(truth.values()))
    order = np.argsort(items)
    items, labels = items[order], labels[order]
    cluster = -np.arange(1, len(items) + 1, dtype=I64)  # singletons: a distinct negative id each
    for c, members in enumerate(predicted):
        cluster[_known(items, np.asarray(members, dtype=I64))] = c
    return score_arrays(cluster, labels)


def _known(items: NDArray[np.int64], m: NDArray[np.int64]) -> NDArray[np.int64]:
    pos = np.searchsorted(items, m)
    ok = pos < len(items)
    ok[ok] = items[pos[ok]] == m[ok]
    return pos[ok]


def score_arrays(cluster: NDArray[np.int64], label: NDArray[np.int64]) -> Scores:
    """Scores from per-item predicted cluster codes and true label codes (any integers)."""
    n = len(cluster)
    if n == 0:
        return Scores(1.0, 1.0, 1.0, 1.0, 0, 0, 0)
    _, c = np.unique(cluster, return_inverse=True)
    _, t = np.unique(label, return_inverse=True)
    c, t = c.astype(I64), t.astype(I64)
    csize = np.bincount(c).astype(np.float64)
    lsize = np.bincount(t).astype(np.float64)
    width = int(t.max()) + 1
    pair, nij = np.unique(c * width + t, return_counts=True)
    ci, lj = pair // width, pair % width
    nij_f = nij.astype(np.float64)
    precision = float((nij_f**2 / csize[ci]).sum() / n)
    recall = float((nij_f**2 / lsize[lj]).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, _ari(nij_f, csize, lsize, n), n, int((csize >= 2).sum()), int(csize.max()))


def _comb2(x: NDArray[np.float64] | float) -> NDArray[np.float64] | float:
    return x * (x - 1) / 2.0


def _ari(nij: NDArray[np.float64], a: NDArray[np.float64], b: NDArray[np.float64], n: int) -> float:
    index = float(np.sum(_comb2(nij)))
    sum_a, sum_b = float(np.sum(_comb2(a))), float(np.sum(_comb2(b)))
    total = float(_comb2(float(n)))
    if total == 0:
        return 1.0
    expected = sum_a * sum_b / total
    top = 0.5 * (sum_a + sum_b)
    if top == expected:  # both partitions trivial (all singletons or one block): identical or undefined
        return 1.0
    return (index - expected) / (top - expected)
