"""Extraction benchmark: full extraction over the ad versions of the ingest benchmark's world, next
to phonenumbers' PhoneNumberMatcher alone on the same texts (which finds only plainly written phones)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bench.harness import Row, verdict
from threadline.extract.bench import bench_extract
from threadline.store.records import version_text
from threadline.store.schema import ad_version


def texts_from(db: Path, limit: int) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        q = sa.select(ad_version.c.title, ad_version.c.body, ad_version.c.extra).order_by(ad_version.c.id).limit(limit)
        texts = [version_text(r.title, r.body, r.extra) for r in conn.execute(q)]
    engine.dispose()
    return texts


def run(db: Path, ads: int = 100_000) -> list[Row]:
    texts = texts_from(db, ads)
    f = bench_extract(texts)
    matcher = f["phonenumbers_matcher_ads_per_s"]
    one, two = f["extract_ads_per_s_1_core"], f["extract_ads_per_s_2_workers"]
    return [
        Row(
            f"extract, 1 core ({len(texts):,} ad versions, {f['mean_chars']:.0f} chars)",
            one,
            "ads/s",
            baseline=f"PhoneNumberMatcher: {matcher:,.0f}/s",
            ratio=f"{one / matcher:.2f}×",
            target="≥ matcher",
            verdict=verdict(one >= matcher),
        ),
        Row(
            "extract, 2 workers",
            two,
            "ads/s",
            baseline=f"PhoneNumberMatcher: {matcher:,.0f}/s",
            ratio=f"{two / matcher:.2f}×",
            target="≥ 10,000",
            verdict=verdict(two >= 10_000),
        ),
        Row(
            "extract CPU per ad (2 workers)",
            f["cpu_us_per_ad_2_workers"],
            "µs",
            baseline=f"projected on 2 idle cores: {f['projected_ads_per_s_2_idle_cores']:,.0f}/s",
        ),
    ]
