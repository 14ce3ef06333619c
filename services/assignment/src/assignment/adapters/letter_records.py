"""A letter as stored: the structured record (JSON) from which its HTML and PDF are rendered again on demand."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from assignment.domain.letters import (
    Addressee,
    DecreeParts,
    IssuingInstansi,
    Letter,
    LetterKind,
    LetterReference,
    Mechanism,
    Official,
    Period,
    PolicyDecision,
    PolicyReason,
    ReplyVerdict,
    TeamMember,
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def letter_to_record(letter: Letter) -> dict[str, Any]:
    return _plain(dataclasses.asdict(letter))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def letter_from_record(record: dict[str, Any]) -> Letter:
    r = record
    duration = Period(_day(r["duration"]["start"]), _day(r["duration"]["end"])) if r.get("duration") else None
    return Letter(
        kind=LetterKind(r["kind"]), number=r["number"], date=_day(r["date"]),
        instansi=IssuingInstansi(r["instansi"]["id"], r["instansi"]["name"], tuple(r["instansi"]["letterhead_lines"]),
                                 r["instansi"]["seat"]),
        sender=Official(**r["sender"]), signer=Official(**r["signer"]), subject=r["subject"],
        request_id=r["request_id"], step_id=r["step_id"],
        decision=PolicyDecision(r["decision"]["decision_id"],
                                tuple(PolicyReason(**reason) for reason in r["decision"]["reasons"])),
        addressee=Addressee(**r["addressee"]) if r.get("addressee") else None,
        tembusan=tuple(r["tembusan"]), sifat=r["sifat"], lampiran=r["lampiran"], mechanism=Mechanism(r["mechanism"]),
        purpose=r.get("purpose"), competencies=tuple(r.get("competencies") or ()),
        performance_target=r.get("performance_target"), duration=duration,
        other_arrangements=tuple(r.get("other_arrangements") or ()), basis=tuple(r.get("basis") or ()),
        in_reply_to=(LetterReference(r["in_reply_to"]["number"], _day(r["in_reply_to"]["date"]),
                                     r["in_reply_to"]["subject"]) if r.get("in_reply_to") else None),
        verdict=(ReplyVerdict(r["verdict"]["approved"], tuple(r["verdict"]["refusal_reasons"]))
                 if r.get("verdict") else None),
        members=tuple(TeamMember(**m) for m in r.get("members") or ()),
        decree=(DecreeParts(tuple(r["decree"]["menimbang"]), tuple(r["decree"]["mengingat"]),
                            tuple(r["decree"]["diktum"])) if r.get("decree") else None),
    )
