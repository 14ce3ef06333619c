"""Tim Kerja over HTTP: propose or form a team (Idempotency-Key required), take its steps (verify, set, appoint
the Ketua Tim or Koordinator, add a member, close), read it with its members, roles and history. Its letters are
served by ``/v1/letters/{id}.html|.pdf`` beside the penugasan letters.

Refusals carry the policy's reasons with their sources: the wrong actor or an unmet rule 403, a step the team's
state does not allow (already set, closed, before the Tim Verifikasi recommendation) 409, incomplete input 422.
Two actors acting on the same version: exactly one wins, the other gets 409 and nothing of its attempt is written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sikerja_observability import current_correlation_id

from assignment.domain.tim_kerja import IDENTIFICATION_FIELDS
from assignment.entrypoints.dependencies import (
    Authenticated,
    CommandProblems,
    IdempotencyKey,
    IfMatch,
    caller_of,
    expected_version,
)
from assignment.service_layer.commands import (
    Idempotency,
)
from assignment.service_layer.penugasan import RequestNotFound
from assignment.service_layer.tim_kerja import OpenTeam, TeamCommand, TimKerjaService

router = APIRouter(prefix="/v1", tags=["tim kerja"])

# Refusal codes meaning "not in the team's present state" (409) or "the input is incomplete" (422); any other
# refusal is about who asks or a rule the team does not meet (403).
STATE_CODES = {"tim_kerja.team_closed", "tim_kerja.step_out_of_order", "tim_kerja.step_already_done",
               "tim_kerja.gate_unmet"}
CONTENT_CODES = {"tim_kerja.invalid_input", "tim_kerja.no_members", "tim_kerja.ketua_not_member",
                 "tim_kerja.pegawai_unknown", "tim_kerja.actor_unknown", "tim_kerja.instansi_unknown",
                 "tim_kerja.unknown_action", "tim_kerja.unknown_profile", "tim_kerja.kind_not_allowed",
                 "tim_kerja.scope_not_allowed"}


async def service_of(request: Request) -> TimKerjaService:
    return request.app.state.tim_kerja


Service = Annotated[TimKerjaService, Depends(service_of)]
Nip = Annotated[str, Field(min_length=18, max_length=18, pattern=r"^\d{18}$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]




class TeamIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["propose", "form"] = Field(description="propose it, or form it at once where the profile "
                                               "lets the same official form and set")
    name: Text = Field(examples=["Tim Kerja Penurunan Stunting"])
    kind: str = Field(default="tim", description="a team kind of the profile: tim, or squad (Jepara)")
    purpose: Literal["target_kinerja", "rutin", "insidental", "perubahan_target"]
    owner_unit_id: str | None = Field(default=None, description="the unit pemilik kinerja; the caller's own unit "
                                      "by default")
    members: list[Nip] = Field(default_factory=list, max_length=200,
                               description="NIPs of the members; their places come from the organisation")
    maksud_tujuan: Text | None = None
    target_kinerja: Text | None = None
    kompetensi: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, description="competencies the work needs; a candidate's recorded ones are matched")
    period_start: date | None = None
    period_end: date | None = None
    tahun_anggaran: int | None = Field(default=None, ge=2000, le=2100)
    law_requires_keputusan: bool = Field(default=False, description="another law requires the team to be set by "
                                         "surat keputusan (Bandung Pasal 9 ayat (5))")
    identifikasi: dict[Literal[IDENTIFICATION_FIELDS], Text] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="Palangka Raya: the three identification steps the pemilik kinerja did")

    @model_validator(mode="after")
    def _consistent(self) -> TeamIn:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError("period_end: akhir masa kerja Tim mendahului awalnya")
        return self


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["verify", "set", "appoint_ketua", "add_member", "appoint_koordinator", "close"]
    nip: Nip | None = Field(default=None, description="the member to add, the Ketua Tim or Koordinator to appoint")
    note: Text | None = Field(default=None, description="catatan, e.g. the basis of a recommendation")


class MemberOut(BaseModel):
    nip: str
    role: str
    place: dict[str, str]


class StepOut(BaseModel):
    seq: int
    action: str
    actor_nip: str
    decision_id: str | None
    reasons: list[dict[str, Any]]
    obligations: dict[str, Any]


class LetterRefOut(BaseModel):
    id: str
    kind: str
    number: str


class TransitionOut(BaseModel):
    team_id: str
    status: str
    version: int
    scope: str
    kind: str
    ketua_nip: str | None
    koordinator_nip: str | None
    members: list[MemberOut]
    step: StepOut
    letter: LetterRefOut | None


class HistoryEntryOut(StepOut):
    at: str
    payload: dict[str, Any]
    letter_id: str | None


class TeamOut(BaseModel):
    team_id: str
    instansi_id: str
    profile: str
    name: str
    kind: str
    purpose: str
    scope: str
    status: str
    version: int
    owner: dict[str, str]
    owner_nip: str
    ketua_nip: str | None
    koordinator_nip: str | None
    contents: dict[str, Any]
    period_start: date | None
    period_end: date | None
    tahun_anggaran: int | None
    members: list[MemberOut]
    history: list[HistoryEntryOut]
    letters: list[LetterRefOut]


PROBLEMS = CommandProblems("Tim Kerja", (RequestNotFound,), STATE_CODES, CONTENT_CODES)
FAILURES = PROBLEMS.handled


@router.post("/tim-kerja", status_code=201, response_model=TransitionOut,
             summary="Propose or form a Tim Kerja (the policy decides who may, for the team's scope)",
             responses={401: {}, 403: {}, 409: {}, 422: {}, 503: {}})
async def open_team(body: TeamIn, principal: Authenticated, service: Service, response: Response,
                    idempotency_key: IdempotencyKey) -> dict[str, Any]:
    contents = {k: v for k, v in {"maksud_tujuan": body.maksud_tujuan, "target_kinerja": body.target_kinerja,
                                  "kompetensi": body.kompetensi}.items() if v}
    command = OpenTeam(
        action=body.action, name=body.name, kind=body.kind, purpose=body.purpose, members=body.members,
        owner_unit_id=body.owner_unit_id, contents=contents, period_start=body.period_start,
        period_end=body.period_end, tahun_anggaran=body.tahun_anggaran,
        law_requires_keputusan=body.law_requires_keputusan, identifikasi=dict(body.identifikasi))
    try:
        status, result = await service.open(
            command, caller_of(principal), Idempotency.of(idempotency_key, "POST /v1/tim-kerja",
                                                          body.model_dump(mode="json")), current_correlation_id())
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.status_code = status
    response.headers["ETag"] = f'"{result["version"]}"'
    response.headers["Location"] = f"/v1/tim-kerja/{result['team_id']}"
    return result


@router.post("/tim-kerja/{team_id}/steps", response_model=TransitionOut,
             summary="Take a step on a Tim Kerja: verify, set (issues its letter), appoint_ketua, add_member, "
             "appoint_koordinator, close", responses={401: {}, 403: {}, 404: {}, 409: {}, 412: {}, 422: {}, 503: {}})
async def take_step(team_id: str, body: StepIn, principal: Authenticated, service: Service, response: Response,
                    idempotency_key: IdempotencyKey,
                    if_match: IfMatch = None,
                    ) -> dict[str, Any]:
    try:
        status, result = await service.take_step(
            team_id, TeamCommand(body.action, body.nip, body.note), caller_of(principal),
            Idempotency.of(idempotency_key, f"POST /v1/tim-kerja/{team_id}/steps", body.model_dump(mode="json")),
            expected_version(if_match), current_correlation_id())
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.status_code = status
    response.headers["ETag"] = f'"{result["version"]}"'
    return result


@router.get("/tim-kerja/{team_id}", response_model=TeamOut,
            summary="A Tim Kerja with its members and roles, its history (every step, decision id and reasons) "
            "and its letters", responses={401: {}, 403: {}, 404: {}})
async def get_team(team_id: str, principal: Authenticated, service: Service, response: Response) -> TeamOut:
    try:
        team, letters = await service.view(team_id, caller_of(principal))
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.headers["ETag"] = f'"{team.version}"'
    ketua = team.ketua
    return TeamOut(
        team_id=team.id, instansi_id=team.instansi_id, profile=team.profile, name=team.name, kind=team.kind,
        purpose=team.purpose, scope=team.scope, status=team.status.value, version=team.version, owner=team.owner,
        owner_nip=team.owner_nip, ketua_nip=ketua.nip if ketua else None, koordinator_nip=team.koordinator_nip,
        contents=team.contents, period_start=team.period_start, period_end=team.period_end,
        tahun_anggaran=team.tahun_anggaran,
        members=[MemberOut(nip=m.nip, role=m.role.value, place=m.place) for m in team.members],
        history=[HistoryEntryOut(seq=s.seq, action=s.action, actor_nip=s.actor_nip, at=s.at.isoformat(),
                                 decision_id=s.decision_id, reasons=list(s.reasons), obligations=s.obligations,
                                 payload=s.payload, letter_id=s.letter_id) for s in team.steps],
        letters=[LetterRefOut(id=i, kind=letter.kind.value, number=letter.number) for i, letter in letters])
