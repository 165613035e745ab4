"""Typed records going into and coming out of the linking engine.

The store layer builds one :class:`LinkAd` per ad (its latest version's text and every normalised
identifier of all its versions) and persists what :class:`LinkResult` reports: new links, links to
retract, clusters whose membership changed, clusters that no longer exist, and hubs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# Identifier kinds the extractors produce. Other kinds (e.g. "url") are accepted and link the same way;
# a link's reason is then the kind itself.
IDENTIFIER_KINDS = ("phone", "email", "handle", "payment", "image")
TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class LinkAd:
    """One ad as the linker sees it.

    ``identifiers`` holds (kind, normalised value) pairs: ("phone", "+17025550143"),
    ("email", "x@example.com"), ("handle", "snapchat:name"), ("payment", "cashapp:$name"),
    ("image", "<16 hex digits of a 64-bit perceptual hash>"). ``day`` is days since the epoch of first
    sighting. Adding an ad id again (a new version) adds its new identifiers and text; links are never
    removed except by hub suppression or a rebuild.
    """

    ad: int
    text: str
    identifiers: tuple[tuple[str, str], ...] = ()
    site: str = ""
    city: str | None = None
    day: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """Why two ads are linked. ``a`` is the earlier-known ad (the identifier's first holder).

    ``evidence`` is the identifier value; for images near matches ``"<hash a>~<hash b> d=<bits>"``; for
    templates ``"T<template cluster id> J=<estimated Jaccard>"`` (the template cluster id as it was when
    the link was made). ``score`` is 1.0 for equal identifiers, the estimated Jaccard for templates and
    ``1 - distance/64`` for near-equal images.
    """

    a: int
    b: int
    reason: str
    evidence: str
    score: float


@dataclass(frozen=True, slots=True)
class Hub:
    """An identifier or boilerplate phrase seen under too many unrelated contexts; it links nothing.

    ``kind`` is the identifier kind, or "template" for a boilerplate phrase (``value`` is then the
    masked phrase). ``ads`` is how many ads carry it when it was judged.
    """

    kind: str
    value: str
    ads: int
    reason: str


@dataclass(frozen=True, slots=True)
class ClusterChange:
    """A cluster (network candidate, two or more ads) that is new or whose membership changed.

    ``cluster`` is its id: the smallest ad id in it. ``absorbed`` are ids of clusters merged into it
    that no longer exist under their own id.
    """

    cluster: int
    members: tuple[int, ...]
    absorbed: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What one :meth:`LinkEngine.add` call changed.

    The store applies it in order: delete ``retracted`` links, insert ``links``, delete the clusters
    in ``removed``, upsert ``clusters``, record ``hubs``. ``rebuild_advised`` means a boilerplate phrase
    was found after ads carrying it were already fingerprinted; a rebuild from the store
    (:meth:`LinkEngine.build`) gives exact results again, meanwhile precision only improves.
    """

    ads: int
    links: Sequence[Link] = ()  # a LinkColumns: iterate it, or read its columns for a bulk insert
    retracted: Sequence[Link] = ()
    clusters: tuple[ClusterChange, ...] = ()
    removed: tuple[int, ...] = ()
    hubs: tuple[Hub, ...] = ()
    rebuild_advised: bool = False
    stages: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # (stage, seconds)


@dataclass(frozen=True, slots=True)
class TemplateText:
    """A template cluster's text as analysts read it: fixed tokens, ``{slot}`` where members vary.

    ``support`` gives, per token of ``tokens``, the share of members that carry it at that place;
    masked values (``{phone}``, ``{name}``...) are shown as such since their values always vary.
    """

    cluster: int
    members: int
    tokens: tuple[str, ...]
    support: tuple[float, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)
