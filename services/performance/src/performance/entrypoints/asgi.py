"""ASGI entrypoint: ``uvicorn performance.entrypoints.asgi:app`` (settings from ``SIKERJA_*``)."""

from performance.bootstrap import build_app

app = build_app()
