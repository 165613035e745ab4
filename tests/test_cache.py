"""The on-disk cache of derived data: hits, misses, damage, an unwritable folder, the off switch,
and the gazetteer read back from it equal to a fresh build."""

from __future__ import annotations

import logging
import marshal
from pathlib import Path

import pytest

from threadline.cache import cache_folder, cached, entry_key
from threadline.gazetteer import City, _build_rows, load_gazetteer


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def rows_ok(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, int) for v in value)


def test_second_call_reads_the_file_instead_of_building(tmp_path: Path) -> None:
    build = Builder((1, 2, 3))
    assert cached("t", "k1", build, folder=tmp_path, valid=rows_ok) == (1, 2, 3)
    assert cached("t", "k1", build, folder=tmp_path, valid=rows_ok) == (1, 2, 3)
    assert build.calls == 1
    assert [p.name for p in tmp_path.iterdir()] == ["t-k1.marshal"]


def test_another_key_is_another_entry(tmp_path: Path) -> None:
    cached("t", "k1", Builder((1,)), folder=tmp_path, valid=rows_ok)
    assert cached("t", "k2", Builder((2,)), folder=tmp_path, valid=rows_ok) == (2,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t-k1.marshal", "t-k2.marshal"]


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00garbage\xff", marshal.dumps((1, 2, 3))[:-3], marshal.dumps(["not", "ints"])],
    ids=["empty", "garbage", "truncated", "wrong-shape"],
)
def test_a_damaged_entry_is_rebuilt_and_replaced(
    tmp_path: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "t-k.marshal").write_bytes(damage)
    build = Builder((7, 8))
    with caplog.at_level(logging.WARNING, logger="threadline.cache"):
        assert cached("t", "k", build, folder=tmp_path, valid=rows_ok) == (7, 8)
    assert build.calls == 1
    assert "t-k.marshal" in caplog.text
    assert marshal.loads((tmp_path / "t-k.marshal").read_bytes()) == (7, 8)


def test_an_unwritable_folder_costs_only_the_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the folder should be")
    build = Builder((5,))
    assert cached("t", "k", build, folder=blocker / "cache", valid=rows_ok) == (5,)
    assert cached("t", "k", build, folder=blocker / "cache", valid=rows_ok) == (5,)
    assert build.calls == 2


def test_off_builds_every_time_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cache_folder("off") is None and cache_folder(" OFF ") is None
    build = Builder((1,))
    cached("t", "k", build, folder=None, valid=rows_ok)
    cached("t", "k", build, folder=None, valid=rows_ok)
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_folder_comes_from_the_setting_then_xdg_then_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache_folder(str(tmp_path / "mine")) == tmp_path / "mine"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder("") == tmp_path / "xdg" / "threadline"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder("") == tmp_path / "home" / ".cache" / "threadline"
    monkeypatch.setenv("THREADLINE_CACHE_DIR", str(tmp_path / "env"))
    assert cache_folder() == tmp_path / "env"


def test_entry_key_changes_with_any_part_and_not_with_how_parts_are_cut() -> None:
    base = entry_key("0.1.0", "3.0.2", b"source")
    assert base == entry_key("0.1.0", "3.0.2", b"source")
    assert base != entry_key("0.1.1", "3.0.2", b"source")
    assert base != entry_key("0.1.0", "3.0.2", b"source!")
    assert entry_key("ab", "c") != entry_key("a", "bc")


def test_gazetteer_from_the_cache_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THREADLINE_CACHE_DIR", str(tmp_path))
    fresh = [City(*row) for row in _build_rows()]
    first = load_gazetteer.__wrapped__()  # builds and stores
    (entry,) = tmp_path.glob("gazetteer-*.marshal")
    second = load_gazetteer.__wrapped__()  # reads the entry back
    assert first.cities == fresh == second.cities
    assert len(fresh) > 3000 and sum(1 for c in fresh if c.area_codes) > 200
    assert second.by_area_code("702") == first.by_area_code("702") is not None
    entry.write_bytes(b"damaged")
    assert load_gazetteer.__wrapped__().cities == fresh
