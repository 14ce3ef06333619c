"""Penugasan requests over HTTP: open and act on them (Idempotency-Key required), read them and their history,
"my pending actions", and their letters as HTML or PDF.

Refusals carry the policy's reasons with their sources: the wrong actor 403, a step out of order or on a closed
request 409, missing contents or reasons 422. Two actors acting on the same version: exactly one wins, the other
gets 409 and nothing of its attempt is written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from sikerja_observability import current_correlation_id
from sikerja_problems import Problem

from assignment.adapters.letter_rendering import LetterRenderer
from assignment.domain.letters import Letter
from assignment.domain.penugasan import Form, Mechanism
from assignment.entrypoints.dependencies import (
    Authenticated,
    CommandProblems,
    IdempotencyKey,
    IfMatch,
    caller_of,
    expected_version,
)
from assignment.service_layer.commands import (
    Caller,
    Idempotency,
)
from assignment.service_layer.penugasan import (
    OpenPenugasan,
    PenugasanService,
    RequestNotFound,
    TakeStep,
)

router = APIRouter(prefix="/v1", tags=["penugasan"])

# Refusal codes that mean "not now, the request's state does not allow it" (409) or "the request is incomplete"
# (422); any other refusal is about who is asking (403).
STATE_CODES = {"penugasan.step_already_done", "penugasan.flow_ended", "penugasan.step_closed",
               "penugasan.step_out_of_order", "penugasan.no_open_step", "penugasan.request_closed",
               "penugasan.withdraw_after_assignment", "penugasan.nothing_to_withdraw",
               "penugasan.home_approval_required"}
CONTENT_CODES = {"penugasan.missing_contents", "penugasan.reasons_required", "penugasan.invalid_input",
                 "penugasan.pegawai_not_named", "penugasan.written_request_required", "penugasan.wrong_document",
                 "penugasan.unknown_step", "penugasan.step_action_mismatch", "penugasan.ambiguous_step",
                 "penugasan.unknown_mechanism", "penugasan.scope_not_allowed", "penugasan.pegawai_not_in_unit",
                 "penugasan.pegawai_unknown", "penugasan.actor_unknown", "penugasan.instansi_unknown"}


async def service_of(request: Request) -> PenugasanService:
    return request.app.state.penugasan


Service = Annotated[PenugasanService, Depends(service_of)]




# What a request may carry (workflows.md §2), as the profiles name the contents their steps require.
CONTENT_FIELDS = {
    "maksud_tujuan": "maksud dan tujuan",
    "kompetensi": "kompetensi, keahlian dan/atau keterampilan yang dibutuhkan",
    "kriteria": "kriteria pegawai yang dibutuhkan",
    "target_kinerja": "ekspektasi/target kinerja",
    "target_kinerja_tim": "target kinerja tim",
    "durasi": "durasi pelibatan, e.g. '3 bulan'",
    "pengaturan_lainnya": "pengaturan penugasan lainnya",
}
ContentText = Annotated[str, Field(min_length=1, max_length=2000)]


def _contents(value: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(value) - set(CONTENT_FIELDS))
    if unknown:
        raise ValueError(f"isi permohonan tidak dikenal: {', '.join(unknown)}; yang dikenal: "
                         f"{', '.join(CONTENT_FIELDS)}")
    return {k: v.strip() for k, v in value.items() if v.strip()}


Contents = Annotated[dict[str, ContentText], AfterValidator(_contents),
                     Field(description="request contents: " + "; ".join(f"{k}: {v}" for k, v in CONTENT_FIELDS.items()))]


class OpenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mechanism: Literal["penunjukan", "pengajuan_sukarela"]
    form: Literal["individu", "tim_kerja"] = "individu"
    action: str = Field(default="submit", description="the first step's action, e.g. submit, issue or record")
    step: str | None = Field(default=None, description="the first step's id, when the action does not decide it")
    pegawai_nip: str | None = Field(default=None, min_length=18, max_length=18)
    pegawai_unit_id: str | None = Field(default=None, description="penunjukan: the unit asked for a pegawai")
    owner_unit_id: str | None = Field(default=None, description="pengajuan sukarela: the unit pemilik kinerja")
    contents: Contents = Field(default_factory=dict)
    period_start: date
    period_end: date

    @model_validator(mode="after")
    def _consistent(self) -> OpenIn:
        if self.period_end < self.period_start:
            raise ValueError("period_end: akhir penugasan mendahului awalnya")
        if self.mechanism == "penunjukan" and not (self.pegawai_nip or self.pegawai_unit_id):
            raise ValueError("pegawai_nip: sebutkan pegawai atau unit yang dimintai pegawai (pegawai_unit_id)")
        if self.mechanism == "pengajuan_sukarela" and not self.owner_unit_id:
            raise ValueError("owner_unit_id: sebutkan unit pemilik kinerja yang dituju")
        return self


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str = Field(examples=["approve", "reject", "issue", "receive", "withdraw"])
    step: str | None = None
    reasons: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=list, description="alasan, required when the profile requires reasons for a rejection")
    contents: Contents = Field(default_factory=dict)
    pegawai_nip: str | None = Field(default=None, min_length=18, max_length=18,
                                    description="the pegawai chosen for the assignment, at the step that names them")


class StepOut(BaseModel):
    id: str
    action: str
    actor_nip: str
    decision_id: str | None
    reasons: list[dict[str, Any]]


class LetterRefOut(BaseModel):
    id: str
    kind: str
    number: str


class NextActorOut(BaseModel):
    step_id: str
    action: str
    role: str
    nip: str


class TransitionOut(BaseModel):
    request_id: str
    status: str
    version: int
    scope: str
    mechanism: str
    form: str
    step: StepOut
    letter: LetterRefOut | None
    next_actors: list[NextActorOut]


class PendingActionOut(BaseModel):
    request_id: str
    step_id: str
    action: str
    role: str
    nip: str


class HistoryEntryOut(BaseModel):
    seq: int
    step_id: str
    action: str
    actor_nip: str
    at: str
    decision_id: str | None
    reasons: list[dict[str, Any]]
    payload: dict[str, Any]
    letter_id: str | None


class RequestOut(BaseModel):
    request_id: str
    instansi_id: str
    profile: str
    mechanism: str
    form: str
    scope: str
    status: str
    version: int
    pemilik_kinerja_nip: str
    pegawai_nip: str | None
    contents: dict[str, str]
    period_start: date
    period_end: date
    respond_by: date
    next_steps: list[dict[str, Any]]
    history: list[HistoryEntryOut]
    letters: list[LetterRefOut]


PROBLEMS = CommandProblems("Permohonan", (RequestNotFound,), STATE_CODES, CONTENT_CODES)
FAILURES = PROBLEMS.handled


@router.post("/penugasan", status_code=201, response_model=TransitionOut,
             summary="Open a penugasan request and take its first step (the initiator's)",
             responses={401: {}, 403: {}, 409: {}, 422: {}, 503: {}})
async def open_request(body: OpenIn, principal: Authenticated, service: Service, response: Response,
                       idempotency_key: IdempotencyKey) -> dict[str, Any]:
    command = OpenPenugasan(
        mechanism=Mechanism(body.mechanism), form=Form(body.form), action=body.action, step=body.step,
        contents=body.contents, period_start=body.period_start, period_end=body.period_end,
        pegawai_nip=body.pegawai_nip, pegawai_unit_id=body.pegawai_unit_id, owner_unit_id=body.owner_unit_id)
    try:
        status, result = await service.open(command, caller_of(principal),
                                            Idempotency.of(idempotency_key, "POST /v1/penugasan",
                                                           body.model_dump(mode="json")),
                                            current_correlation_id())
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.status_code = status
    response.headers["ETag"] = f'"{result["version"]}"'
    response.headers["Location"] = f"/v1/penugasan/{result['request_id']}"
    return result


@router.post("/penugasan/{request_id}/steps", response_model=TransitionOut,
             summary="Take the next step of a request: approve, reject (with reasons), draft, sign, issue, "
             "receive, withdraw…", responses={401: {}, 403: {}, 404: {}, 409: {}, 412: {}, 422: {}, 503: {}})
async def take_step(request_id: str, body: StepIn, principal: Authenticated, service: Service, response: Response,
                    idempotency_key: IdempotencyKey,
                    if_match: IfMatch = None,
                    ) -> dict[str, Any]:
    command = TakeStep(action=body.action, step=body.step, reasons=body.reasons, contents=body.contents,
                       pegawai_nip=body.pegawai_nip)
    try:
        status, result = await service.take_step(
            request_id, command, caller_of(principal),
            Idempotency.of(idempotency_key, f"POST /v1/penugasan/{request_id}/steps", body.model_dump(mode="json")),
            expected_version(if_match), current_correlation_id())
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.status_code = status
    response.headers["ETag"] = f'"{result["version"]}"'
    return result


@router.get("/penugasan/{request_id}", response_model=RequestOut,
            summary="A request with its full history (every step, its decision id and reasons) and its letters",
            responses={401: {}, 403: {}, 404: {}, 503: {}})
async def get_request(request_id: str, principal: Authenticated, service: Service, response: Response) -> RequestOut:
    try:
        request, letters = await service.view(request_id, caller_of(principal))
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.headers["ETag"] = f'"{request.version}"'
    return RequestOut(
        request_id=request.id, instansi_id=request.instansi_id, profile=request.profile,
        mechanism=request.mechanism.value, form=request.form.value, scope=request.scope,
        status=request.status.value, version=request.version, pemilik_kinerja_nip=request.pemilik_kinerja.nip,
        pegawai_nip=request.pegawai.nip, contents=request.contents, period_start=request.period_start,
        period_end=request.period_end, respond_by=request.respond_by, next_steps=request.next_steps,
        history=[HistoryEntryOut(seq=s.seq, step_id=s.step_id, action=s.action, actor_nip=s.actor_nip,
                                 at=s.at.isoformat(), decision_id=s.decision_id, reasons=list(s.reasons),
                                 payload=s.payload, letter_id=s.letter_id) for s in request.steps],
        letters=[LetterRefOut(id=i, kind=letter.kind.value, number=letter.number) for i, letter in letters])


@router.get("/pegawai/{nip}/pending-actions", response_model=list[PendingActionOut],
            summary="The steps waiting for a pegawai (only the pegawai themself may ask)",
            responses={401: {}, 403: {}})
async def pending_actions(nip: str, principal: Authenticated, service: Service) -> list[dict[str, Any]]:
    if principal.subject != nip and "platform_admin" not in principal.roles:
        raise Problem(403, "forbidden", "Tidak diizinkan", "daftar tindakan hanya dapat dilihat pegawai yang bersangkutan")
    return await service.pending_actions(nip)


_renderer = LetterRenderer()


async def _find_letter(http_request: Request, service: PenugasanService, letter_id: str, caller: Caller) -> Letter:
    """A penugasan request's letter or a Tim Kerja's (``letters.request_id`` holds either id); each is authorized
    against its own aggregate."""
    teams = getattr(http_request.app.state, "tim_kerja", None)
    if teams is not None and (letter := await teams.letter(letter_id, caller)) is not None:
        return letter
    return await service.letter(letter_id, caller)


@router.get("/letters/{letter_id}.html", response_class=HTMLResponse, summary="A letter, printable HTML",
            responses={401: {}, 403: {}, 404: {}})
async def letter_html(letter_id: str, principal: Authenticated, service: Service, http_request: Request) -> HTMLResponse:
    try:
        letter = await _find_letter(http_request, service, letter_id, caller_of(principal))
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    return HTMLResponse(_renderer.html(letter))


@router.get("/letters/{letter_id}.pdf", summary="A letter as PDF", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}, 401: {}, 403: {}, 404: {}})
async def letter_pdf(letter_id: str, principal: Authenticated, service: Service, http_request: Request) -> Response:
    try:
        letter = await _find_letter(http_request, service, letter_id, caller_of(principal))
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    return Response(_renderer.pdf(letter), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{letter.kind.value}-{letter_id}.pdf"'})

