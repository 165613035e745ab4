"""Saving and restoring a :class:`LinkEngine`: one typed record of flat columns, or its bytes.

:func:`capture` returns a :class:`LinkState` (numpy columns and string lists, no Python objects per
ad); :meth:`LinkState.to_bytes` packs it into one ``.npz`` byte string (no pickle) for a blob column or
a file; :func:`restore` rebuilds the engine. The hashing settings (permutations, shingle size, seed,
bands) are part of the state: a state cannot be continued under different ones, since its signatures
and band keys would no longer match new ads — change them with a rebuild. Thresholds (template
threshold, hub rule, image distance) may change between runs and apply from then on.

What is saved and why: ad columns (id, city, site, day); the identifier index (values, kinds, first
holder, degree, hub flag, review level) with every membership; near-image and template edges; per-ad
signatures, the LSH band table (key -> first/last ad) and the boilerplate sketch; the union-find
parents of clusters and template clusters; hubs found so far.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, fields
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from threadline.errors import ConfigError
from threadline.link.columns import GrowArray, column_to_strings, pack, strings_to_column, unpack
from threadline.link.engine import LinkEngine
from threadline.link.images import ImageIndex
from threadline.link.lsh import BandTable
from threadline.link.records import Hub
from threadline.link.settings import LinkSettings

VERSION = 1
HASHING = ("num_perm", "shingle_size", "seed", "bands_rows")
_STRINGS = ("cities", "sites", "ident_kinds", "ident_values", "hub_kind", "hub_value", "hub_reason")


@dataclass(frozen=True, slots=True)
class LinkState:
    """Everything a :class:`LinkEngine` needs to continue, as columns."""

    settings: LinkSettings
    ad_ids: NDArray[np.int64]
    ad_city: NDArray[np.int32]
    ad_site: NDArray[np.int32]
    ad_day: NDArray[np.int32]
    cities: list[str]
    sites: list[str]
    ident_kinds: list[str]
    ident_values: list[str]
    ident_kind: NDArray[np.uint8]
    ident_first: NDArray[np.int32]
    ident_degree: NDArray[np.int32]
    ident_hub: NDArray[np.bool_]
    ident_review_at: NDArray[np.int32]
    member_ident: NDArray[np.int32]
    member_ad: NDArray[np.int32]
    image_hash: NDArray[np.uint64]
    image_ident: NDArray[np.int64]
    near_a: NDArray[np.int32]
    near_b: NDArray[np.int32]
    near_bits: NDArray[np.uint8]
    tpl_u: NDArray[np.int32]
    tpl_v: NDArray[np.int32]
    tpl_j: NDArray[np.float32]
    signatures: NDArray[np.uint16]
    has_signature: NDArray[np.bool_]
    band_keys: NDArray[np.uint64]
    band_first: NDArray[np.int32]
    band_last: NDArray[np.int32]
    boilerplate_counts: NDArray[np.uint32]
    cluster_parent: NDArray[np.int32]
    template_parent: NDArray[np.int32]
    hub_kind: list[str]
    hub_value: list[str]
    hub_reason: list[str]
    hub_ads: NDArray[np.int64]
    pending: NDArray[np.int64]  # hub review candidates, and what they withhold (hubwatch)
    pending_since: NDArray[np.int64]
    held_ident: NDArray[np.int32]
    held_ad: NDArray[np.int32]
    held_near_a: NDArray[np.int32]
    held_near_b: NDArray[np.int32]
    held_near_bits: NDArray[np.uint8]

    def write(self, out: BinaryIO) -> None:
        """Write the state as one ``.npz`` to a binary file (streamed: no extra copy in memory)."""
        columns: dict[str, NDArray[Any]] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "settings":
                columns["settings"] = np.frombuffer(json.dumps(dict(value.describe())).encode(), dtype=np.uint8)
            elif f.name in _STRINGS:
                columns[f.name] = strings_to_column(value)
                columns[f.name + "__n"] = np.array([len(value)], dtype=np.int64)
            else:
                columns[f.name] = value
        pack(columns, VERSION, out)

    @classmethod
    def read(cls, source: BinaryIO) -> LinkState:
        """Read a state written by :meth:`write`; ValueError for anything else."""
        columns = unpack(source, VERSION)
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "settings":
                values["settings"] = LinkSettings(**json.loads(columns["settings"].tobytes()))
            elif f.name in _STRINGS:
                values[f.name] = column_to_strings(columns[f.name], int(columns[f.name + "__n"][0]))
            else:
                values[f.name] = columns[f.name]
        return cls(**values)

    def to_bytes(self) -> bytes:
        """The state as bytes, for a blob column (for files prefer :meth:`write`)."""
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LinkState:
        return cls.read(io.BytesIO(data))


def capture(engine: LinkEngine) -> LinkState:
    """The engine's state (arrays are copies: the engine can go on adding)."""
    ids, text = engine.idents, engine.text
    keys, first, last = text.table.arrays()
    image_hash, image_ident = engine.images.arrays()
    return LinkState(
        settings=engine.settings,
        ad_ids=engine.ads.ids.compact(),
        ad_city=engine.ads.city.compact(),
        ad_site=engine.ads.site.compact(),
        ad_day=engine.ads.day.compact(),
        cities=list(engine.ads.cities),
        sites=list(engine.ads.sites),
        ident_kinds=list(ids.kinds),
        ident_values=list(ids.values),
        ident_kind=ids.kind.compact(),
        ident_first=ids.first.compact(),
        ident_degree=ids.degree.compact(),
        ident_hub=ids.hub.compact(),
        ident_review_at=ids.review_at.compact(),
        member_ident=ids.member_ident.compact(),
        member_ad=ids.member_ad.compact(),
        image_hash=image_hash,
        image_ident=image_ident,
        near_a=engine.near[0].compact(),
        near_b=engine.near[1].compact(),
        near_bits=engine.near[2].compact(),
        tpl_u=engine.tpl[0].compact(),
        tpl_v=engine.tpl[1].compact(),
        tpl_j=engine.tpl[2].compact(),
        signatures=text.sig.compact(),
        has_signature=text.has_sig.compact(),
        band_keys=keys.copy(),
        band_first=first.copy(),
        band_last=last.copy(),
        boilerplate_counts=text.sketch.counts.copy(),
        cluster_parent=engine.uf.labels().astype(np.int32),
        template_parent=engine.tuf.labels().astype(np.int32),
        hub_kind=[h.kind for h in engine.hubs],
        hub_value=[h.value for h in engine.hubs],
        hub_reason=[h.reason for h in engine.hubs],
        hub_ads=np.array([h.ads for h in engine.hubs], dtype=np.int64),
        pending=engine.watch.pending.copy(),
        pending_since=np.array([engine.watch.since], dtype=np.int64),
        held_ident=engine.watch.ident.compact(),
        held_ad=engine.watch.ad.compact(),
        held_near_a=engine.watch.near[0].compact(),
        held_near_b=engine.watch.near[1].compact(),
        held_near_bits=engine.watch.near[2].compact(),
    )


