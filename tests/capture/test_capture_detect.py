"""Input discovery: folders expanded, formats told apart, unreadable or unknown inputs refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from capture_builders import join, limits, response

from threadline.capture.detect import InputFile, find_inputs, read_input
from threadline.capture.records import Capture
from threadline.errors import UserError

AD = {"site": "s", "ad_id": "1", "url": "http://a/1", "captured_at": "2018-01-01", "body": "hi"}
CDR = {"url": "http://a/1", "raw_content": "<html/>", "timestamp": 1467331200000}


def test_folders_are_walked_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.warc").write_bytes(b"WARC/1.0\r\n")
    (tmp_path / ".hidden.jsonl").write_text("{}\n")
    (tmp_path / "b" / "crawl.warc.gz").write_bytes(join([response(0)], "gzip")[0])
    (tmp_path / "a.csv").write_text("site,ad_id,url,captured_at,body\n")
    (tmp_path / "ads.jsonl").write_text(json.dumps(AD) + "\n")
    (tmp_path / "dump.json").write_text("\n" + json.dumps(CDR) + "\n")
    (tmp_path / "z.jsonl.gz").write_bytes(gzip.compress(json.dumps(CDR).encode()))
    (tmp_path / "noext").write_bytes(join([response(1)], "plain")[0])
    found = find_inputs([tmp_path, tmp_path / "ads.jsonl"])
    assert [(f.path.relative_to(tmp_path).as_posix(), f.format) for f in found] == [
        ("a.csv", "csv"),
        ("ads.jsonl", "jsonl"),
        ("b/crawl.warc.gz", "warc"),
        ("dump.json", "cdr"),
        ("noext", "warc"),
        ("z.jsonl.gz", "cdr"),
    ]


def test_read_input_dispatches_on_format(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps(AD) + "\n")
    [cap] = list(read_input(InputFile(path, "jsonl"), limits()))
    assert isinstance(cap, Capture) and cap.fields is not None
    path = tmp_path / "dump.jl"
    path.write_text(json.dumps(CDR) + "\n")
    [cap] = list(read_input(InputFile(path, "cdr"), limits()))
    assert isinstance(cap, Capture) and cap.fields is None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "old.arc.gz",
            gzip.compress(b"filedesc://x.arc 0.0.0.0 2018 text/plain 1\n", mtime=0),
            "ARC files are not supported",
        ),
        ("notes.txt", b"hello there\n", "unknown input format"),
        ("array.json", b'[{"a": 1}]\n', "a JSON array, not JSON lines"),
    ],
)
def test_unusable_inputs_are_user_errors_naming_the_path(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError, match=message) as err:
        find_inputs([path])
    assert str(path) in str(err.value)


def test_a_missing_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file or folder"):
        find_inputs([tmp_path / "nope"])


def test_unknown_file_inside_a_folder_is_skipped_but_named_one_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("notes about this archive\n")
    record = {"site": "s", "ad_id": "1", "url": "https://s.example/1", "captured_at": "2018-03-01T00:00:00Z"}
    (tmp_path / "ads.jsonl").write_text(json.dumps({**record, "body": "x"}) + "\n")
    assert [(f.path.name, f.format) for f in find_inputs([tmp_path])] == [("ads.jsonl", "jsonl")]
    with pytest.raises(UserError, match=r"README\.txt"):
        find_inputs([tmp_path / "README.txt"])
