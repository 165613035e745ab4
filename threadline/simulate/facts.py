"""Collects the true identifier values while an ad's text is being written.

Composers never compute the truth separately from the text: every identifier goes through a
:class:`FactSheet` method that both records the true value and returns the written form, so the
truth file states exactly what the page shows.
"""

from __future__ import annotations

import struct
from functools import lru_cache

from threadline.simulate.model import Facts, Price
from threadline.simulate.spelling import email_text, handle_text, payment_text, phone_text

_MASK = (1 << 64) - 1
_GAMMA = 0x9E3779B97F4A7C15
_MIX1, _MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
# The eight values of a seed are computed side by side in one integer, one 128-bit lane each: a
# lane holds 64 bits and is masked back to them before every multiplication, so lanes never spill
# into each other. A handful of wide operations instead of eight rounds of narrow ones.
_LANES = 8
_ONES = sum(1 << (128 * i) for i in range(_LANES))
_GAMMAS = sum((((i + 1) * _GAMMA) & _MASK) << (128 * i) for i in range(_LANES))
_LANE_MASK = _MASK * _ONES
_unpack_lanes = struct.Struct("<" + "Q8x" * _LANES).unpack


@lru_cache(maxsize=4096)  # edits that keep the wording re-render with the same seed
def style_bits(seed: int, n: int) -> tuple[int, ...]:
    """``n`` well-mixed 64-bit values from ``seed`` (splitmix64): a draft's spelling and decoration
    choices. Cheaper than seeding a ``random.Random`` for every render, and just as deterministic."""
    if n <= _LANES:
        z = ((seed & _MASK) * _ONES + _GAMMAS) & _LANE_MASK  # lane i: seed + (i + 1) * gamma
        z = ((z ^ (z >> 30)) & _LANE_MASK) * _MIX1 & _LANE_MASK
        z = ((z ^ (z >> 27)) & _LANE_MASK) * _MIX2 & _LANE_MASK
        return _unpack_lanes(((z ^ (z >> 31)) & _LANE_MASK).to_bytes(16 * _LANES, "little"))[:n]
    out = []
    z = seed & _MASK
    for _ in range(n):
        z = (z + _GAMMA) & _MASK  # seed + i * gamma for i = 1..n, modulo 2**64
        x = (z ^ (z >> 30)) * _MIX1 & _MASK
        x = (x ^ (x >> 27)) * _MIX2 & _MASK
        out.append(x ^ (x >> 31))
    return tuple(out)


def tidy(line: str) -> str:
    """Collapse whitespace the way adapters normalise extracted text, so both sides agree."""
    # Most lines are tidy already. Every whitespace character but " " is non-printable, so a
    # printable line without doubled, leading or trailing spaces is returned as it is.
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


class FactSheet:
    """Ordered, de-duplicated identifier values stated by one version."""

    __slots__ = ("ages", "emails", "handles", "names", "payment", "person_ids", "phones", "prices")

    def __init__(self) -> None:
        self.phones: list[str] = []
        self.emails: list[str] = []
        self.handles: list[tuple[str, str]] = []
        self.payment: list[tuple[str, str]] = []
        self.ages: list[int] = []
        self.prices: list[Price] = []
        self.names: list[str] = []
        self.person_ids: list[str] = []

    # Each method adds its value unless already there (first statement order is kept).

    def phone(self, digits: str, style: str, bits: int) -> str:
        value = "+1" + digits
        if value not in self.phones:
            self.phones.append(value)
        return phone_text(digits, style, bits)

    def phone_seen(self, digits: str) -> None:
        """A phone shown outside the text (the site's phone box, a WhatsApp link)."""
        value = "+1" + digits
        if value not in self.phones:
            self.phones.append(value)

    def age(self, value: int) -> str:
        if value not in self.ages:
            self.ages.append(value)
        return str(value)

    def name(self, value: str) -> str:
        if value not in self.names:
            self.names.append(value)
        return value

    def person(self, person_id: str) -> None:
        if person_id not in self.person_ids:
            self.person_ids.append(person_id)

    def email(self, address: str, bits: int, *, spanish: bool = False) -> str:
        if address not in self.emails:
            self.emails.append(address)
        return email_text(address, bits, spanish=spanish)

    def handle(self, service: str, value: str, bits: int) -> str:
        if (service, value) not in self.handles:
            self.handles.append((service, value))
        if service == "whatsapp":
            self.phone_seen(value[2:])
        return handle_text(service, value, bits)

    def pay(self, service: str, value: str, bits: int) -> str:
        if (service, value) not in self.payment:
            self.payment.append((service, value))
        return payment_text(service, value, bits)

    def price(self, amount: int, currency: str, per_minutes: int | None) -> int:
        price = Price(amount, currency, per_minutes)
        if price not in self.prices:
            self.prices.append(price)
        return amount

    def freeze(self) -> Facts:
        return Facts(
            phones=tuple(self.phones),
            emails=tuple(self.emails),
            handles=tuple(self.handles),
            payment=tuple(self.payment),
            ages=tuple(self.ages),
            prices=tuple(self.prices),
            names=tuple(self.names),
            person_ids=tuple(self.person_ids),
        )
