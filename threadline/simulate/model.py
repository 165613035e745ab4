"""Typed records of the synthetic world: posters, the people they advertise, ads and ad versions.

A :class:`Poster` is who places ads (and the unit of ground truth: ``network_id`` = ``poster_id``).
A :class:`Draft` is the editable state behind one version of one ad; composing it gives the
:class:`Content` a page shows plus the :class:`Facts` the truth file records. An :class:`Ad` is a
draft history laid on a site, with the times a crawler captured each version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from threadline.simulate.geo import Place
from threadline.simulate.sites import Kind, SiteSpec


@dataclass(frozen=True, slots=True)
class Person:
    """Someone advertised: an independent, a network's victim, a spa's staff member, a spam persona."""

    person_id: str
    name: str
    age: int  # the age ads state for this person (a youth may be stated below 18 in some versions)
    youth: bool = False  # ads about this person carry youth language
    photos: tuple[str, ...] = ()  # image file stems reused across ads, sites and reposts


@dataclass(frozen=True, slots=True)
class Poster:
    """An advertiser. Kind-specific fields are empty for the kinds that do not use them."""

    poster_id: str
    kind: Kind
    language: str  # "en" or "es"
    home: Place
    home_site: str
    cross_site: str | None  # second site each ad is also posted to, if any
    phones: tuple[str, ...]  # ten-digit NANP numbers; trafficking controllers rotate several
    phone_styles: tuple[str, ...]  # spellings this poster habitually uses
    persons: tuple[Person, ...]
    email: str | None
    handles: tuple[tuple[str, str], ...]
    payment: tuple[tuple[str, str], ...]
    tier: float  # price multiplier on top of the city's price level
    skeleton: tuple[int, ...]  # the poster's habitual phrase choice per text slot
    emoji: bool  # decorates titles with emoji
    window: tuple[int, int]  # first and last second the poster is active
    n_ads: int
    route: tuple[tuple[int, int], ...] = ()  # (from second, place index): where ads are placed over time
    business: str = ""  # spa name
    address: str = ""  # spa street address
    link: str = ""  # spam link
    goods: tuple[int, ...] = ()  # classified: indices of the items sold
    goods_kind: str = ""  # classified: furniture / cars / jobs


@dataclass(frozen=True, slots=True)
class Price:
    amount: int
    currency: str
    per_minutes: int | None  # None for the price of a thing (classifieds)


@dataclass(frozen=True, slots=True)
class Facts:
    """True identifier values stated by one version (title, text and the site's own fields)."""

    phones: tuple[str, ...] = ()  # E.164
    emails: tuple[str, ...] = ()
    handles: tuple[tuple[str, str], ...] = ()  # (service, value without sigil)
    payment: tuple[tuple[str, str], ...] = ()
    ages: tuple[int, ...] = ()
    prices: tuple[Price, ...] = ()
    names: tuple[str, ...] = ()
    person_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Content:
    """What one version of an ad shows. ``lines`` joined by newlines is the ad text."""

    title: str
    lines: tuple[str, ...]
    boxes: tuple[tuple[str, str], ...]  # (canonical key, shown value), only keys the site displays
    images: tuple[str, ...]
    facts: Facts

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def same_page(self, other: Content) -> bool:
        """Whether a reader could tell the two apart (facts follow from what is shown)."""
        return (
            self.title == other.title
            and self.lines == other.lines
            and self.boxes == other.boxes
            and self.images == other.images
        )


@dataclass(frozen=True, slots=True)
class Draft:
    """The editable state of one ad version; composers turn it into :class:`Content`."""

    poster: Poster
    place: Place
    category: str
    persons: tuple[Person, ...]
    ages: tuple[int, ...]  # stated age per featured person
    phones: tuple[str, ...]
    rate: int  # the hourly (or item) price before it is written in the ad's own way
    skeleton: tuple[int, ...]
    style_seed: int
    indicators: frozenset[str]  # phrases present: new_in_town, no_le, youth, cash_only, ...
    images: tuple[str, ...]
    posted_at: int
    visiting_until: int | None = None  # touring: the last day in town
    item: int = 0  # classified: which of the poster's goods


_DRAFT_SLOTS = tuple((Draft.__dict__[name].__set__, Draft.__dict__[name].__get__) for name in Draft.__slots__)


def evolve(d: Draft, **changes: Any) -> Draft:
    """``dataclasses.replace`` for drafts, without its per-field bookkeeping (edits make many).
    Unknown field names still raise (slots), and drafts have no ``__post_init__`` to skip."""
    new = object.__new__(Draft)
    for put, get in _DRAFT_SLOTS:
        put(new, get(d))
    for name, value in changes.items():
        object.__setattr__(new, name, value)
    return new


@dataclass(frozen=True, slots=True)
class Version:
    content: Content
    edit: str | None  # what changed from the previous version
    captures: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Ad:
    site: SiteSpec
    ad_id: str
    url: str
    category: str
    place: Place
    posted_at: int
    poster: Poster
    repost_of: str | None
    versions: tuple[Version, ...]
    deleted_at: int | None  # capture that first showed the ad removed
    seized_at: int | None  # capture of the ad's URL that showed the seizure banner instead


@dataclass(frozen=True, slots=True)
class Migration:
    """What one pagelist poster did after the closure."""

    poster_id: str
    kind: str
    language: str
    planned: str | None  # site drawn from the migration table, None = stop advertising
    realised: str | None  # site they actually posted on after the closure, None = vanished
    first_post_after: int | None
