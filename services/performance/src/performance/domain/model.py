"""performance's domain. So far only the organisations whose SKP it will hold; SKP arrives with its own issue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssessedOrganisation:
    """An instansi whose pegawai are assessed here, under the SKP rules of its regulation profile."""

    instansi_id: str
    regulation_profile: str
