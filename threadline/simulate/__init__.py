"""The synthetic ad world: Threadline's demo, test ground and benchmark load.

``simulate(out_dir, ads, seed)`` writes what a crawler would have captured from five fictional ad
sites over sixteen weeks around the seizure of the dominant one: ``warc/*.warc.gz`` (HTTP responses,
re-visits, removal and seizure pages, listings, a few requests), ``truth.jsonl`` (one line per ad
version: who posted it, which identifiers it really states) and ``world.json`` (sites, migration
probabilities and each displaced poster's realised move). Same seed and size give the same bytes
(compressed bytes with the same ``isal`` build; the same content with any).
"""

from threadline.simulate.api import SimulationSummary, simulate

__all__ = ["SimulationSummary", "simulate"]
