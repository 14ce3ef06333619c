"""Pelaksanaan tugas and pertanggungjawaban over HTTP: reports, report requests, escalations and the result chain of
a piece of work (``/v1/assigned-work/{kind}/{id}``: ``penugasan`` for an individual penugasan in force, ``tim_kerja`` for a
Tim Kerja), its accountability record, and what waits for a pegawai.

Every command needs an Idempotency-Key. Refusals carry the policy's reasons with their sources: the wrong person
403, an action out of order (a level skipped, a result already at the top, a closed record) 409, a body the
profile does not provide for (a recipient it does not name, no alternatif rekomendasi, a wrong return target) 422.
Two actors acting on the same work at once: exactly one wins, the other gets 409 and nothing of its attempt is
written.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sikerja_observability import current_correlation_id
from sikerja_problems import Problem

from assignment.domain.pelaksanaan import WorkKind, WorkRef
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
from assignment.service_layer.pelaksanaan import (
    Escalate,
    PelaksanaanService,
    RecordNotFound,
    RequestReport,
    ResultStep,
    SendReport,
    SubmitResult,
    WorkNotFound,
)

router = APIRouter(prefix="/v1", tags=["pelaksanaan"])

# Who is asking: these refusals are 403 whatever else the decision says.
ACTOR_CODES = {"pelaksanaan.not_the_reporter", "pelaksanaan.requester_not_allowed", "pelaksanaan.not_team_member",
               "pelaksanaan.not_result_holder", "pelaksanaan.not_requested_from", "pelaksanaan.not_a_party"}
# Not now: the state of the work or record does not allow it.
STATE_CODES = {"pelaksanaan.level_skipped", "pelaksanaan.already_at_top", "pelaksanaan.nothing_below",
               "pelaksanaan.not_top_of_chain", "pelaksanaan.request_closed", "pelaksanaan.record_closed",
               "pelaksanaan.work_not_active"}
# The body asks for something the profile does not provide for.
CONTENT_CODES = {"pelaksanaan.invalid_input", "pelaksanaan.unknown_profile", "pelaksanaan.occasion_not_provided",
                 "pelaksanaan.recipient_not_allowed", "pelaksanaan.recipient_missing",
                 "pelaksanaan.request_target_not_allowed", "pelaksanaan.recipient_not_requester",
                 "pelaksanaan.request_target_unknown", "pelaksanaan.escalation_is_for_teams",
                 "pelaksanaan.scope_not_provided", "pelaksanaan.level_not_provided",
                 "pelaksanaan.alternatif_rekomendasi_missing", "pelaksanaan.escalation_target_not_allowed",
                 "pelaksanaan.result_not_conforming", "pelaksanaan.result_conforms",
                 "pelaksanaan.return_not_provided", "pelaksanaan.return_target_not_allowed",
                 "pelaksanaan.correction_not_provided", "pelaksanaan.not_individual_work",
                 "pelaksanaan.owner_unit_unknown", "pelaksanaan.instansi_unknown"}


async def service_of(request: Request) -> PelaksanaanService:
    return request.app.state.pelaksanaan


Service = Annotated[PelaksanaanService, Depends(service_of)]
Nip = Annotated[str, Field(min_length=18, max_length=18)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]




class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    isi: Text = Field(description="isi laporan: perkembangan, hasil, permasalahan")
    occasion: Literal["berkala", "permasalahan", "atas_permintaan"] = "berkala"
    recipients: list[Nip] = Field(default_factory=list, description="NIP of each recipient; answering a request, "
                                  "the official who asked (the default)")
    request_id: str | None = Field(default=None, description="the report request this report answers")


class ReportRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_nip: Nip = Field(description="the Ketua Tim or anggota asked to report")
    catatan: Text | None = None


class EscalationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    permasalahan: Text = Field(description="permasalahan dan kendala")
    alternatif_rekomendasi: list[Annotated[str, Field(max_length=2000)]] = Field(
        description="alternatif rekomendasi (required by every profile)")
    targets: list[Nip] = Field(min_length=1, description="NIP of the officials the problem goes to at this level")
    level: int = Field(default=1, ge=1)
    escalation_id: str | None = Field(default=None, description="the problem raised before, to raise it further")


class ResultIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ringkasan: Text = Field(description="ringkasan hasil pelaksanaan kegiatan")
    to: Nip | None = Field(default=None, description="the next level (default: the head right above)")
    conforms: bool = Field(default=True, description="the executor's judgement: the result meets the target")


class ResultStepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["submit", "accept", "return", "correct"]
    to: Nip | None = Field(default=None, description="submit: the next level; return: who gets it back "
                           "(default: as the profile's return path says)")
    conforms: bool | None = Field(default=None, description="the holder's judgement (default: true for submit and "
                                  "accept, false for return and correct)")
    catatan: Text | None = None


class EntryOut(BaseModel):
    seq: int
    action: str
    actor_nip: str
    at: str
    to: list[str]
    level: int | None
    status: str
    decision_id: str | None
    reasons: list[dict[str, Any]]
    obligations: dict[str, Any]
    payload: dict[str, Any]


class PendingOut(BaseModel):
    request_id: str = Field(examples=["result:4f0c…", "report_request:9a1b…"])
    step_id: str
    nip: str
    action: str
    role: str


class WorkRefOut(BaseModel):
    kind: str
    id: str


class RecordedOut(BaseModel):
    record_id: str
    kind: str
    status: str
    work: WorkRefOut
    version: int
    data: dict[str, Any]
    entry: EntryOut
    pending: list[PendingOut]
    answered_request: dict[str, Any] | None = None


class RecordOut(BaseModel):
    record_id: str
    kind: str
    status: str
    opened_by: str
    opened_at: str
    data: dict[str, Any]
    history: list[EntryOut]
    pending: list[PendingOut]


class WorkOut(BaseModel):
    kind: str
    id: str
    instansi_id: str
    profile: str
    mode: str
    executor: str
    members: list[str]
    owner_unit_id: str
    version: int


class AccountabilityOut(BaseModel):
    work: WorkOut
    reports: list[RecordOut]
    report_requests: list[RecordOut]
    escalations: list[RecordOut]
    results: list[RecordOut]
    pending: list[PendingOut]


class MyPendingOut(PendingOut):
    work_kind: str
    work_id: str


PROBLEMS = CommandProblems("Pelaksanaan tugas", (WorkNotFound, RecordNotFound), STATE_CODES, CONTENT_CODES, ACTOR_CODES)
FAILURES = PROBLEMS.handled


async def _run(response: Response, call) -> dict[str, Any]:
    try:
        status, result = await call
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.status_code = status
    response.headers["ETag"] = f'"{result["version"]}"'
    return result


WorkKindPath = Literal["penugasan", "tim_kerja"]
COMMAND_RESPONSES: dict[int | str, dict[str, Any]] = {401: {}, 403: {}, 404: {}, 409: {}, 412: {}, 422: {}, 503: {}}


@router.post("/assigned-work/{kind}/{work_id}/reports", status_code=201, response_model=RecordedOut,
             summary="Report on the work: periodically, on a problem, or answering a report request",
             responses=COMMAND_RESPONSES)
async def send_report(kind: WorkKindPath, work_id: str, body: ReportIn, principal: Authenticated, service: Service,
                      response: Response, idempotency_key: IdempotencyKey, if_match: IfMatch = None) -> dict[str, Any]:
    ref = WorkRef(WorkKind(kind), work_id)
    return await _run(response, service.report(
        ref, SendReport(body.isi, body.occasion, list(body.recipients), body.request_id), caller_of(principal),
        Idempotency.of(idempotency_key, f"POST /v1/assigned-work/{ref.key}/reports", body.model_dump(mode="json")),
        expected_version(if_match), current_correlation_id()))


@router.post("/assigned-work/{kind}/{work_id}/report-requests", status_code=201, response_model=RecordedOut,
             summary="Ask the Ketua Tim or an anggota for a report at any time (sewaktu-waktu)",
             responses=COMMAND_RESPONSES)
async def request_report(kind: WorkKindPath, work_id: str, body: ReportRequestIn, principal: Authenticated,
                         service: Service, response: Response, idempotency_key: IdempotencyKey,
                         if_match: IfMatch = None) -> dict[str, Any]:
    ref = WorkRef(WorkKind(kind), work_id)
    return await _run(response, service.request_report(
        ref, RequestReport(body.from_nip, body.catatan), caller_of(principal),
        Idempotency.of(idempotency_key, f"POST /v1/assigned-work/{ref.key}/report-requests", body.model_dump(mode="json")),
        expected_version(if_match), current_correlation_id()))


@router.post("/assigned-work/{kind}/{work_id}/escalations", status_code=201, response_model=RecordedOut,
             summary="Raise a problem with alternatif rekomendasi to the level the team's scope names",
             responses=COMMAND_RESPONSES)
async def escalate(kind: WorkKindPath, work_id: str, body: EscalationIn, principal: Authenticated, service: Service,
                   response: Response, idempotency_key: IdempotencyKey, if_match: IfMatch = None) -> dict[str, Any]:
    ref = WorkRef(WorkKind(kind), work_id)
    return await _run(response, service.escalate(
        ref, Escalate(body.permasalahan, list(body.alternatif_rekomendasi), list(body.targets), body.level,
                      body.escalation_id), caller_of(principal),
        Idempotency.of(idempotency_key, f"POST /v1/assigned-work/{ref.key}/escalations", body.model_dump(mode="json")),
        expected_version(if_match), current_correlation_id()))


@router.post("/assigned-work/{kind}/{work_id}/results", status_code=201, response_model=RecordedOut,
             summary="Submit a result of the work to the first level of its chain", responses=COMMAND_RESPONSES)
async def submit_result(kind: WorkKindPath, work_id: str, body: ResultIn, principal: Authenticated, service: Service,
                        response: Response, idempotency_key: IdempotencyKey,
                        if_match: IfMatch = None) -> dict[str, Any]:
    ref = WorkRef(WorkKind(kind), work_id)
    return await _run(response, service.submit_result(
        ref, SubmitResult(body.ringkasan, body.to, body.conforms), caller_of(principal),
        Idempotency.of(idempotency_key, f"POST /v1/assigned-work/{ref.key}/results", body.model_dump(mode="json")),
        expected_version(if_match), current_correlation_id()))


@router.post("/results/{result_id}/steps", response_model=RecordedOut,
             summary="Move a result on its chain: submit it up one level, accept it (the top declares the work "
             "finished), return it along the profile's path, or correct it (where the head corrects)",
             responses=COMMAND_RESPONSES)
async def result_step(result_id: str, body: ResultStepIn, principal: Authenticated, service: Service, response: Response,
                      idempotency_key: IdempotencyKey, if_match: IfMatch = None) -> dict[str, Any]:
    return await _run(response, service.result_step(
        result_id, ResultStep(body.action, body.to, body.conforms, body.catatan), caller_of(principal),
        Idempotency.of(idempotency_key, f"POST /v1/results/{result_id}/steps", body.model_dump(mode="json")),
        expected_version(if_match), current_correlation_id()))


@router.get("/assigned-work/{kind}/{work_id}/accountability", response_model=AccountabilityOut,
            summary="The work's pertanggungjawaban: reports, report requests, escalations and results, each with "
            "its history (decision id and reasons) and who it waits for", responses={401: {}, 403: {}, 404: {}})
async def accountability(kind: WorkKindPath, work_id: str, principal: Authenticated, service: Service,
                         response: Response) -> dict[str, Any]:
    try:
        view = await service.accountability(WorkRef(WorkKind(kind), work_id), caller_of(principal))
    except FAILURES as exc:
        raise PROBLEMS.of(exc) from exc
    response.headers["ETag"] = f'"{view["work"]["version"]}"'
    return view


@router.get("/pegawai/{nip}/pelaksanaan/pending-actions", response_model=list[MyPendingOut],
            summary="Report requests and results waiting for a pegawai (only the pegawai themself may ask)",
            responses={401: {}, 403: {}})
async def pending_actions(nip: str, principal: Authenticated, service: Service) -> list[dict[str, Any]]:
    if principal.subject != nip and "platform_admin" not in principal.roles:
        raise Problem(403, "forbidden", "Tidak diizinkan", "daftar tindakan hanya dapat dilihat pegawai yang bersangkutan")
    return await service.pending_actions(nip)
