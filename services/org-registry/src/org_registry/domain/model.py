"""The organisation as the regulations describe it. Pure Python: no framework, no I/O."""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field

from org_registry.domain import events

PROFILE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INSTANSI_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.-]{1,31}$")


class InstansiKind(enum.StrEnum):
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    PROVINSI = "provinsi"
    INSTANSI_PUSAT = "instansi_pusat"


class InvalidInstansi(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass
class Instansi:
    """A government body that employs pegawai and follows one regulation profile (e.g. ``perbup-sumenep-9-2024``)."""

    id: str
    code: str
    name: str
    kind: InstansiKind
    regulation_profile: str
    version: int = 1
    pending_events: list[events.Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(cls, *, code: str, name: str, kind: InstansiKind, regulation_profile: str) -> Instansi:
        if not INSTANSI_CODE.match(code):
            raise InvalidInstansi("code", "kode instansi hanya huruf besar, angka, titik atau tanda hubung (2-32)")
        if not name.strip():
            raise InvalidInstansi("name", "nama instansi wajib diisi")
        if not PROFILE_ID.match(regulation_profile):
            raise InvalidInstansi("regulation_profile", "id profil regulasi tidak dikenal formatnya")
        instansi = cls(
            id=str(uuid.uuid4()),
            code=code,
            name=name.strip(),
            kind=kind,
            regulation_profile=regulation_profile,
        )
        instansi.pending_events.append(
            events.InstansiRegistered(
                instansi_id=instansi.id,
                code=instansi.code,
                name=instansi.name,
                kind=instansi.kind.value,
                regulation_profile=instansi.regulation_profile,
            )
        )
        return instansi
