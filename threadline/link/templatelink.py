"""Template links: near-duplicate ad texts found with MinHash + LSH banding, verified before linking.

Two passes per :meth:`LinkEngine.add` call, so a build in one call and a build in several calls see
the same boilerplate:

1. :meth:`TemplateLinker.shingle` masks and shingles each batch of texts and counts document
   frequencies (:mod:`threadline.link.boilerplate`), naming phrases that became boilerplate;
2. :meth:`TemplateLinker.link` drops boilerplate shingles, skips texts left with fewer than
   ``min_shingles`` distinct shingles (too generic to say anything), computes signatures, inserts the
   band keys (:mod:`threadline.link.lsh`) and keeps candidate pairs whose estimated Jaccard reaches
   ``template_threshold``.

Signatures are kept per ad (16 bits a value, see :func:`threadline.link.minhash.estimate_jaccard`):
candidates of later ads are verified against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from threadline.link.boilerplate import BoilerplateSketch
from threadline.link.columns import GrowArray
from threadline.link.lsh import BandTable
from threadline.link.minhash import MinHasher, estimate_jaccard
from threadline.link.records import Hub
from threadline.link.settings import LinkSettings
from threadline.link.shingles import ShingleBatch, Shingler

I64 = np.int64


@dataclass(frozen=True, slots=True)
class TemplateEdges:
    """Verified template pairs: ``u`` the later ad, ``v`` the earlier, ``j`` the estimated Jaccard."""

    u: NDArray[np.int64]
    v: NDArray[np.int64]
    j: NDArray[np.float32]
    fingerprinted: int  # ads of the batch that got a signature (enough distinct shingles)


class TemplateLinker:
    """Shingling, boilerplate, signatures and the band table of one engine."""

    def __init__(self, settings: LinkSettings) -> None:
        self.settings = settings
        bands, rows = settings.bands_rows
        self.shingler = Shingler(settings.shingle_size, settings.seed)
        self.hasher = MinHasher(settings.num_perm, bands, rows, settings.seed)
        self.sketch = BoilerplateSketch(settings.boilerplate_min_ads)
        self.table = BandTable()
        self.sig = GrowArray(np.uint16, width=settings.num_perm)
        self.has_sig = GrowArray(np.bool_)

    def shingle(self, texts: Sequence[str]) -> tuple[ShingleBatch, list[Hub]]:
        """Pass 1: shingles of ``texts``; with hub suppression, count them and name new boilerplate."""
        batch = self.shingler.batch(texts)
        if not self.settings.suppress_hubs:
            return batch, []
        crossed = self.sketch.add(batch)
        hubs = self.sketch.phrases(crossed, batch, texts, self.shingler) if len(crossed) else []
        return batch, hubs

    def link(self, batch: ShingleBatch, idx: NDArray[np.int64]) -> TemplateEdges:
        """Pass 2: fingerprint the batch's ads (indices ``idx``) and return verified template pairs."""
        s = self.settings
        if s.suppress_hubs and len(batch.values):
            batch = batch.select(~self.sketch.is_boilerplate(batch.values))
        self._reserve(int(idx.max()) + 1 if len(idx) else 0)
        eligible = batch.counts >= s.min_shingles
        if not eligible.any():
            return TemplateEdges(np.zeros(0, I64), np.zeros(0, I64), np.zeros(0, np.float32), 0)
        if not eligible.all():
            batch = batch.take(eligible)
        ads = idx[eligible]
        sig = self.hasher.signatures(batch)
        self.sig.set(ads, (sig.T & 0xFFFF).astype(np.uint16))
        self.has_sig.set(ads, True)
        u, v = self.table.insert(self.hasher.band_keys(sig), ads)
        j = estimate_jaccard(self.sig.view, u, v)
        ok = j >= s.template_threshold
        return TemplateEdges(u[ok], v[ok], j[ok].astype(np.float32), len(ads))

    def _reserve(self, n: int) -> None:
        if n > len(self.sig):
            self.sig.extend(np.zeros((n - len(self.sig), self.settings.num_perm), dtype=np.uint16))
            self.has_sig.extend(np.zeros(n - len(self.has_sig), dtype=bool))

    def similarity(self, a: int, b: int) -> float | None:
        """Estimated Jaccard of two fingerprinted ads (by index), None if either has no signature."""
        if max(a, b) >= len(self.has_sig) or not (self.has_sig.view[a] and self.has_sig.view[b]):
            return None
        return float(estimate_jaccard(self.sig.view, np.array([a]), np.array([b]))[0])
