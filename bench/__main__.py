"""``python -m bench``: run every benchmark and print one table per stage.

``THREADLINE_BENCH_VERSIONS`` sets the world size (default 100,000 versions) and
``THREADLINE_BENCH_LINK_SIZES`` the linking sizes (default "100000,1000000").
"""

from __future__ import annotations

import os

from bench import crawl, extraction, ingest, linking, screening
from bench.harness import OUT, print_table, save


def main() -> None:
    versions = int(os.environ.get("THREADLINE_BENCH_VERSIONS", "100000"))
    sizes = tuple(int(x) for x in os.environ.get("THREADLINE_BENCH_LINK_SIZES", "100000,1000000").split(","))
    cores = os.cpu_count()
    rows = ingest.run(versions)
    print_table(f"simulate and ingest ({cores} cores)", rows)
    save("ingest", rows)
    rows = extraction.run(OUT / "ingest-bench.db", versions)
    print_table(f"extraction ({cores} cores)", rows)
    save("extraction", rows)
    rows = linking.run(sizes)
    print_table(f"linking ({cores} cores)", rows)
    save("linking", rows)
    rows = crawl.run()
    print_table(f"crawl against the local simulated web, rate limits off ({cores} cores)", rows)
    save("crawl", rows)
    title, rows = screening.run(OUT / "ingest-bench.db")
    print_table(title, rows)
    save("screening", rows)


if __name__ == "__main__":
    main()
