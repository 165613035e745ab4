"""A tiny ad world for the web tests, put through the real pipeline (ingest, extract, link, indicators).

Six ads: a network of three sharing a phone (one states an age under 18, one was edited to drop its
age), an independent poster, and two ads of another network sharing an e-mail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadline.analyze.stage import run_analyze
from threadline.config import Config
from threadline.extract.stage import run_extract
from threadline.ingest.runner import ingest
from threadline.link.stage import run_link
from threadline.store.store import Store

PHONE = "+17025550143"
ADS: list[dict[str, Any]] = [
    {"ad_id": "a1", "title": "New girls in town", "body": "Call 702-555-0143 for an appointment. She is 17.",
     "location": "Las Vegas, NV", "captured_at": "2024-04-01T10:00:00Z"},
    {"ad_id": "a2", "title": "Sweet and new", "body": "Text seven 0 two 555 oh one four three, she is 22",
     "location": "Las Vegas, NV", "captured_at": "2024-04-02T10:00:00Z", "extra": {"age": "22"}},
    {"ad_id": "a2", "title": "Sweet and new", "body": "Text seven 0 two 555 oh one four three",
     "location": "Las Vegas, NV", "captured_at": "2024-04-03T10:00:00Z"},
    {"ad_id": "a3", "title": "Companionship", "body": "Two friends available, 702 555 0143, incall only",
     "location": "Phoenix, AZ", "captured_at": "2024-04-04T10:00:00Z"},
    {"ad_id": "b1", "title": "Independent", "body": "Relaxing company, call 480-555-0199", "location": "Phoenix, AZ",
     "captured_at": "2024-04-05T10:00:00Z"},
    {"ad_id": "c1", "title": "Spa", "body": "Write to relax@example.com", "location": "Reno, NV",
     "captured_at": "2024-04-06T10:00:00Z"},
    {"ad_id": "c2", "title": "Spa open late", "body": "relax@example.com for booking", "location": "Reno, NV",
     "captured_at": "2024-04-07T10:00:00Z"},
]  # fmt: skip


def write_jsonl(path: Path, ads: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in ads:
            row = {"site": "pagelist", "url": f"https://pagelist.example/ads/{a['ad_id']}", **a}
            fh.write(json.dumps(row) + "\n")
    return path


def build(store: Store, config: Config, folder: Path, ads: list[dict[str, Any]] = ADS) -> None:
    ingest(store, [write_jsonl(folder / f"ads-{len(ads)}-{ads[0]['ad_id']}.jsonl", ads)], config)
    run_extract(store, config)
    run_link(store, config)
    run_analyze(store, config)
