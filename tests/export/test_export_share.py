"""Privacy-preserving sharing. Fifty canary words planted in ad text never appear in a share file, in
any log line written while exporting, sharing, matching or tipping, or in a CLI or web error; two
stores holding one phone in common find exactly that phone, and only with the same key."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from export_world import config_for
from tests_time import NOW
from typer.testing import CliRunner

from threadline.accounts.audit import Who
from threadline.analyze.stage import run_analyze
from threadline.cli.main import app
from threadline.config import Config
from threadline.errors import UserError
from threadline.export import package, share
from threadline.export.data import network_bundle
from threadline.export.formats import FORMATS, export_file, export_package
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.link.stage import run_link
from threadline.store.store import Store

CANARIES = [f"zephyr{i:02d}quokka" for i in range(50)]
WHO = Who("cli:tester", "cli")


def _ads(prefix: str, phones: list[str]) -> list[dict[str, Any]]:
    out = []
    for i in range(10):
        words = " ".join(CANARIES[i * 5 : i * 5 + 5])
        out.append({"site": "pagelist", "ad_id": f"{prefix}{i}", "url": f"https://pagelist.example/ads/{prefix}{i}",
                    "captured_at": f"2024-04-{i + 1:02d}T10:00:00Z", "title": f"Companionship {words.split()[0]}",
                    "body": f"Sweet and friendly, {words}. Call {phones[i % len(phones)]} for an appointment.",
                    "location": "Las Vegas, NV"})  # fmt: skip
    return out


def _load(store: Store, config: Config, folder: Path, ads: list[dict[str, Any]]) -> None:
    path = folder / f"{ads[0]['ad_id']}.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ads))
    ingest(store, [path], config)
    run_extract(store, config)
    run_link(store, config)
    run_analyze(store, config)


def _key(tmp_path: Path, name: str = "shared.key", fill: bytes = b"k") -> Path:
    path = tmp_path / name
    path.write_bytes(fill * 32)
    return path


def _no_canary(text: str) -> None:
    found = [c for c in CANARIES if c in text]
    assert not found, found


def test_canaries_never_leave_in_shares_logs_or_errors(
    store: Store, store_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = config_for(store_url, tmp_path)
    _load(store, config, tmp_path, _ads("a", ["702-555-0143", "702-555-0177"]))
    key_file = _key(tmp_path)
    caplog.set_level(logging.DEBUG)
    data = share.share_export(store, share.read_key(key_file))
    _no_canary(data.decode())
    doc = json.loads(data)
    assert doc["identifiers"] and all(set(i) == {"hash", "kind", "ads", "networks", "first_seen", "last_seen"}
                                      for i in doc["identifiers"])  # fmt: skip
    assert share.share_match(store, share.read_key(key_file), data)
    bundle = network_bundle(store, 1)
    for fmt in FORMATS:
        export_file(store, bundle, fmt, WHO, "x", "y", NOW)
    export_package(store, bundle, tmp_path / "pkg", package.load_or_create(tmp_path / "s.pem"), WHO, "x", "y", NOW)
    runner = CliRunner()
    db = ["--db", store_url]
    results = [
        runner.invoke(app, ["share", "export", "--key-file", str(key_file), "--out", str(tmp_path / "s.json"), *db]),
        runner.invoke(app, ["share", "match", str(tmp_path / "s.json"), "--key-file", str(key_file), *db]),
        runner.invoke(app, ["tip", "cybertipline", "1", *db]),
        runner.invoke(app, ["tip", "hotline", "1", *db]),
        # errors: a missing network, a bad share file, a short key, a tip on an unknown ad
        runner.invoke(app, ["export", "network", "999", "--format", "ftm", *db]),
        runner.invoke(app, ["share", "match", str(tmp_path / "pkg" / "report.html"), "--key-file", str(key_file), *db]),
        runner.invoke(app, ["share", "export", "--key-file", str(_key(tmp_path, "short", b"")), *db]),
        runner.invoke(app, ["tip", "hotline", "pagelist/nope", *db]),
    ]
    assert [r.exit_code for r in results[:4]] == [0, 0, 0, 0]
    assert all(r.exit_code != 0 for r in results[4:])
    for r in results:
        _no_canary(r.output + (str(r.exception) if r.exception else ""))
    _no_canary((tmp_path / "s.json").read_text())
    _no_canary("\n".join(caplog.messages) + caplog.text)


def test_two_stores_match_their_shared_phone_only_with_the_same_key(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    _load(store, config_for(store_url, tmp_path), tmp_path, _ads("a", ["702-555-0143", "702-555-0177"]))
    other_url = f"sqlite:///{tmp_path}/partner.db"
    partner_dir = tmp_path / "partner"
    partner_dir.mkdir()
    with Store.open(other_url) as partner:
        _load(partner, config_for(other_url, partner_dir), partner_dir, _ads("b", ["702-555-0143", "480-555-0199"]))
        key = share.read_key(_key(tmp_path))
        theirs = share.share_export(partner, key)
        other_key = share.read_key(_key(tmp_path, "other.key", b"o"))
    matches = share.share_match(store, key, theirs)
    assert [(m.kind, m.value) for m in matches] == [("phone", "+17025550143")]
    assert matches[0].partner_ads == 5 and matches[0].local_ads == 5
    with pytest.raises(UserError, match="different key"):
        share.share_match(store, other_key, theirs)
    assert "+17025550143" not in theirs.decode() and "7025550143" not in theirs.decode()


def test_a_short_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="at least 32"):
        share.read_key(_key(tmp_path, "k", b""))
