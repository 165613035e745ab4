"""The crawler: polite, resumable capture of ad sites into WARC files and the store (see crawler.py)."""
