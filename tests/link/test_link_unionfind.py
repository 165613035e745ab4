"""Union-find: vectorised components and incremental unions agree with a plain BFS."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from threadline.link.unionfind import UnionFind, components


def _bfs_labels(n: int, u: list[int], v: list[int]) -> list[int]:
    adj: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(u, v, strict=True):
        adj[a].append(b)
        adj[b].append(a)
    label = [-1] * n
    for start in range(n):
        if label[start] >= 0:
            continue
        label[start] = start  # visiting in index order: the label is the smallest index
        stack = [start]
        while stack:
            x = stack.pop()
            for y in adj[x]:
                if label[y] < 0:
                    label[y] = start
                    stack.append(y)
    return label


def test_components_match_bfs_and_label_by_smallest_index() -> None:
    rng = np.random.default_rng(1)
    for n, e in ((1, 0), (50, 30), (2000, 1500), (2000, 4000)):
        u = rng.integers(0, n, size=e)
        v = rng.integers(0, n, size=e)
        assert components(n, u, v).tolist() == _bfs_labels(n, u.tolist(), v.tolist())


def test_incremental_unions_match_components_and_track_members() -> None:
    rng = np.random.default_rng(2)
    n = 500
    ids = rng.permutation(10_000)[:n].astype(np.int64)
    uf = UnionFind()
    uf.grow(ids[:200])
    uf.grow(ids[200:])
    u, v = rng.integers(0, n, size=350), rng.integers(0, n, size=350)
    for a, b in zip(u.tolist(), v.tolist(), strict=True):
        uf.union(a, b)
    labels = components(n, u, v)
    assert uf.labels().tolist() == labels.tolist()
    for root in np.unique(labels).tolist():
        members = sorted(uf.members(root))
        assert members == np.flatnonzero(labels == root).tolist()
        assert uf.minid[root] == ids[members].min()
        assert uf.size[root] == len(members)


def test_reset_rebuilds_member_lists_and_cluster_ids() -> None:
    ids = np.array([50, 40, 30, 20, 10], dtype=np.int64)
    uf = UnionFind()
    uf.reset(np.array([0, 0, 2, 2, 0], dtype=np.int64), ids)
    assert sorted(uf.members(0)) == [0, 1, 4] and sorted(uf.members(2)) == [2, 3]
    cid, size = uf.cluster_ids()
    assert cid.tolist() == [10, 10, 20, 20, 10] and size.tolist() == [3, 3, 2, 2, 3]
    assert uf.union(1, 3) == 0
    assert uf.cluster_ids()[0].tolist() == [10] * 5
