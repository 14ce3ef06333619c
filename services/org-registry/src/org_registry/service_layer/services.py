"""Use cases of org-registry. Each asks the policy first, then changes state in one unit of work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from org_registry.domain import commands
from org_registry.domain.model import Instansi
from org_registry.service_layer.unit_of_work import UnitOfWork

# authorize(action, resource) -> audit record of an allowing decision; raises when the policy refuses or is down.
Authorize = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


class DuplicateInstansi(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(f"instansi dengan kode {code} sudah terdaftar")
        self.code = code


@dataclass(frozen=True)
class Actor:
    nip: str
    instansi: str | None
    roles: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"nip": self.nip, "instansi": self.instansi, "roles": list(self.roles)}


async def register_instansi(
    command: commands.RegisterInstansi, *, actor: Actor, authorize: Authorize, uow: UnitOfWork
) -> Instansi:
    decision = await authorize(
        "instansi.register",
        {"kind": "instansi", "code": command.code, "regulation_profile": command.regulation_profile},
    )
    async with uow:
        if await uow.instansi.get_by_code(command.code) is not None:
            raise DuplicateInstansi(command.code)
        instansi = Instansi.register(
            code=command.code, name=command.name, kind=command.kind, regulation_profile=command.regulation_profile
        )
        try:
            await uow.instansi.add(instansi)
            await uow.record_audit(
                action="instansi.register", subject=f"instansi/{instansi.id}", actor=actor.as_dict(), decision=decision
            )
            await uow.commit()
        except IntegrityError as exc:  # a concurrent registration of the same code won
            raise DuplicateInstansi(command.code) from exc
    return instansi
