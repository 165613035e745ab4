"""Hands out fictional phone numbers so that no two posters share one by accident.

Numbers are NPA-555-01XX (the NANP range reserved for fiction) for every area code the map knows:
about 29,000 numbers. Shard ``k`` of ``n`` owns the numbers whose global index is ``k`` modulo ``n``,
so shards generated in parallel never collide and the result does not depend on the worker count.
A poster gets a number of its home area code when one is left, else one of a nearby city, else any
(burner phones with out-of-area codes are common anyway). Only when a shard has used every number
it owns are numbers reused; :attr:`PhonePool.reused` counts that so ``world.json`` can say so.
"""

from __future__ import annotations

import random

from threadline.simulate.geo import Place, WorldMap

LINES = range(100, 200)  # 555-0100 .. 555-0199


class PhonePool:
    def __init__(self, world: WorldMap, shard: int, shards: int, rng: random.Random) -> None:
        self._world = world
        self._free: dict[str, list[str]] = {}
        width = len(LINES)
        for n, npa in enumerate(world.npas):
            first = (shard - n * width) % shards  # first line index of this NPA that the shard owns
            mine = [f"{npa}555{LINES[i]:04d}" for i in range(first, width, shards)]
            rng.shuffle(mine)
            self._free[npa] = mine
        self._any = list(world.npas)
        rng.shuffle(self._any)
        self._rng = rng
        self._issued: list[str] = []
        self.reused = 0

    def _pop(self, npa: str) -> str | None:
        free = self._free.get(npa)
        if free:
            number = free.pop()
            self._issued.append(number)
            return number
        return None

    def take(self, place: Place, *, local: bool = True) -> str:
        """A fresh number, local to ``place`` when ``local`` and one is left."""
        if local:
            for npa in place.npas:
                if (number := self._pop(npa)) is not None:
                    return number
            for i in place.neighbours:
                for npa in self._world.places[i].npas:
                    if (number := self._pop(npa)) is not None:
                        return number
        start = self._rng.randrange(len(self._any))
        for k in range(len(self._any)):
            if (number := self._pop(self._any[(start + k) % len(self._any)])) is not None:
                return number
        # Exhausted: recycle a number this shard issued before (carriers recycle numbers too).
        self.reused += 1
        return self._rng.choice(self._issued)
