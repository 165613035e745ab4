"""Linking benchmark: build over 100,000 and 1,000,000 synthetic ads, incremental adds into the
built state, and datasketch's MinHashLSH on the same texts as the baseline (each in a fresh process,
so peak memory is the engine's own)."""

from __future__ import annotations

from bench.harness import Row, verdict
from threadline.link.bench import in_child


def run(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> list[Row]:
    rows: list[Row] = []
    versus = in_child("versus", 30_000)
    rows.append(
        Row(
            f"template linking ({versus['texts']:,} texts, {versus['num_perm']} perms)",
            versus["threadline_ads_per_s"],
            "ads/s",
            baseline=f"datasketch MinHashLSH: {versus['datasketch_ads_per_s']:,.0f}/s",
            ratio=f"{versus['speedup']:.1f}×",
            target="≥ 10× datasketch",
            verdict=verdict(versus["speedup"] >= 10),
        )
    )
    for n in sizes:
        f = in_child("build", n)
        big = n >= 1_000_000
        rows += [
            Row(
                f"link {n:,} ads (identifier + template)",
                f["build_s"],
                "s",
                ratio=f"{n / f['build_s']:,.0f} ads/s",
                target="< 120 s" if big else "",
                verdict=verdict(f["build_s"] < 120) if big else "",
            ),
            Row(
                f"  peak memory, {n:,} ads",
                f["peak_rss_mb"],
                "MB",
                target="< 4,096" if big else "",
                verdict=verdict(f["peak_rss_mb"] < 4096) if big else "",
            ),
            Row(
                f"  incremental add into {n:,}",
                f["single_add_ms_per_ad"],
                "ms/ad",
                target="< 5" if big else "",
                verdict=verdict(f["single_add_ms_per_ad"] < 5) if big else "",
            ),
            Row(f"  B-cubed F1 / precision, {n:,}", f["bcubed_f1"], "", baseline=f"P {f['bcubed_precision']:.4f}"),
        ]
    return rows
