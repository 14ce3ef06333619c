"""Reads an organisation from CSV: one file per section (``perangkat_daerah.csv``, ``units.csv``, …) whose header
row names the fields of :mod:`org_registry.service_layer.bulk_import`. Lists use ``;`` (``competencies``),
``kinerja`` is ``2024:Baik;2025:Sangat Baik``, booleans are ``true``/``false``, empty cells are absent."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from org_registry.service_layer.bulk_import import ImportDocument

SECTIONS = list(ImportDocument.model_fields)
_BOOLEAN = {"true": True, "false": False, "1": True, "0": False, "ya": True, "tidak": False}


def _cell(field: str, value: str) -> Any:
    if field == "competencies":
        return [item.strip() for item in value.split(";") if item.strip()]
    if field == "kinerja":
        return dict(item.split(":", 1) for item in value.split(";") if ":" in item)
    if field in ("leads_unit", "tugas_tambahan", "talent_pool"):
        return _BOOLEAN.get(value.strip().lower(), value)
    if field == "kelas_jabatan":
        return int(value) if value.strip().isdigit() else value
    return value


def read_csv_directory(directory: Path, on_row: Callable[[str, int], None] = lambda section, n: None) -> dict:
    """The import document held by ``directory``; sections without a file are empty."""
    document: dict[str, list[dict]] = {}
    for section in SECTIONS:
        path = directory / f"{section}.csv"
        rows: list[dict] = []
        if path.exists():
            with path.open(newline="", encoding="utf-8-sig") as handle:
                for n, raw in enumerate(csv.DictReader(handle), 1):
                    rows.append({k: _cell(k, v) for k, v in raw.items() if k and v not in (None, "")})
                    on_row(section, n)
        document[section] = rows
    return document
