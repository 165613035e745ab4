"""The web app's logic: plain functions over the store and the pipeline stages, with typed records
for the views to render as HTML or JSON. Nothing here imports FastAPI or knows about requests."""
