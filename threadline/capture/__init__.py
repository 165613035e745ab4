"""Capture: getting raw pages into Threadline, from archives (WARC, JSONL, CSV, CDR) or a crawl.

Every importer yields :class:`~threadline.capture.records.Capture` records (the evidence, exactly as
read) or :class:`~threadline.capture.records.Rejected` records (damage, with origin and reason).
"""
