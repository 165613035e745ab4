"""Threadline: find and follow trafficking networks in online advertisements.

The package is laid out as the pipeline it runs: ``capture`` (importers and the crawler) feeds the
``store`` (evidence and versions), ``parse`` turns captured pages into ads, ``extract`` pulls
identifiers out of ad text, ``link`` joins ads into networks, ``analyze`` ranks and maps them, and
``cli`` / ``web`` serve it all. ``simulate`` builds the synthetic ad world used for the demo, the
tests and the benchmarks.
"""

__version__ = "0.1.0"
