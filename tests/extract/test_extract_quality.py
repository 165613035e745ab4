"""The scoring functions ``make quality`` reuses: keys, multisets, absent kinds, misses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from threadline.extract.quality import item_key, load_cases, score


def test_item_keys() -> None:
    assert item_key("phones", {"value": "+17025550143"}) == "+17025550143"
    assert item_key("ages", {"value": 21}) == 21
    assert item_key("handles", {"service": "kik", "value": "jaz"}) == "kik:jaz"
    assert item_key("places", {"value": "Reno, NV", "source": "text"}) == "Reno, NV"
    assert item_key("places", {"value": "Reno, NV", "source": "location"}) == "Reno, NV (location)"


def test_multisets_misses_and_absent_kinds() -> None:
    cases: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("a", {"phones": ["+1", "+1"], "ages": [20]}, {"phones": [{"value": "+1"}], "ages": [{"value": 20}]}),
        ("b", {}, {"phones": [{"value": "+2"}], "ages": []}),
    ]
    report = score(cases, ("phones", "ages"))
    phones = report.scores["phones"]
    assert (phones.tp, phones.fp, phones.fn) == (1, 1, 1)
    assert phones.precision == 0.5 and phones.recall == 0.5 and phones.f1 == 0.5
    assert report.scores["ages"].f1 == 1.0
    assert [(m.case, m.missing, m.extra) for m in report.misses] == [(0, ("+1",), ()), (1, (), ("+2",))]
    assert "missing" in report.format()
    skipped = score(cases, ("phones",), absent_is_empty=False)
    assert skipped.scores["phones"].fp == 0
    assert score(cases, ("phones",), distinct=True).scores["phones"].fn == 0


def test_load_cases(tmp_path: Path) -> None:
    path = tmp_path / "truth.jsonl"
    path.write_text(json.dumps({"text": "x", "phones": []}) + "\n\n", encoding="utf-8")
    assert load_cases(path) == [{"text": "x", "phones": []}]
    path.write_text(json.dumps({"no": "text"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"truth\.jsonl:1"):
        load_cases(path)
