"""simulate(): exact size, determinism across worker counts, readable WARCs, world.json."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from threadline.errors import ConfigError
from threadline.simulate import simulate


def _members(path: Path) -> int:
    """Number of gzip members in a file (each WARC record must be its own member)."""
    data = path.read_bytes()
    count = 0
    while data:
        d = zlib.decompressobj(31)
        d.decompress(data)
        data = d.unused_data
        count += 1
    return count


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("w")
    simulate(out, 2600, 3, workers=1)
    return out


def test_exact_number_of_versions(tmp_path: Path) -> None:
    for n in (1, 57):
        summary = simulate(tmp_path / str(n), n, 5, workers=1)
        lines = (tmp_path / str(n) / "truth.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == n == summary.versions
    seen: list[int] = []
    summary = simulate(tmp_path / "p", 2600, 5, workers=2, progress=seen.append)
    assert sum(seen) == 2600 == summary.versions
    assert summary.versions_per_second > 0 and summary.captures > summary.versions


def test_same_seed_same_bytes_whatever_the_workers(world: Path, tmp_path: Path) -> None:
    simulate(tmp_path, 2600, 3, workers=2)
    for name in ("truth.jsonl", "world.json", *(f"warc/{p.name}" for p in (world / "warc").glob("*.gz"))):
        assert (tmp_path / name).read_bytes() == (world / name).read_bytes(), name
    other = tmp_path / "other"
    simulate(other, 300, 4, workers=1)
    assert (other / "truth.jsonl").read_bytes()[:2000] != (world / "truth.jsonl").read_bytes()[:2000]


def test_warc_records_are_well_formed(world: Path) -> None:
    files = sorted((world / "warc").glob("*.warc.gz"))
    assert len(files) == 2
    kinds: Counter[str] = Counter()
    ids: set[str] = set()
    encodings: Counter[str] = Counter()
    for path in files:
        with path.open("rb") as fh:
            records = list(_read(fh, kinds, ids, encodings))
        assert records[0] == "warcinfo"
        assert _members(path) == len(records)
    assert kinds["request"] > 0 and kinds["response"] > 5 * kinds["request"]
    assert len(ids) == sum(kinds.values())
    assert encodings["gzip"] > 0 and encodings["chunked"] > 0


def _read(fh: object, kinds: Counter[str], ids: set[str], encodings: Counter[str]) -> list[str]:
    out = []
    for rec in ArchiveIterator(fh, check_digests="raise"):
        kinds[rec.rec_type] += 1
        ids.add(rec.rec_headers.get_header("WARC-Record-ID"))
        out.append(rec.rec_type)
        if rec.rec_type == "response":
            assert rec.rec_headers.get_header("WARC-Target-URI").startswith("https://")
            assert rec.rec_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
            assert rec.rec_headers.get_header("WARC-Date").endswith("Z")
            encodings[rec.http_headers.get_header("Content-Encoding") or "identity"] += 1
            encodings[rec.http_headers.get_header("Transfer-Encoding") or "none"] += 1
            assert rec.content_stream().read().lstrip().startswith(b"<")
        elif rec.rec_type == "request":
            assert rec.rec_headers.get_header("WARC-Concurrent-To") in ids
        rec.content_stream().read()
    return out


def test_world_json_describes_sites_and_migration(world: Path) -> None:
    doc = json.loads((world / "world.json").read_text(encoding="utf-8"))
    assert doc["seed"] == 3 and doc["counts"]["versions"] == 2600
    assert [s["domain"] for s in doc["sites"]] == [
        "pagelist.example",
        "citynights.example",
        "velvetboard.example",
        "anuncioslatinos.example",
        "swapmeet.example",
    ]
    assert doc["closure"]["site"] == "pagelist" and doc["time_span"]["start"] < doc["closure"]["at"]
    for table in doc["migration_probabilities"].values():
        assert abs(sum(table.values()) - 1.0) < 1e-9
    moves = doc["migrations"]
    assert moves and {m["to"] for m in moves} - {None} <= {s["name"] for s in doc["sites"]} - {"pagelist"}
    assert any(m["to"] is None for m in moves) and any(m["to"] for m in moves)
    assert doc["counts"]["seizure_pages"] > 0 and doc["counts"]["removed_pages"] > 0


def test_bad_sizes_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        simulate(tmp_path, 0, 1)
    with pytest.raises(ConfigError):
        simulate(tmp_path, 10, 1, workers=-1)


def test_truth_is_plain_utf8_jsonl(world: Path) -> None:
    raw = (world / "truth.jsonl").read_bytes()
    assert raw.endswith(b"\n") and b"\r" not in raw
    first = json.loads(raw.split(b"\n", 1)[0])
    assert set(first) >= {
        "site",
        "ad_id",
        "url",
        "version",
        "first_seen",
        "last_seen",
        "captures",
        "deleted_at",
        "poster_id",
        "poster_kind",
        "network_id",
        "person_ids",
        "city",
        "title",
        "text",
        "phones",
        "emails",
        "handles",
        "payment",
        "ages",
        "prices",
        "names",
        "repost_of",
        "edit",
    }
