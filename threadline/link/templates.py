"""The text of a template cluster with its variable parts marked, as analysts read it.

InfoShield-style: what a network keeps fixed across its ads is the template; what it rotates are
slots. Member texts are masked and tokenised (:mod:`threadline.link.masking`, so rotating phones,
names and prices already read ``{phone}``, ``{name}``, ``{num}``), one member is taken as the pivot,
and every other member is aligned to it (``difflib`` longest-matching-block alignment over tokens). A
pivot token kept by at least ``min_support`` of the members is fixed text; a run of tokens below that
becomes one ``{slot}``, and so does a place where at least ``min_support`` of the members insert words
the pivot lacks.

The pivot is the medoid by shingle-set Jaccard: the member most similar to all others, so a single
odd member cannot distort the template. Large clusters are sampled (evenly over the given order,
deterministic) to ``max_members`` texts: alignment is quadratic in text length, linear in members.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from threadline.link.masking import tokens
from threadline.link.records import TemplateText

SLOT = "{slot}"


def _shingles(toks: list[str], k: int = 3) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + k]) for i in range(max(1, len(toks) - k + 1))}


def _medoid(token_lists: list[list[str]]) -> int:
    sets = [_shingles(t) for t in token_lists]
    best, best_score = 0, -1.0
    for i, a in enumerate(sets):
        score = sum(len(a & b) / len(a | b) for j, b in enumerate(sets) if j != i and (a or b))
        if score > best_score:
            best, best_score = i, score
    return best


def _sample(texts: Sequence[str], limit: int) -> list[str]:
    if len(texts) <= limit:
        return list(texts)
    step = len(texts) / limit
    return [texts[int(i * step)] for i in range(limit)]


def template_text(
    cluster: int, texts: Sequence[str], *, min_support: float = 0.6, max_members: int = 40
) -> TemplateText:
    """Template of a cluster's member ``texts`` (any order; the cluster id is only carried along)."""
    if not texts:
        return TemplateText(cluster, 0, (), ())
    token_lists = [tokens(t) for t in _sample(texts, max_members)]
    pivot = token_lists[_medoid(token_lists)]
    kept = [1] * len(pivot)  # the pivot supports itself
    inserted = [0] * (len(pivot) + 1)  # members adding words before pivot position i
    for other in token_lists:
        if other is pivot:
            continue
        matcher = SequenceMatcher(None, pivot, other, autojunk=False)
        for op, i1, i2, _, _ in matcher.get_opcodes():
            if op == "equal":
                for i in range(i1, i2):
                    kept[i] += 1
            elif op == "insert":
                inserted[i1] += 1
    m = len(token_lists)
    need = min_support * m
    out: list[str] = []
    support: list[float] = []
    for i, tok in enumerate(pivot):
        if inserted[i] >= need:
            _slot(out, support, inserted[i] / m)
        if kept[i] >= need:
            out.append(tok)
            support.append(kept[i] / m)
        else:
            _slot(out, support, 1.0 - kept[i] / m)
    if inserted[len(pivot)] >= need:
        _slot(out, support, inserted[len(pivot)] / m)
    return TemplateText(cluster, len(texts), tuple(out), tuple(round(s, 3) for s in support))


def _slot(out: list[str], support: list[float], share: float) -> None:
    # Consecutive variable positions are one slot: the reader cares where text varies, not how much.
    if out and out[-1] == SLOT:
        support[-1] = max(support[-1], share)
        return
    out.append(SLOT)
    support.append(share)
