"""The synthetic world is realistic in structure and its truth is internally consistent."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from itertools import pairwise

import phonenumbers
import pytest

from threadline.gazetteer import haversine_km, load_gazetteer
from threadline.simulate import simulate
from threadline.simulate.lexicon import FORBIDDEN_WORDS


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("c")
    simulate(out, 4000, 21, workers=2)
    return [json.loads(x) for x in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_kind_is_present_and_labelled(rows: list[dict]) -> None:
    kinds = {r["poster_kind"] for r in rows}
    assert kinds == {"independent", "trafficking", "spa", "spam", "classified"}
    assert all(r["network_id"] == r["poster_id"] for r in rows)
    assert {r["site"] for r in rows} == {
        "pagelist",
        "citynights",
        "velvetboard",
        "anuncioslatinos",
        "swapmeet",
    }


def test_phones_are_fictional_valid_and_not_shared_between_posters(rows: list[dict]) -> None:
    owner: dict[str, str] = {}
    for r in rows:
        for phone in r["phones"]:
            assert re.fullmatch(r"\+1\d{3}55501\d\d", phone), phone
            assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
            assert owner.setdefault(phone, r["poster_id"]) == r["poster_id"], phone


def test_kinds_behave_like_their_kind(rows: list[dict]) -> None:
    by_poster: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_poster[r["poster_id"]].append(r)
    spam = [v for v in by_poster.values() if v[0]["poster_kind"] == "spam"]
    assert spam and all(not r["phones"] for v in spam for r in v)
    assert any(
        len({r["city"]["geonameid"] for r in v}) > 3 and len({r["text"] for r in v}) < len(v) for v in spam
    )
    nets = [v for v in by_poster.values() if v[0]["poster_kind"] == "trafficking"]
    assert any(len({p for r in v for p in r["phones"]}) > 1 for v in nets)
    assert any(len({p for r in v for p in r["person_ids"]}) > 1 for v in nets)
    assert any(a < 18 for v in nets for r in v for a in r["ages"])  # youth stated under 18 somewhere
    spas = [r for v in by_poster.values() if v[0]["poster_kind"] == "spa" for r in v]
    assert spas and all(re.search(r"\d+ [NSEW ]*[A-Z][a-z]+", r["text"]) for r in spas)  # a street address
    assert all(not r["ages"] and not r["person_ids"] for r in rows if r["poster_kind"] == "classified")
    indep = [v for v in by_poster.values() if v[0]["poster_kind"] == "independent"]
    assert all(len({p for r in v for p in r["person_ids"]}) == 1 for v in indep)


def test_networks_move_along_circuits_of_nearby_cities(rows: list[dict]) -> None:
    gaz = load_gazetteer()
    hops = []
    by_poster: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["poster_kind"] == "trafficking" and r["version"] == 0:
            by_poster[r["poster_id"]].append(r)
    for ads in by_poster.values():
        ads.sort(key=lambda r: r["posted_at"])
        cities = [a["city"]["geonameid"] for a in ads]
        hops += [haversine_km(gaz.get(a), gaz.get(b)) for a, b in pairwise(cities) if a != b]
    assert hops and sorted(hops)[len(hops) // 2] < 800  # the typical move is to a nearby city


def test_edits_reposts_and_deletions_are_consistent(rows: list[dict]) -> None:
    ads: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        ads[(r["site"], r["ad_id"])].append(r)
    edits = {r["edit"] for r in rows}
    assert {"age_raised", "phone_swapped", "reworded", "indicator_removed", None} <= edits
    for versions in ads.values():
        assert [v["version"] for v in versions] == list(range(len(versions)))
        assert all(v["deleted_at"] is None for v in versions[:-1])
        assert versions[0]["edit"] is None and all(v["edit"] for v in versions[1:])
        for a, b in pairwise(versions):
            assert a["last_seen"] < b["first_seen"]
            if b["edit"] == "age_raised":
                assert max(b["ages"]) > min(a["ages"]) or b["ages"] != a["ages"]
            if b["edit"] == "phone_swapped":
                assert b["phones"] != a["phones"]
        if versions[-1]["deleted_at"]:
            assert versions[-1]["deleted_at"] > versions[-1]["last_seen"]
    reposts = [r for r in rows if r["repost_of"]]
    assert reposts
    for r in reposts:
        source = ads.get((r["site"], r["repost_of"]))
        assert source is None or source[0]["poster_id"] == r["poster_id"]


def test_text_is_non_explicit_and_uses_example_domains(rows: list[dict]) -> None:
    for r in rows:
        words = set(re.findall(r"[a-z]+", (r["title"] + " " + r["text"]).lower()))
        assert not words & FORBIDDEN_WORDS, r["text"]
        for email in r["emails"]:
            assert re.fullmatch(r"[a-z0-9._]+@example\.(com|org|net)", email)
        for link in re.findall(r"https?://([^/\s]+)", r["text"]):
            assert link.endswith(".example"), link


def test_identifiers_are_written_in_many_ways(rows: list[dict]) -> None:
    texts = "\n".join(r["text"] for r in rows)
    assert re.search(r"\b(seven|eight|nine|five|four|three|two|one) (zero|oh|one|two)\b", texts)
    assert "\ufe0f\u20e3" in texts  # emoji keycaps
    assert re.search(r"[０-９]", texts) or re.search(r"[𝟎-𝟗]", texts)
    assert re.search(r"\b\d+ (hh|roses)\b", texts)  # prices that are not phones
    assert re.search(r"\bat example dot (com|org|net)\b", texts) or "arroba" in texts
    assert any(r["handles"] for r in rows) and any(r["payment"] for r in rows)
    assert any(r["language"] == "es" for r in rows)


def test_truth_file_times_are_ordered(rows: list[dict]) -> None:
    for r in rows:
        caps = r["captures"]
        assert caps == sorted(caps) and r["first_seen"] == caps[0] and r["last_seen"] == caps[-1]
        assert r["posted_at"] <= r["first_seen"]
