"""The `threadline` command as a user runs it: real processes, real store files, one-line errors."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadline.simulate import simulate

EXE = str(Path(sys.executable).parent / "threadline")


def tl(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, check=False)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cliworld")
    simulate(out, 800, seed=9, workers=1)
    return out


def jsonl_line(ad_id: str, body: str, when: str = "2018-03-01T10:00:00Z") -> str:
    return json.dumps(
        {
            "site": "boardx",
            "ad_id": ad_id,
            "url": f"https://boardx.example/{ad_id}",
            "captured_at": when,
            "title": "New in town",
            "body": body,
        }
    )


def test_ingest_stats_search_show_verify(world: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/t.db"
    report = json.loads(tl("ingest", str(world / "warc"), "--db", db, "--json").stdout)
    truth = [json.loads(line) for line in (world / "truth.jsonl").read_text().splitlines()]
    stats = json.loads(tl("stats", "--db", db, "--json").stdout)
    assert stats["versions"] == len(truth) == report["totals"]["versions_new"]
    assert stats["ads"] == len({(t["site"], t["ad_id"]) for t in truth})
    assert {s["name"] for s in stats["sites"]} == {t["site"] for t in truth}
    edited = next(t for t in truth if t["version"] == 1)
    shown = json.loads(tl("ad", "show", edited["site"], edited["ad_id"], "--db", db, "--json").stdout)
    assert len(shown["versions"]) >= 2 and shown["versions"][1]["body"] == edited["text"]
    diff = tl("ad", "show", edited["site"], edited["ad_id"], "--versions", "--db", db).stdout
    assert "version 2" in diff
    words = [w for w in edited["text"].split() if w.isalpha() and len(w) > 4][:3]
    hits = json.loads(tl("search", " ".join(words), "--db", db, "--json", "--limit", "1000").stdout)
    assert (edited["site"], edited["ad_id"]) in {(h["site"], h["site_ad_id"]) for h in hits}
    assert all("[" in h["snippet"] for h in hits)  # matches are marked in the snippet
    assert "0 mismatches" in tl("verify", "--db", db).stderr


def test_jsonl_with_bad_lines_keeps_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "ads.jsonl"
    src.write_text(
        "\n".join(
            [
                jsonl_line("1", "hello"),
                '{"site": "boardx"}',
                "not json",
                jsonl_line("2", "x"),
                jsonl_line("3", "y", when="2018-13-40"),
            ]
        )
        + "\n"
    )
    db = f"sqlite:///{tmp_path}/t.db"
    totals = json.loads(tl("ingest", str(src), "--db", db, "--json").stdout)["totals"]
    assert (totals["ads_new"], totals["versions_new"], totals["quarantined"]) == (2, 2, 3)


def test_damaged_warc_loses_only_the_damaged_record(world: Path, tmp_path: Path) -> None:
    [first, *_] = sorted((world / "warc").glob("*.warc.gz"))
    data = first.read_bytes()
    members = []  # offsets of gzip members (one per WARC record)
    pos = 0
    while (pos := data.find(b"\x1f\x8b\x08", pos)) != -1:
        members.append(pos)
        pos += 3
    middle = members[len(members) // 2]
    damaged = bytearray(data)
    damaged[middle + 40 : middle + 60] = b"\x00" * 20  # wreck the deflate stream of one member
    (tmp_path / "d.warc.gz").write_bytes(bytes(damaged))
    clean_db, bad_db = f"sqlite:///{tmp_path}/c.db", f"sqlite:///{tmp_path}/b.db"
    clean = json.loads(tl("ingest", str(first), "--db", clean_db, "--json").stdout)["totals"]
    bad = json.loads(tl("ingest", str(tmp_path / "d.warc.gz"), "--db", bad_db, "--json").stdout)["totals"]
    assert bad["quarantined"] == 1
    assert bad["captures_new"] + bad["skipped"] == clean["captures_new"] + clean["skipped"] - 1
    assert gzip.decompress(data)  # the original is intact; only the copy was damaged


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "/no/such/file.warc"], "/no/such/file.warc"),
        (["stats", "--db", "notaurl"], "not a database URL"),
        (["stats", "--db", "sqlite:////no/such/dir/x.db"], "does not exist"),
        (["ad", "show", "nosite", "1"], "no ad '1' on site 'nosite'"),
        (["search", "!!!"], "no words"),
    ],
)
def test_user_errors_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    if "--db" not in args:
        args = [*args, "--db", f"sqlite:///{tmp_path}/t.db"]
    done = tl(*args, ok=False)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
