"""Privacy-preserving sharing: identifiers as keyed hashes, and matching a partner's file.

Two organisations agree a secret key out of band. Each writes ``HMAC-SHA-256(key, kind ":" value)``
for every phone, e-mail, handle, payment tag and image hash it holds, with how many ads and networks
carried it and the days it was first and last seen — no ad text, no URL, no value. Without the key a
hash cannot be tested against guesses (a plain SHA-256 of a phone number could be, in seconds, over
the whole numbering plan); with it, each side learns only which of its own identifiers the other
also holds. Site-wide hubs (support lines, spam links) are left out: they would match everyone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from threadline.errors import UserError
from threadline.store.schema import ad_version, extraction, hub, network_member
from threadline.store.store import Store

FORMAT = "threadline-share/1"
KINDS = ("phone", "email", "handle", "payment", "image")
MIN_KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class SharedIdentifier:
    hash: str
    kind: str
    ads: int
    networks: int
    first_seen: str  # a day: finer times would say more than a match needs
    last_seen: str


@dataclass(frozen=True, slots=True)
class Match:
    hash: str
    kind: str
    value: str  # ours: we know it; the partner's file never held it
    local_ads: int
    local_networks: tuple[int, ...]
    partner_ads: int
    partner_first_seen: str
    partner_last_seen: str


def read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read key file {path}: {exc.strerror}") from None
    if len(key) < MIN_KEY_BYTES:
        raise UserError(
            f"key file {path} holds {len(key)} bytes; a shared key is at least {MIN_KEY_BYTES} random "
            "bytes (e.g. `head -c 32 /dev/urandom > shared.key`)"
        )
    return key


def key_id(key: bytes) -> str:
    # Lets both sides confirm they used the same key without revealing it (a hash of a hash of the key).
    return hashlib.sha256(b"threadline-share-key-id\0" + key).hexdigest()[:16]


def keyed(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _local(store: Store) -> dict[tuple[str, str], tuple[set[int], set[int], str, str]]:
    e, v, nm = extraction.c, ad_version.c, network_member.c
    network = sa.func.coalesce(nm.network_id, v.ad_id)
    hubs = sa.select(hub.c.value).where(hub.c.kind == e.kind)
    q = (
        sa.select(e.kind, e.value, v.ad_id, network, sa.func.min(v.first_seen), sa.func.max(v.last_seen))
        .select_from(
            extraction.join(ad_version, ad_version.c.id == e.ad_version_id).outerjoin(
                network_member, network_member.c.ad_id == v.ad_id
            )
        )
        .where(e.kind.in_(KINDS), e.value.not_in(hubs))
        .group_by(e.kind, e.value, v.ad_id, network)
    )
    acc: dict[tuple[str, str], tuple[set[int], set[int], str, str]] = {}
    with store.connect() as conn:
        for kind, value, ad_id, net, first, last in conn.execute(q):
            ads, nets, lo, hi = acc.get((kind, value), (set(), set(), "9999-12-31", "0000-01-01"))
            ads.add(ad_id)
            nets.add(int(net))
            acc[(kind, value)] = (ads, nets, min(lo, first.date().isoformat()), max(hi, last.date().isoformat()))
    return acc


def share_export(store: Store, key: bytes) -> bytes:
    rows = [
        SharedIdentifier(keyed(key, k, val), k, len(ads), len(nets), lo, hi)
        for (k, val), (ads, nets, lo, hi) in _local(store).items()
    ]
    doc = {
        "format": FORMAT,
        "algorithm": "HMAC-SHA-256",
        "input": "kind:normalised value",
        "key_id": key_id(key),
        "identifiers": [_as_dict(r) for r in sorted(rows, key=_by_hash)],
    }
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode()


def _by_hash(r: SharedIdentifier) -> str:
    return r.hash


def _as_dict(r: SharedIdentifier) -> dict[str, object]:
    return {f: getattr(r, f) for f in SharedIdentifier.__dataclass_fields__}


def read_share(data: bytes) -> tuple[str, list[SharedIdentifier]]:
    try:
        doc = json.loads(data)
        if doc.get("format") != FORMAT:
            raise ValueError(f"format is {doc.get('format')!r}, not {FORMAT}")
        return str(doc["key_id"]), [SharedIdentifier(**x) for x in doc["identifiers"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"not a Threadline share file: {exc}") from None


def share_match(store: Store, key: bytes, partner: bytes) -> list[Match]:
    their_key, theirs = read_share(partner)
    if their_key != key_id(key):
        raise UserError("the partner's file was hashed with a different key (key ids differ): nothing can match")
    by_hash = {t.hash: t for t in theirs}
    out = []
    for (kind, value), (ads, nets, _, _) in _local(store).items():
        t = by_hash.get(keyed(key, kind, value))
        if t is not None:
            out.append(Match(t.hash, kind, value, len(ads), tuple(sorted(nets)), t.ads, t.first_seen, t.last_seen))
    return sorted(out, key=lambda m: (m.local_networks, m.kind, m.value))
