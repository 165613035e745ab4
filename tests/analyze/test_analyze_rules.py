"""The indicators file: every indicator cites its source; the study's findings are respected."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.analyze.rules import PACKAGED, load_rules
from threadline.errors import ConfigError


def test_packaged_indicators_cite_sources_and_follow_the_study() -> None:
    rules = load_rules()
    assert rules.source == str(PACKAGED)
    text = PACKAGED.read_text()
    for ind in rules.indicators:
        assert ind.description and ind.weight_source
        assert f"[{ind.citation}]" in text, f"{ind.name} cites {ind.citation}, which the file does not list"
    # JRSA/NIJ 2024: movement language 70 % less associated; a stated age under 23 not predictive.
    assert rules.weight("movement_language") == pytest.approx(-1.20, abs=0.01)
    assert rules.weight("stated_age_under_23") == 0.0
    assert rules.weight("screening_language") == 0.0
    for name in ("obscured_phone", "youth_language", "trustworthy_language", "ethnicity_listed"):
        assert rules.weight(name) > 0
    assert rules.weight("possible_minor") >= max(rules.weight(n) for n in ("obscured_phone", "youth_language"))


def write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "ind.toml"
    path.write_text(body)
    return str(path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[indicator]]\nname = 'x'\n", "lacks"),
        ("x = 1\n", "defines no"),
        ("[[indicator", "not valid TOML"),
        (
            "[[indicator]]\nname='a'\nlevel='ad'\ndescription='d'\nweight=1\nweight_source='s'\ncitation='c'\n"
            "patterns=['(']\n",
            "bad pattern",
        ),
        (
            "[[indicator]]\nname='a'\nlevel='bogus'\ndescription='d'\nweight=1\nweight_source='s'\ncitation='c'\n",
            "level must be",
        ),
        (
            "[[indicator]]\nname='a'\nlevel='ad'\ndescription='d'\nweight='heavy'\nweight_source='s'\ncitation='c'\n",
            "must be numbers",
        ),
    ],
)
def test_a_bad_indicators_file_is_one_clear_error(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_rules(write(tmp_path, body))


def test_a_user_file_replaces_the_packaged_one(tmp_path: Path) -> None:
    rules = load_rules(
        write(
            tmp_path,
            "[[indicator]]\nname='cash'\nlevel='ad'\ndescription='d'\nweight=0.5\nweight_source='mine'\n"
            "citation='me'\npatterns=['\\\\bcash\\\\b']\n",
        )
    )
    assert rules.names == ("cash",) and len(rules.scanners) == 1
