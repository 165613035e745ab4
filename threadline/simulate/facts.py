"""Collects the true identifier values while an ad's text is being written.

Composers never compute the truth separately from the text: every identifier goes through a
:class:`FactSheet` method that both records the true value and returns the written form, so the
truth file states exactly what the page shows.
"""

from __future__ import annotations

from typing import TypeVar

from threadline.simulate.model import Facts, Price
from threadline.simulate.spelling import email_text, handle_text, payment_text, phone_text

T = TypeVar("T")


_MASK = (1 << 64) - 1


def style_bits(seed: int, n: int) -> list[int]:
    """``n`` well-mixed 64-bit values from ``seed`` (splitmix64): a draft's spelling and decoration
    choices. Cheaper than seeding a ``random.Random`` for every render, and just as deterministic."""
    out = []
    for i in range(1, n + 1):
        z = (seed + i * 0x9E3779B97F4A7C15) & _MASK
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        out.append(z ^ (z >> 31))
    return out


def tidy(line: str) -> str:
    """Collapse whitespace the way adapters normalise extracted text, so both sides agree."""
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

    @staticmethod
    def _add(bucket: list[T], value: T) -> None:
        if value not in bucket:
            bucket.append(value)

    def phone(self, digits: str, style: str, bits: int) -> str:
        self._add(self.phones, "+1" + digits)
        return phone_text(digits, style, bits)

    def phone_seen(self, digits: str) -> None:
        """A phone shown outside the text (the site's phone box, a WhatsApp link)."""
        self._add(self.phones, "+1" + digits)

    def age(self, value: int) -> str:
        self._add(self.ages, value)
        return str(value)

    def name(self, value: str) -> str:
        self._add(self.names, value)
        return value

    def person(self, person_id: str) -> None:
        self._add(self.person_ids, person_id)

    def email(self, address: str, bits: int, *, spanish: bool = False) -> str:
        self._add(self.emails, address)
        return email_text(address, bits, spanish=spanish)

    def handle(self, service: str, value: str, bits: int) -> str:
        self._add(self.handles, (service, value))
        if service == "whatsapp":
            self.phone_seen(value[2:])
        return handle_text(service, value, bits)

    def pay(self, service: str, value: str, bits: int) -> str:
        self._add(self.payment, (service, value))
        return payment_text(service, value, bits)

    def price(self, amount: int, currency: str, per_minutes: int | None) -> int:
        self._add(self.prices, Price(amount, currency, per_minutes))
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
