"""ASGI entrypoint: ``uvicorn assignment.entrypoints.asgi:app`` (settings from ``SIKERJA_*``)."""

from assignment.bootstrap import build_app

app = build_app()