def restore(state: LinkState, settings: LinkSettings | None = None) -> LinkEngine:
    """An engine continuing ``state``; ``settings`` may change thresholds, not hashing (see above)."""
    s = settings or state.settings
    changed = [name for name in HASHING if getattr(s, name) != getattr(state.settings, name)]
    if changed:
        raise ConfigError(f"link settings {', '.join(changed)} differ from the saved state's; rebuild to change them")
    engine = LinkEngine(s)
    engine.ads.restore(state.ad_ids, state.ad_city, state.ad_site, state.ad_day, state.cities, state.sites)
    ids = engine.idents
    ids.kinds = list(state.ident_kinds)
    ids.tables = [{} for _ in ids.kinds]
    ids.values = list(state.ident_values)
    for i, (code, value) in enumerate(zip(state.ident_kind.tolist(), ids.values, strict=True)):
        ids.tables[code][value] = i
    for name in ("kind", "first", "degree", "hub", "review_at", "member_ident", "member_ad"):
        column = getattr(state, "ident_" + name if not name.startswith("member") else name)
        setattr(ids, name, GrowArray(column.dtype, data=column))
    engine.images = ImageIndex.from_arrays(
        state.image_hash, state.image_ident, s.image_max_distance, s.image_bucket_cap
    )
    engine.near = (
        GrowArray(np.int32, data=state.near_a),
        GrowArray(np.int32, data=state.near_b),
        GrowArray(np.uint8, data=state.near_bits),
    )
    engine.tpl = (
        GrowArray(np.int32, data=state.tpl_u),
        GrowArray(np.int32, data=state.tpl_v),
        GrowArray(np.float32, data=state.tpl_j),
    )
    text = engine.text
    text.sig = GrowArray(np.uint16, width=s.num_perm, data=state.signatures.reshape(-1, s.num_perm))
    text.has_sig = GrowArray(np.bool_, data=state.has_signature)
    text.table = BandTable.from_arrays(state.band_keys, state.band_first, state.band_last)
    text.sketch.counts = state.boilerplate_counts.copy()
    engine.uf.reset(state.cluster_parent.astype(np.int64), state.ad_ids)
    engine.tuf.reset(state.template_parent.astype(np.int64), state.ad_ids)
    watch = engine.watch
    watch.pending, watch.since = state.pending.copy(), int(state.pending_since[0])
    watch.ident, watch.ad = GrowArray(np.int32, data=state.held_ident), GrowArray(np.int32, data=state.held_ad)
    watch.near = (
        GrowArray(np.int32, data=state.held_near_a),
        GrowArray(np.int32, data=state.held_near_b),
        GrowArray(np.uint8, data=state.held_near_bits),
    )
    engine.hubs = [
        Hub(*h) for h in zip(state.hub_kind, state.hub_value, state.hub_ads.tolist(), state.hub_reason, strict=True)
    ]
    return engine
