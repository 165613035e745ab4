"""The public API and the standalone command: JSON contract, order, workers, bad records."""

from __future__ import annotations

import io
import json
import pickle

from threadline.extract.api import Extraction, extract, extract_many, extract_pairs
from threadline.extract.bench import bench_extract, sample_ads
from threadline.extract.jsonio import run_stdin

CONTRACT = ["phones", "emails", "urls", "handles", "payment", "ages", "prices", "places", "names"]


def test_json_contract() -> None:
    doc = extract("I'm Mia, 22 yrs, $150 hr, call 702-555-0143, snap: mia_22, in Houston TX").to_json()
    assert list(doc) == CONTRACT
    phone = doc["phones"][0]
    assert {"value", "raw", "start", "end", "rule", "obfuscated"} <= set(phone)
    assert {"service", "value"} <= set(doc["handles"][0])
    assert {"value", "minor"} <= set(doc["ages"][0])
    assert {"amount", "currency", "per_minutes"} <= set(doc["prices"][0])
    assert {"name", "region", "geonameid", "lat", "lon", "source"} <= set(doc["places"][0])
    json.dumps(doc)  # plain JSON types only


def test_empty_and_whitespace_text() -> None:
    assert extract("") == Extraction()
    assert extract("   \n ") == Extraction()


def test_extraction_pickles() -> None:
    ex = extract("call 702-555-0143, I'm 21, in Reno, NV", location="Reno, NV")
    assert pickle.loads(pickle.dumps(ex)) == ex


def test_extract_many_keeps_order_with_workers() -> None:
    texts = [f"call 702-555-{100 + i % 100:04d} now" for i in range(600)]
    one = [e.phones[0].value for e in extract_many(texts, workers=1)]
    two = [e.phones[0].value for e in extract_many(texts, workers=2, chunk_size=50)]
    assert one == two == [f"+1702555{100 + i % 100:04d}" for i in range(600)]


def test_extract_pairs_reads_locations() -> None:
    (ex,) = extract_pairs([("sweet and kind", "Reno, NV")], workers=1)
    assert [p.value for p in ex.places] == ["Reno, NV"]


def test_run_stdin_text_lines() -> None:
    out = io.StringIO()
    status = run_stdin(io.StringIO("call 702-555-0143\n\nI'm 19\n"), out, jsonl=False)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert status == 0 and len(lines) == 3
    assert lines[0]["phones"][0]["value"] == "+17025550143" and lines[2]["ages"][0]["value"] == 19


def test_run_stdin_jsonl_reports_bad_records_in_place() -> None:
    records = [
        json.dumps({"text": "call 702-555-0143", "location": "Reno, NV"}),
        "not json",
        json.dumps({"text": 5}),
        json.dumps(["a list"]),
        json.dumps({"location": "x"}),
        json.dumps({"text": "snap: jaz_22"}),
    ]
    out = io.StringIO()
    status = run_stdin(io.StringIO("\n".join(records) + "\n"), out, jsonl=True, workers=2)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert status == 1 and len(lines) == 6
    assert lines[0]["places"][0]["source"] == "location"
    assert [line.get("error", "")[:7] for line in lines[1:5]] == ["line 2:", "line 3:", "line 4:", "line 5:"]
    assert lines[5]["handles"][0]["value"] == "jaz_22"


def test_bench_reports_all_rates() -> None:
    report = bench_extract(sample_ads(300))
    assert report["ads"] == 300 and 550 <= report["mean_chars"] <= 650
    for key in ("extract_ads_per_s_1_core", "extract_ads_per_s_2_workers", "phonenumbers_matcher_ads_per_s"):
        assert report[key] > 0
