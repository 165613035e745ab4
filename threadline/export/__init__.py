"""Exports: evidence packages, formats for analysts' tools, tips and privacy-preserving sharing."""
