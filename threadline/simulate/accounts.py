"""Hands out account names (handles, payment tags, e-mail addresses, link domains) unique world-wide.

In the real world an account has one owner: two unrelated posters cannot both be "$kendrala" on
Cash App. Names drawn freely from a few dozen first names and tails collide all the time, and each
collision would be a false link that the truth does not know about (the linker would be blamed for
the world's mistake). Shards are generated in parallel without talking to each other, so ownership
is decided the way :mod:`threadline.simulate.phonepool` splits phone numbers: shard ``k`` of ``n``
may only hand out names whose CRC-32 is ``k`` modulo ``n``, and keeps a set of what it handed out.

A poster first tries a few natural names; if none is free and owned by its shard it keeps the last
one and appends the smallest number that makes it so, as a sign-up form suggests "kendra.la27".
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

NATURAL_TRIES = 6  # natural names tried before a number is appended


class AccountPool:
    def __init__(self, shard: int, shards: int) -> None:
        self._shard, self._shards = shard, shards
        self._taken: set[str] = set()
        self.numbered = 0  # names that needed a number: world.json can say how natural names are

    def _free(self, key: str) -> bool:
        return key not in self._taken and zlib.crc32(key.encode()) % self._shards == self._shard

    def claim(self, namespace: str, make: Callable[[], str], domain: str = "") -> str:
        """A name from ``make()`` (plus ``domain``, e.g. "@example.com") that no other poster of the
        world holds in ``namespace`` (a service: "snapchat", "pay", "email", "link")."""
        name = ""
        for _ in range(NATURAL_TRIES):
            name = make()
            if self._free(f"{namespace}:{name}{domain}".lower()):
                return self._take(namespace, name + domain)
        self.numbered += 1
        n = 1
        while not self._free(f"{namespace}:{name}{n}{domain}".lower()):
            n += 1
        return self._take(namespace, f"{name}{n}{domain}")

    def _take(self, namespace: str, value: str) -> str:
        self._taken.add(f"{namespace}:{value}".lower())
        return value
