"""B-cubed and ARI against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from threadline.link.metrics import score, score_arrays


def test_hand_computed_example() -> None:
    truth = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "b"}
    s = score([[1, 2], [3, 4], [5, 6]], truth)
    # Precision per item: 1, 1, 1/2, 1/2, 1, 1; recall: 2/3, 2/3, 1/3, 1/3, 2/3, 2/3.
    assert s.precision == pytest.approx(5 / 6)
    assert s.recall == pytest.approx(10 / 18)
    assert s.f1 == pytest.approx(2 * (5 / 6) * (10 / 18) / (5 / 6 + 10 / 18))
    # ARI: sum C(n_ij,2) = 2, sum C(a_i,2) = 3, sum C(b_j,2) = 6, C(6,2) = 15, E = 1.2, max = 4.5.
    assert s.ari == pytest.approx((2 - 1.2) / (4.5 - 1.2))
    assert (s.items, s.clusters, s.largest) == (6, 3, 2)


def test_items_left_out_are_singletons_and_unknown_ids_ignored() -> None:
    truth = {1: 0, 2: 0, 3: 1, 4: 2}
    s = score([[1, 2, 99]], truth)
    assert s.precision == 1.0 and s.recall == 1.0 and s.ari == 1.0


def test_extremes() -> None:
    truth = {i: i // 2 for i in range(8)}  # four pairs
    one = score([list(range(8))], truth)
    assert one.recall == 1.0 and one.precision == pytest.approx(2 / 8) and one.ari == pytest.approx(0.0)
    none = score([], truth)
    assert none.precision == 1.0 and none.recall == pytest.approx(0.5) and none.ari == pytest.approx(0.0)


def test_ari_matches_the_pair_counting_definition() -> None:
    rng = np.random.default_rng(4)
    c, t = rng.integers(0, 6, 60), rng.integers(0, 5, 60)
    agree = [(c[i] == c[j], t[i] == t[j]) for i in range(60) for j in range(i + 1, 60)]
    a = sum(1 for x, y in agree if x and y)
    pred_pairs = sum(1 for x, _ in agree if x)
    true_pairs = sum(1 for _, y in agree if y)
    total = len(agree)
    expected = a - pred_pairs * true_pairs / total
    maximum = 0.5 * (pred_pairs + true_pairs) - pred_pairs * true_pairs / total
    assert score_arrays(c, t).ari == pytest.approx(expected / maximum)


def test_a_million_items_is_fast() -> None:
    rng = np.random.default_rng(1)
    label = rng.integers(0, 200_000, 1_000_000)
    s = score_arrays(label.copy(), label)
    assert s.f1 == 1.0 and s.ari == pytest.approx(1.0)
