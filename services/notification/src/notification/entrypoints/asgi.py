"""ASGI entrypoint: ``uvicorn notification.entrypoints.asgi:app`` (settings from ``SIKERJA_*``)."""

from notification.bootstrap import build_app

app = build_app()
