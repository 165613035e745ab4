"""Web app and REST API (FastAPI, server-rendered Jinja2 pages)."""
