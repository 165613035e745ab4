"""Account names are unique world-wide, and posters of the same kind word their ads differently."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

from threadline.simulate import simulate
from threadline.simulate.accounts import AccountPool
from threadline.simulate.phrases_other import CLASSIFIED, SPA, SPAM
from threadline.simulate.wording import assemble, choose, wordings


def test_shards_never_hand_out_the_same_name() -> None:
    shards = 7
    handed: dict[str, int] = {}
    for shard in range(shards):
        pool, rng = AccountPool(shard, shards), random.Random(shard)
        for _ in range(300):
            name = pool.claim("snapchat", lambda r=rng: r.choice(["kendra.la", "ritahun", "itsmia"]))
            assert handed.setdefault(name, shard) == shard, name  # not already handed by another shard
    assert len(handed) == shards * 300


def test_same_name_is_free_in_another_namespace() -> None:
    pool = AccountPool(0, 1)
    assert pool.claim("snapchat", lambda: "mia.xo") == "mia.xo"
    assert pool.claim("instagram", lambda: "mia.xo") == "mia.xo"  # one person, one name on two services
    assert pool.claim("snapchat", lambda: "mia.xo") == "mia.xo1"
    assert pool.claim("email", lambda: "mia", "@example.com") == "mia@example.com"
    assert pool.claim("email", lambda: "mia", "@example.com") == "mia1@example.com"


def test_sentence_banks_have_many_wordings_and_a_poster_keeps_one() -> None:
    for bank in (SPA, SPAM, CLASSIFIED):
        for slot, parts in bank.items():
            if sum(len(options) > 1 for options in parts) >= 2:
                assert wordings(parts) >= 20, slot
    assert assemble(1234, SPAM["greet"]) == assemble(1234, SPAM["greet"])
    assert len({assemble(v, SPAM["verify"]) for v in range(2000)}) == wordings(SPAM["verify"])
    picked = choose(4242, ["a", "b", "c", "d", "e"], 3)
    assert len(set(picked)) == 3 and picked == choose(4242, ["a", "b", "c", "d", "e"], 3)


def test_no_identifier_is_shared_by_two_posters(tmp_path: Path) -> None:
    simulate(tmp_path, 6000, 21, workers=2)
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    with (tmp_path / "truth.jsonl").open() as fh:
        for line in fh:
            t = json.loads(line)
            for e in t["emails"]:
                owners[("email", e)].add(t["poster_id"])
            for h in t["handles"]:
                owners[(h["service"], h["value"])].add(t["poster_id"])
            for p in t["payment"]:
                owners[(p["service"], p["value"])].add(t["poster_id"])
            for ph in t["phones"]:
                owners[("phone", ph)].add(t["poster_id"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert len(owners) > 500 and not shared
