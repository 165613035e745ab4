"""Union-find over ad indices, in growable numpy arrays, plus a vectorised connected-components pass.

Two ways to the same partition:

* :meth:`UnionFind.union` for the few links an incremental add makes (Python-level, path halving);
* :func:`components` for a bulk build or a regroup after hub suppression: hook-and-compress over edge
  arrays (Shiloach–Vishkin style), O((n + e) log n) numpy work, no Python loop over edges.

Both keep the root of a component at its smallest index (hooks always go to the smaller root), so the
partition and its representatives do not depend on the order links arrive in. ``nxt`` threads each
component's members on a circular list (merging two lists is one swap), so listing a cluster's members
costs its size, not the number of ads. ``minid`` holds at each root the smallest *ad id* of the
component: the cluster id rule (see :mod:`threadline.link.engine`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

I32, I64 = np.int32, np.int64


def components(n: int, u: NDArray[np.int64], v: NDArray[np.int64]) -> NDArray[np.int64]:
    """Label of every node 0..n-1: the smallest node index of its connected component."""
    parent = np.arange(n, dtype=I64)
    u, v = u.astype(I64), v.astype(I64)
    while len(u):
        pu, pv = parent[u], parent[v]
        keep = pu != pv
        u, v, pu, pv = u[keep], v[keep], pu[keep], pv[keep]
        if not len(u):
            break
        # Both ends are roots (parent is fully compressed): hook the larger root under the smaller.
        np.minimum.at(parent, np.maximum(pu, pv), np.minimum(pu, pv))
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return parent


class UnionFind:
    """Growable union-find whose roots are the smallest index of their component."""

    def __init__(self) -> None:
        self.n = 0
        self.parent = np.zeros(0, dtype=I32)
        self.nxt = np.zeros(0, dtype=I32)
        self.minid = np.zeros(0, dtype=I64)
        self.size = np.zeros(0, dtype=I32)  # component size, valid at roots

    def grow(self, ad_ids: NDArray[np.int64]) -> None:
        """Append singletons for new indices n..n+len(ad_ids)-1 carrying those ad ids."""
        new = self.n + len(ad_ids)
        if new > len(self.parent):
            cap = max(1024, new, len(self.parent) * 3 // 2)
            for name in ("parent", "nxt", "minid", "size"):
                old = getattr(self, name)
                grown = np.empty(cap, dtype=old.dtype)
                grown[: self.n] = old[: self.n]
                setattr(self, name, grown)
        idx = np.arange(self.n, new, dtype=I32)
        self.parent[self.n : new] = idx
        self.nxt[self.n : new] = idx
        self.minid[self.n : new] = ad_ids
        self.size[self.n : new] = 1
        self.n = new

    def find(self, x: int) -> int:
        parent = self.parent
        while True:
            p = int(parent[x])
            if p == x:
                return x
            gp = int(parent[p])
            parent[x] = gp  # path halving
            x = gp

    def union(self, x: int, y: int) -> int | None:
        """Merge the components of x and y; the new root when they were apart, else None."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return None
        if ry < rx:
            rx, ry = ry, rx
        self.parent[ry] = rx
        self.nxt[rx], self.nxt[ry] = self.nxt[ry], self.nxt[rx]
        self.minid[rx] = min(self.minid[rx], self.minid[ry])
        self.size[rx] += self.size[ry]
        return rx

    def members(self, root: int) -> list[int]:
        """Indices of the component of ``root`` (any member works), by walking the circular list."""
        out = [root]
        nxt = self.nxt
        x = int(nxt[root])
        while x != root:
            out.append(x)
            x = int(nxt[x])
        return out

    def labels(self) -> NDArray[np.int64]:
        """Root of every index, fully compressed (vectorised)."""
        parent = self.parent[: self.n].astype(I64)
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                return parent
            parent = jumped

    def reset(self, labels: NDArray[np.int64], ad_ids: NDArray[np.int64]) -> None:
        """Replace the partition by ``labels`` (root = smallest index, as :func:`components` gives)."""
        n = len(labels)
        self.n = 0
        self.grow(ad_ids[:n])
        if n == 0:
            return
        self.parent[:n] = labels
        order = np.argsort(labels, kind="stable")
        sorted_labels = labels[order]
        start = np.ones(n, dtype=bool)
        start[1:] = sorted_labels[1:] != sorted_labels[:-1]
        nxt_sorted = np.empty(n, dtype=I64)
        nxt_sorted[:-1] = order[1:]
        # The last member of each group points back to the group's first.
        ends = np.append(np.flatnonzero(start)[1:], n) - 1
        nxt_sorted[ends] = order[np.flatnonzero(start)]
        self.nxt[order] = nxt_sorted
        minid = np.full(n, np.iinfo(I64).max, dtype=I64)
        np.minimum.at(minid, labels, ad_ids[:n])
        is_root = labels == np.arange(n)
        self.minid[:n] = np.where(is_root, minid, ad_ids[:n])
        self.size[:n] = np.where(is_root, np.bincount(labels, minlength=n), 1)

    def cluster_ids(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """(cluster id, component size) of every index: the partition as the store sees it."""
        labels = self.labels()
        return self.minid[labels], self.size[labels].astype(I64)
