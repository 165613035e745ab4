"""Movement of one network: its circuit (the ordered cities it advertised in, with dates) and the
moves between cities it made most often.

Ads are ordered by first sighting; consecutive ads in the same city are one stop, so a circuit reads
Houston (3 ads, 2 Mar - 5 Mar) -> Dallas (2 ads, 6 Mar - 8 Mar) -> Houston ... A move is counted
each time the advertised city changes from one stop to the next.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from threadline.errors import NotFound
from threadline.gazetteer import distance_km
from threadline.store import analysis as store_analysis
from threadline.store import links as store_links
from threadline.store.analysis import AdRow
from threadline.store.store import Store


@dataclass(slots=True)
class Stop:
    city: str
    lat: float
    lon: float
    first_seen: datetime
    last_seen: datetime
    ads: int
    sites: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Move:
    origin: str
    destination: str
    times: int
    km: float


@dataclass(frozen=True, slots=True)
class Movement:
    network_id: int
    ads: int
    ads_without_city: int
    stops: list[Stop]
    moves: list[Move]  # most frequent first
    cities: int
    km: float  # total distance along the circuit


def circuit(network_id: int, ads: Sequence[AdRow]) -> Movement:
    """The circuit of the given ads (all of one network)."""
    located = sorted(
        (a for a in ads if a.city is not None and a.lat is not None and a.lon is not None),
        key=lambda a: (a.first_seen, a.ad_id),
    )
    stops: list[Stop] = []
    for a in located:
        assert a.city is not None and a.lat is not None and a.lon is not None  # filtered above
        if stops and stops[-1].city == a.city:
            s = stops[-1]
            s.ads += 1
            s.last_seen = max(s.last_seen, a.first_seen)
            if a.site not in s.sites:
                s.sites.append(a.site)
        else:
            stops.append(Stop(a.city, a.lat, a.lon, a.first_seen, a.first_seen, 1, [a.site]))
    counts: Counter[tuple[str, str]] = Counter()
    km: dict[tuple[str, str], float] = {}
    total = 0.0
    for x, y in itertools.pairwise(stops):
        key = (x.city, y.city)
        counts[key] += 1
        km[key] = distance_km(x.lat, x.lon, y.lat, y.lon)
        total += km[key]
    moves = [Move(o, d, n, round(km[(o, d)], 1)) for (o, d), n in counts.most_common()]
    return Movement(
        network_id, len(ads), len(ads) - len(located), stops, moves, len({s.city for s in stops}), round(total, 1)
    )


def network_movement(store: Store, network_id: int) -> Movement:
    with store.connect() as conn:
        members = store_links.network_ads(conn, network_id)
        if not members:
            raise NotFound(f"no network {network_id} (network ids are ad ids: see `threadline risk`)")
        ads = store_analysis.ad_rows(conn, members)
    return circuit(network_id, ads)
