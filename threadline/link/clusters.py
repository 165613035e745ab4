"""Which clusters an add changed: after a few unions, or after a full regroup of the components.

Both functions return ``(changes, removed)``: :class:`ClusterChange` for every cluster (2+ ads) that
is new or whose membership changed, and the ids of clusters that existed before and no longer do
(merged into a cluster with a smaller id, or dissolved by hub suppression). A cluster whose
membership did not change is not reported, so the store rewrites only what moved.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from threadline.link.records import ClusterChange
from threadline.link.unionfind import UnionFind

I64 = np.int64


def apply_unions(
    uf: UnionFind, u: Sequence[int], v: Sequence[int], ad_ids: NDArray[np.int64]
) -> tuple[list[ClusterChange], list[int]]:
    """Union the pairs (u[i], v[i]) and report the clusters they changed."""
    before: dict[int, tuple[int, int]] = {}  # endpoint -> (cluster id, size) before this add
    for x in {*u, *v}:
        r = uf.find(x)
        before[x] = (int(uf.minid[r]), int(uf.size[r]))
    merged = {root for a, b in zip(u, v, strict=True) if (root := uf.union(a, b)) is not None}
    roots = {uf.find(r) for r in merged}
    absorbed: dict[int, set[int]] = {r: set() for r in roots}
    for x, (cid, size) in before.items():
        r = uf.find(x)
        if r in absorbed and size >= 2:
            absorbed[r].add(cid)
    changes, removed = [], []
    for r in sorted(roots):
        cid = int(uf.minid[r])
        gone = sorted(absorbed[r] - {cid})
        members = np.sort(ad_ids[np.array(uf.members(r), dtype=I64)])
        changes.append(ClusterChange(cid, tuple(members.tolist()), tuple(gone)))
        removed.extend(gone)
    return changes, sorted(removed)


def regroup_diff(
    old_cid: NDArray[np.int64], old_size: NDArray[np.int64], labels: NDArray[np.int64], ad_ids: NDArray[np.int64]
) -> tuple[list[ClusterChange], list[int]]:
    """Compare the partition before (cluster id and size per ad; -1 and 0 for ads new in this add) with
    ``labels`` (root index per ad) and report what changed."""
    n = len(labels)
    if n == 0:
        return [], []
    order = np.argsort(labels, kind="stable")
    sl = labels[order]
    start = np.ones(n, dtype=bool)
    start[1:] = sl[1:] != sl[:-1]
    starts = np.flatnonzero(start)
    sizes = np.diff(np.append(starts, n))
    ids = ad_ids[order]
    oc, osz = old_cid[order], old_size[order]
    new_cid = np.minimum.reduceat(ids, starts)
    same = (
        (np.minimum.reduceat(oc, starts) == np.maximum.reduceat(oc, starts))
        & (oc[starts] >= 0)
        & (np.minimum.reduceat(osz, starts) == sizes)
    )
    changes = []
    fresh = not (old_size >= 2).any()
    for g in np.flatnonzero((sizes >= 2) & ~same).tolist():
        lo, hi = int(starts[g]), int(starts[g] + sizes[g])
        cid = int(new_cid[g])
        gone: tuple[int, ...] = ()
        if not fresh:
            gone = tuple(
                sorted({c for c, z in zip(oc[lo:hi].tolist(), osz[lo:hi].tolist(), strict=True) if z >= 2} - {cid})
            )
        changes.append(ClusterChange(cid, tuple(np.sort(ids[lo:hi]).tolist()), gone))
    alive = set(new_cid[sizes >= 2].tolist())
    removed = sorted(set(old_cid[old_size >= 2].tolist()) - alive)
    return changes, removed
