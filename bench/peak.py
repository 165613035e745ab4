"""Run one command and report its own wall time and peak memory: ``python -m bench.peak OUT CMD...``.

``getrusage(RUSAGE_CHILDREN)`` keeps the largest process among *all* children waited for so far, so
measured in the benchmark process itself a later, smaller step would report an earlier, larger
one's peak. A fresh process per measured command has no earlier children: its figure is the
command's own (the largest process of the command's tree). Output passes through; the figures go to
the JSON file OUT; the exit status is the command's.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    out, *command = sys.argv[1:]
    started = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    Path(out).write_text(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024}))
    return code


if __name__ == "__main__":
    sys.exit(main())
