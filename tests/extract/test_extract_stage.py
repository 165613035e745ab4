"""The extract stage over a real store: values with spans into the version text, incremental."""

from __future__ import annotations

import json
from pathlib import Path

from threadline.config import load_config
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.store.records import version_text
from threadline.store.store import Store

ADS = [
    {
        "title": "New in town",
        "body": "Call seven 0 two 555 oh one four three. I'm 21. $150 hr",
        "extra": {"phone": "702-555-0143"},
    },
    {"title": "Oak table", "body": "Solid oak table, $120, pick up on 5th street"},
]


def write_jsonl(path: Path) -> None:
    lines = []
    for i, ad in enumerate(ADS):
        lines.append(
            json.dumps(
                {
                    "site": "boardx",
                    "ad_id": str(i),
                    "url": f"https://boardx.example/{i}",
                    "captured_at": "2018-03-01T10:00:00Z",
                    "location": "Las Vegas, NV",
                    **ad,
                }
            )
        )
    path.write_text("\n".join(lines) + "\n")


def test_stage_stores_values_with_evidence_and_is_incremental(store: Store, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "ads.jsonl")
    config = load_config({"workers": 1}, env={})
    ingest(store, [tmp_path / "ads.jsonl"], config)
    report = run_extract(store, config)
    assert report.versions == 2
    escort = store.ad("boardx", "0").versions[0]
    rows = store.extractions(escort.id)
    text = version_text(escort.title, escort.body, escort.extra)
    phones = [r for r in rows if r.kind == "phone"]
    assert {r.value for r in phones} == {"+17025550143"}
    assert any(r.attrs["obfuscated"] for r in phones) and any(not r.attrs["obfuscated"] for r in phones)
    for r in rows:
        if r.start is not None:
            assert text[r.start : r.end] == r.raw
    assert [r.value for r in rows if r.kind == "age"] == ["21"]
    table = store.ad("boardx", "1").versions[0]
    assert not [r for r in store.extractions(table.id) if r.kind in ("phone", "age")]
    assert run_extract(store, config).versions == 0  # nothing new
    (tmp_path / "more.jsonl").write_text(
        json.dumps(
            {
                "site": "boardx",
                "ad_id": "0",
                "url": "https://boardx.example/0",
                "captured_at": "2018-03-02T10:00:00Z",
                "body": "Now at 702.555.0199, age 22",
            }
        )
        + "\n"
    )
    ingest(store, [tmp_path / "more.jsonl"], config)
    again = run_extract(store, config)
    assert again.versions == 1 and again.by_kind.get("phone") == 1
