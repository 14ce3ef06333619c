"""The input every Sikerja decision entrypoint (except org_admin) takes, as policies/README.md fixes it.

Services build it from their read models; the policy decides. Only the skeleton lives here (who acts, from where,
as what); each domain adds its own ``resource``. A field left out is not guessed: the policy refuses incomplete
input with a reason, so the builder never fills in defaults that could widen what is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Place:
    """Where a pegawai works: the unit is the working unit (a unit's leader belongs to the unit above it)."""

    instansi: str
    perangkat_daerah: str
    unit: str

    def as_input(self) -> dict[str, str]:
        return {"instansi": self.instansi, "perangkat_daerah": self.perangkat_daerah, "unit": self.unit}


@dataclass(frozen=True)
class Officiate:
    """An office the actor holds over a unit, a PD or an instansi, e.g. ``Officiate("puo", unit_id)``."""

    office: str
    of: str

    def as_input(self) -> dict[str, str]:
        return {"as": self.office, "of": self.of}


@dataclass(frozen=True)
class PolicyActor:
    id: str
    instansi: str
    roles: tuple[str, ...] = ()
    place: Place | None = None
    jabatan_kind: str | None = None
    jenjang: str | None = None
    status: str | None = None
    officiates: tuple[Officiate, ...] = field(default_factory=tuple)

    def as_input(self) -> dict[str, Any]:
        actor: dict[str, Any] = {"id": self.id, "instansi": self.instansi, "roles": list(self.roles),
                                 "officiates": [o.as_input() for o in self.officiates]}
        if self.place is not None:
            actor["place"] = self.place.as_input()
        if self.jabatan_kind is not None:
            actor["jabatan"] = {"kind": self.jabatan_kind, **({"jenjang": self.jenjang} if self.jenjang else {})}
        if self.status is not None:
            actor["status"] = self.status
        return actor

    def officiating(self, office: str) -> Iterable[str]:
        return (o.of for o in self.officiates if o.office == office)


def decision_input(action: str, profile: str, actor: PolicyActor, resource: Mapping[str, Any],
                   *, time: str | None = None) -> dict[str, Any]:
    """``{action, profile, actor, resource[, time]}`` ready for :meth:`PolicyClient.decide`."""
    document: dict[str, Any] = {"action": action, "profile": profile, "actor": actor.as_input(),
                                "resource": dict(resource)}
    if time is not None:
        document["time"] = time
    return document
