from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CACHE = Path(os.environ.get("SIKERJA_CACHE_DIR", REPO / ".cache"))
POLICIES = REPO / "policies"
SERVICES = ("org-registry", "assignment", "performance", "notification")
