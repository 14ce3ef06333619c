"""notification's domain. So far only the letterheads it will address; messages arrive with their own issue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letterhead:
    """How an instansi is named at the top of a message or letter sent on its behalf."""

    instansi_id: str
    code: str
    name: str
