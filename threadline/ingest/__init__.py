"""Ingest: archives and crawl output -> captures -> parsed ads -> versions in the store.

``prepare`` runs in worker processes (reading, hashing, compressing, parsing: the CPU work);
``runner`` feeds their batches to the store in one writer (the store is the only shared state).
"""
