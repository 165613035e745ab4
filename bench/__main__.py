"""``python -m bench``: run every benchmark and print one table per stage."""

from __future__ import annotations

import os

from bench import ingest
from bench.harness import print_table, save


def main() -> None:
    versions = int(os.environ.get("THREADLINE_BENCH_VERSIONS", "100000"))
    rows = ingest.run(versions)
    print_table(f"ingest ({os.cpu_count()} cores)", rows)
    save("ingest", rows)


if __name__ == "__main__":
    main()
