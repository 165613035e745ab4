"""Parse: turn a captured page into an ad through site adapters.

Adapters are tried in order: code adapters for known layouts, TOML adapters configured by CSS
selectors (a user adds a site without code), and a fallback that keeps the page text.
"""
