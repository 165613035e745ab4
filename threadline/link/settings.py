"""Every threshold of the linking engine, with its default and why it has that value.

The lead copies these into :mod:`threadline.config` (as ``link_*`` settings); the engine only sees a
:class:`LinkSettings`. Values are checked once, here, so a bad setting fails before any work.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, fields

from threadline.errors import ConfigError


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Thresholds of the linking engine. Changing any of the template or hashing ones needs a rebuild."""

    num_perm: int = 128  # MinHash permutations: standard error of a Jaccard estimate ~0.043 at 0.6
    shingle_size: int = 3  # word n-grams; 3 tolerates a reworded word without matching stock phrases
    template_threshold: float = 0.6  # estimated Jaccard (masked shingles) to template-link two ads
    lsh_bands: int = 0  # 0: choose bands/rows minimising false positives + negatives at the threshold
    min_shingles: int = 12  # texts with fewer distinct non-boilerplate shingles never template-link
    seed: int = 1  # of the MinHash permutations and band salts; part of the saved state
    # Hamming bits (of 64) for two perceptual hashes to be one photo: re-encodes down to JPEG quality 30
    # and resizes move <= 2 bits in tests, unrelated photos differ by 20+; 3 also keeps the near-hash
    # join fast (4 segments of 16 bits) at a million distinct hashes, where 4 (5 segments) is 4x slower.
    image_max_distance: int = 3
    image_bucket_cap: int = 2000  # near-image candidates read per hash segment (degenerate images)
    suppress_hubs: bool = True  # off only to show what hubs do (the giant component)
    hub_min_ads: int = 25  # an identifier is reviewed as a possible hub from this many ads on
    hub_min_contexts: int = 20  # ... and is a hub when its ads fall into this many unrelated contexts
    hub_min_context_share: float = 0.2  # ... making up at least this share of its ads with evidence
    hub_review_every: int = 1000  # pending candidates are judged together after this many added ads
    boilerplate_min_ads: int = 1000  # a shingle in this many ads is boilerplate, ignored by templates
    chunk_ads: int = 20_000  # ads per vectorised batch: bounds the transient memory of a big add()

    def __post_init__(self) -> None:
        for name, low in (
            ("num_perm", 16),
            ("shingle_size", 1),
            ("min_shingles", 1),
            ("hub_min_ads", 2),
            ("hub_min_contexts", 2),
            ("hub_review_every", 1),
            ("boilerplate_min_ads", 2),
            ("chunk_ads", 1),
            ("image_bucket_cap", 1),
        ):
            if getattr(self, name) < low:
                raise ConfigError(f"link setting {name} must be at least {low}, got {getattr(self, name)}")
        if not 0.05 <= self.template_threshold <= 1.0:
            raise ConfigError(f"link setting template_threshold must be in [0.05, 1], got {self.template_threshold}")
        if not 0.0 <= self.hub_min_context_share <= 1.0:
            raise ConfigError("link setting hub_min_context_share must be in [0, 1]")
        if not 0 <= self.image_max_distance <= 16:
            raise ConfigError("link setting image_max_distance must be in [0, 16]")
        if self.lsh_bands < 0 or self.lsh_bands > self.num_perm:
            raise ConfigError(f"link setting lsh_bands must be in [0, num_perm], got {self.lsh_bands}")

    @property
    def bands_rows(self) -> tuple[int, int]:
        """(bands, rows per band) of the LSH index."""
        if self.lsh_bands:
            return self.lsh_bands, self.num_perm // self.lsh_bands
        return optimal_bands(self.template_threshold, self.num_perm)

    def describe(self) -> list[tuple[str, object]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def _integral(f: Callable[[float], float], a: float, b: float, steps: int = 200) -> float:
    # Midpoint rule; the integrands are smooth, 200 steps are plenty to rank (b, r) choices.
    h = (b - a) / steps
    return sum(f(a + (i + 0.5) * h) for i in range(steps)) * h


@functools.lru_cache(maxsize=16)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows minimising the (equally weighted) false positive and false negative areas of the
    S-curve around ``threshold`` — the rule datasketch's MinHashLSH uses, so benchmarks compare like
    with like."""
    best, best_err = (1, num_perm), math.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):

            def hit(s: float, b: int = b, r: int = r) -> float:  # P(candidate) at similarity s
                return float(1 - (1 - s**r) ** b)

            fp = _integral(hit, 0.0, threshold)
            fn = _integral(lambda s: 1.0 - hit(s), threshold, 1.0)
            err = 0.5 * fp + 0.5 * fn
            if err < best_err:
                best, best_err = (b, r), err
    return best
