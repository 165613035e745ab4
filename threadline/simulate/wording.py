"""A poster's own wording: sentences assembled from fragment banks by one skeleton value.

Real sellers, spas and spam crews each write their own text; only one poster's (or one crew's) ads
repeat each other. A bank of whole sentences with a handful of alternatives cannot show that: two
unrelated posters picking from five alternatives per line write near-identical ads, and any text
linker merges them, which says more about the world than about the linker. Here a sentence is a
sequence of parts, each with a few alternatives, and one 16-bit skeleton value chooses all of them
(mixed-radix digits), so a slot has hundreds of wordings while a poster keeps the same one.

A "reworded" edit adds one to the skeleton value: only the first part changes, as a real edit of
one phrase would.
"""

from __future__ import annotations

from collections.abc import Sequence

Parts = Sequence[Sequence[str]]


def assemble(value: int, parts: Parts) -> str:
    """One alternative of each part, chosen by the mixed-radix digits of ``value``, joined as is."""
    out = []
    for options in parts:
        value, digit = divmod(value, len(options))
        out.append(options[digit])
    return "".join(out)


def choose(value: int, options: Sequence[str], k: int) -> list[str]:
    """``k`` distinct options in an order fixed by ``value`` (a poster's habitual selection). A 16-bit
    value tells apart every ordered choice of three from up to 40 options."""
    pool = list(options)
    picked = []
    for _ in range(min(k, len(pool))):
        value, digit = divmod(value, len(pool))
        picked.append(pool.pop(digit))
    return picked


def wordings(parts: Parts) -> int:
    """How many distinct sentences ``parts`` can make (for tests and docs)."""
    n = 1
    for options in parts:
        n *= len(options)
    return n
