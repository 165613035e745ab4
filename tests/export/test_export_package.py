"""Evidence packages: a case exported twice is byte-identical, verifies, carries the report (HTML and
PDF), the raw captures, the custody log and the legal-process list; one flipped byte anywhere — in
any file of the folder or anywhere in the ZIP — is reported by verify-package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_world import networks_by_size
from tests_time import NOW
from typer.testing import CliRunner

from threadline.accounts.audit import Who
from threadline.accounts.users import Role, add_user
from threadline.casework import cases
from threadline.cli.main import app
from threadline.config import Config
from threadline.export import package
from threadline.export.custody import disseminations
from threadline.export.data import case_bundle
from threadline.export.formats import export_package
from threadline.export.package import MANIFEST, verify_package, write_package
from threadline.store.store import Store

WHO = Who("cli:tester", "cli")


def _case(store: Store) -> int:
    user = add_user(store, WHO, "analyst", Role.analyst, "a long enough password", NOW)
    row = cases.create_case(store, user, WHO, "Two small networks", NOW)
    for network_id, _ in networks_by_size(store)[:2]:
        cases.add_item(store, user, WHO, row.id, "network", str(network_id), NOW)
    cases.add_note(store, user, WHO, row.id, "Seen on two sites.", NOW)
    return row.id


def test_case_package_is_complete_repeatable_and_verifies(loaded: tuple[Store, Config], tmp_path: Path) -> None:
    store, _ = loaded
    case_id = _case(store)
    key = package.load_or_create(tmp_path / "signing.key")
    bundle = case_bundle(store, case_id)
    first = export_package(store, bundle, tmp_path / "one", key, WHO, "County prosecutor", "subpoena 24-117", NOW)
    second = export_package(store, case_bundle(store, case_id), tmp_path / "two", key, WHO, "x", "y", NOW)
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()
    names = {p.name for p in first.folder.iterdir()}
    assert {"report.html", "report.pdf", "captures.warc.gz", "custody.jsonl", "legal-process.csv", MANIFEST} <= names
    assert (first.folder / "report.pdf").read_bytes().startswith(b"%PDF-")
    html = (first.folder / "report.html").read_text()
    for c in bundle.captures():
        assert c.sha256 in html
    custody = [json.loads(line) for line in (first.folder / "custody.jsonl").read_text().splitlines()]
    assert {r["capture"] for r in custody if r["source"] == "capture"} == {c.id for c in bundle.captures()}
    assert {r["action"] for r in custody if r["source"] == "audit"} >= {"case-create", "case-add", "case-note"}
    assert verify_package(first.folder).ok and verify_package(first.zip_path).ok
    records = disseminations(store)
    assert [(d.recipient, d.sha256) for _, d in records][-1] == ("County prosecutor", first.manifest_sha256)


def _small_package(tmp_path: Path) -> tuple[Path, Path]:
    files = {"report.html": b"<p>report</p>" * 50, "custody.jsonl": b'{"a": 1}\n' * 20, "sub/legal.csv": b"x,y\r\n"}
    key = package.load_or_create(tmp_path / "k.pem")
    p = write_package("case:1", files, tmp_path / "pkg", key)
    return p.folder, p.zip_path


def test_one_flipped_byte_in_any_file_of_the_folder_is_reported(tmp_path: Path) -> None:
    folder, _ = _small_package(tmp_path)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        original = path.read_bytes()
        for at in {0, len(original) // 2, len(original) - 1}:
            changed = bytearray(original)
            changed[at] ^= 0x01
            path.write_bytes(bytes(changed))
            assert not verify_package(folder).ok, (path.name, at)
        path.write_bytes(original)
    assert verify_package(folder).ok
    (folder / "extra.txt").write_bytes(b"added")
    assert any("not in the manifest" in p for p in verify_package(folder).problems)


def test_one_flipped_byte_anywhere_in_the_zip_is_reported(tmp_path: Path) -> None:
    _, zip_path = _small_package(tmp_path)
    original = zip_path.read_bytes()
    for at in range(len(original)):  # every byte: headers, data, central directory, end record
        changed = bytearray(original)
        changed[at] ^= 0x01
        zip_path.write_bytes(bytes(changed))
        assert not verify_package(zip_path).ok, at
    zip_path.write_bytes(original)
    assert verify_package(zip_path).ok


def test_a_package_signed_with_another_key_is_refused_when_the_key_is_pinned(tmp_path: Path) -> None:
    folder, zip_path = _small_package(tmp_path)
    other = package.public_pem(package.load_or_create(tmp_path / "other.pem"))
    assert not verify_package(zip_path, other).ok
    assert verify_package(zip_path, (folder / "public-key.pem").read_bytes()).ok


@pytest.mark.parametrize("target", ["folder", "zip"])
def test_verify_package_command_exit_codes(tmp_path: Path, target: str) -> None:
    folder, zip_path = _small_package(tmp_path)
    path = folder if target == "folder" else zip_path
    runner = CliRunner()
    assert runner.invoke(app, ["verify-package", str(path)]).exit_code == 0
    victim = folder / "report.html" if target == "folder" else zip_path
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x20
    victim.write_bytes(bytes(data))
    result = runner.invoke(app, ["verify-package", str(path)])
    assert result.exit_code == 1
