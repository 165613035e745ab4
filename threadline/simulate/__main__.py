"""``python -m threadline.simulate --ads N --seed S --out DIR``: generate a world and print its summary.

The ``threadline simulate`` CLI command is the supported entry point; this module exists so the
generator can be benchmarked on its own (it prints versions per second).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from threadline.simulate.api import simulate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m threadline.simulate", description=__doc__)
    parser.add_argument("--ads", type=int, default=50_000, help="ad versions to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=0, help="worker processes; 0 = one per core")
    parser.add_argument(
        "--warc-level", type=int, default=1, help="deflate level of WARC members (0 = stored, 1 = fastest, 0-9)"
    )
    args = parser.parse_args(argv)
    s = simulate(args.out, args.ads, args.seed, workers=args.workers, warc_level=args.warc_level)
    kinds = ", ".join(f"{k} {n}" for k, n in s.posters)
    print(f"{s.versions:,} versions of {s.ads:,} ads, {s.captures:,} captures, {s.requests:,} requests")
    print(f"posters: {kinds}")
    print(
        f"{s.warc_bytes / 1e6:.1f} MB of WARC in {s.seconds:.2f} s = {s.versions_per_second:,.0f} versions/s"
    )


if __name__ == "__main__":
    main()
