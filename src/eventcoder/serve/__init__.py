"""The web view: `eventcoder serve` (FastAPI app in app.py, static page in static/)."""
