"""Capture: getting raw pages into Threadline, from archives (WARC, JSONL, CSV, CDR) or a crawl.

Every importer yields, in file order, one item per record read:
:class:`~threadline.capture.records.Capture` (the evidence, exactly as read),
:class:`~threadline.capture.records.Rejected` (damage, with origin and a precise reason) or
:class:`~threadline.capture.records.Skipped` (a well-formed record that holds no page).
:func:`threadline.capture.detect.find_inputs` and :func:`~threadline.capture.detect.read_input` pick
the importer for each file.
"""
