"""ASGI entrypoint: ``uvicorn org_registry.entrypoints.asgi:app`` (settings from ``SIKERJA_*``)."""

from org_registry.bootstrap import build_app

app = build_app()
