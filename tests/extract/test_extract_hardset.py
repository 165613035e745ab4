"""The hand-written hard set: tricky lines with the values an analyst expects, scored per kind.

Phones, ages and e-mails are annotated on every line (a missing key means "none here"), so their
false positives count; the other kinds are scored only on the lines that annotate them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from threadline.extract.api import extract
from threadline.extract.quality import Report, load_cases, score

HARDSET = Path(__file__).with_name("hardset.jsonl")
Triple = tuple[str, dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def triples() -> list[Triple]:
    cases = load_cases(HARDSET)
    assert len(cases) >= 150
    return [(c["text"], c, extract(c["text"], location=c.get("location")).to_json()) for c in cases]


def _report(report: Report) -> None:
    print("\n" + report.format())  # shown with -s or on failure: the misses are the to-do list


def test_phones_ages_emails(triples: list[Triple]) -> None:
    report = score(triples, ("phones", "ages", "emails"), absent_is_empty=True)
    _report(report)
    phones, ages, emails = (report.scores[k] for k in ("phones", "ages", "emails"))
    assert phones.precision >= 0.98, report.format()
    assert phones.recall >= 0.95, report.format()
    assert ages.f1 >= 0.95, report.format()
    assert emails.f1 >= 0.95, report.format()


def test_other_kinds(triples: list[Triple]) -> None:
    kinds = ("handles", "payment", "prices", "places", "names", "urls")
    report = score(triples, kinds, absent_is_empty=False)
    _report(report)
    for kind in kinds:  # lower bars: these kinds matter less for linking, or are lower-precision
        assert report.scores[kind].f1 >= 0.85, report.format()


def test_every_span_is_evidence(triples: list[Triple]) -> None:
    for text, _, predicted in triples:
        for items in predicted.values():
            assert isinstance(items, list)
            for item in items:
                if item["start"] is not None:
                    assert text[item["start"] : item["end"]] == item["raw"], (text, item)


def test_minors_are_flagged(triples: list[Triple]) -> None:
    minors = [a for _, _, p in triples for a in p["ages"] if a["value"] < 18]
    assert minors and all(a["minor"] for a in minors)
