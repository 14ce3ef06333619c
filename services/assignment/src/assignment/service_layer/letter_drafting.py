"""Draft the letter a step produces, as the profile's obligations describe it: its kind, who signs it, to whom it
goes and who gets a tembusan, filled with the request's contents and the people the roles are bound to."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from assignment.adapters.org_directory import OrgDirectory
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
    format_letter_number,
)
from assignment.domain.model import InstansiRules
from assignment.domain.penugasan import PenugasanRequest
from assignment.service_layer.workflow_roles import RoleHolder

# Documents the profiles name that share the form of one of the letter kinds (an approval is a reply; a proposal,
# recommendation, disposition or report travels as a nota dinas inside the government).
DOCUMENT_FORMS: dict[str, LetterKind] = {
    **{kind.value: kind for kind in LetterKind},
    "surat_persetujuan": LetterKind.SURAT_JAWABAN,
    "usulan": LetterKind.NOTA_DINAS,
    "rekomendasi": LetterKind.NOTA_DINAS,
    "disposisi": LetterKind.NOTA_DINAS,
    "laporan": LetterKind.NOTA_DINAS,
    "daftar_nama": LetterKind.SURAT_JAWABAN,
}

SUBJECTS = {
    LetterKind.NOTA_DINAS: "Permohonan pelibatan Pejabat Fungsional/Pelaksana",
    LetterKind.SURAT_PERMOHONAN: "Permohonan pelibatan Pejabat Fungsional/Pelaksana",
    LetterKind.SURAT_JAWABAN: "Jawaban permohonan pelibatan Pejabat Fungsional/Pelaksana",
    LetterKind.SURAT_PERINTAH: "Penugasan Pejabat Fungsional/Pelaksana",
    LetterKind.SURAT_PENUGASAN: "Penugasan Pejabat Fungsional/Pelaksana",
    LetterKind.KEPUTUSAN: "Penugasan Pejabat Fungsional/Pelaksana",
    LetterKind.SK_TIM_KERJA: "Pembentukan Tim Kerja",
    LetterKind.CATATAN_LISAN: "Pengajuan sukarela secara lisan",
}

AllocateNumber = Callable[[str, LetterKind, int], Awaitable[int]]


class LetterCannotBeDrafted(Exception):
    """A role the letter needs is held by nobody the read model knows (e.g. a vacant office)."""


@dataclass(frozen=True)
class StepLetterContext:
    request: PenugasanRequest
    step_id: str
    action: str
    obligations: dict[str, Any]
    payload: dict[str, Any]
    decision_id: str
    reasons: tuple[dict[str, Any], ...]
    holders: dict[str, RoleHolder]
    catalogue: dict[str, Any]
    previous: Letter | None
    today: date
    actor_nip: str


def letter_kind_of(obligations: dict[str, Any]) -> LetterKind | None:
    document = obligations.get("document")
    return DOCUMENT_FORMS.get(document) if document else None


def instansi_code(rules: InstansiRules) -> str:
    if rules.code:
        return rules.code
    return (re.sub(r"[^A-Z0-9]+", "-", rules.name.upper()).strip("-")[:32] or "INSTANSI").ljust(2, "X")


async def draft_letter(context: StepLetterContext, directory: OrgDirectory,
                       instansi_of: Callable[[str], Awaitable[InstansiRules | None]],
                       allocate: AllocateNumber) -> Letter | None:
    kind = letter_kind_of(context.obligations)
    if kind is None:
        return None
    request, obligations = context.request, context.obligations
    signer = await _official(_first_held(context, obligations.get("signers", [])) or context.actor_nip, directory,
                             context)
    sender = signer
    if kind is LetterKind.CATATAN_LISAN:
        sender = await _official(_held(context, "pegawai") or context.request.pegawai.nip, directory, context)
    signer_facts = await directory.place_of(signer.nip, context.today)
    issuing_id = signer_facts.place.instansi if signer_facts else request.instansi_id
    rules = await instansi_of(issuing_id)
    if rules is None:
        raise LetterCannotBeDrafted(f"instansi {issuing_id} belum dikenal layanan penugasan")
    sequence = await allocate(issuing_id, kind, context.today.year)
    contents = request.contents
    pegawai = await _member(request.pegawai.nip, directory, context) if request.pegawai.nip else None
    letter = Letter(
        kind=kind,
        number=format_letter_number(instansi_code(rules), kind, context.today.year, sequence),
        date=context.today,
        instansi=IssuingInstansi(rules.instansi_id, rules.name,
                                 (signer_facts.jabatan.title,) if signer_facts and signer_facts.jabatan else ()),
        sender=sender, signer=signer,
        subject=SUBJECTS[kind],
        request_id=request.id, step_id=context.step_id,
        decision=PolicyDecision(context.decision_id, tuple(
            PolicyReason(r["code"], r["message"], r.get("source") or "") for r in context.reasons)),
        addressee=await _addressee(kind, context, directory, pegawai),
        tembusan=tuple([await _tembusan(role, context, directory) for role in obligations.get("tembusan", [])]),
        mechanism=Mechanism(request.mechanism.value),
        purpose=contents.get("maksud_tujuan"),
        competencies=tuple(c.strip() for c in (contents.get("kompetensi") or contents.get("kriteria") or "").split(",")
                           if c.strip()),
        performance_target=contents.get("target_kinerja") or contents.get("target_kinerja_tim"),
        other_arrangements=tuple(x for x in (contents.get("pengaturan_lainnya"),) if x),
        duration=Period(request.period_start, request.period_end),
        basis=_basis(context),
        in_reply_to=_in_reply_to(kind, context),
        verdict=_verdict(kind, context),
        members=(pegawai,) if pegawai and kind in {LetterKind.SURAT_PERINTAH, LetterKind.SURAT_PENUGASAN,
                                                   LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA} else (),
        decree=_decree(kind, context),
    )
    return letter


def _basis(context: StepLetterContext) -> tuple[str, ...]:
    """The "Dasar" of a letter: the letter it follows and the rule that requires it."""
    previous = context.previous
    parts = [f"Surat Nomor {previous.number} tanggal {previous.date.isoformat()}" if previous else "",
             context.obligations.get("source", "")]
    return tuple(part for part in parts if part)


def _held(context: StepLetterContext, role: str) -> str | None:
    holder = context.holders.get(role)
    return holder.nip if holder else None


def _first_held(context: StepLetterContext, roles: list[str]) -> str | None:
    """The signer the profile names; a step without one is signed by whoever takes it (a pegawai's own letter)."""
    for role in roles:
        if nip := _held(context, role):
            return nip
    if roles:
        raise LetterCannotBeDrafted(f"tidak ada pejabat yang memegang peran penanda tangan {', '.join(roles)}")
    return None


async def _official(nip: str | None, directory: OrgDirectory, context: StepLetterContext) -> Official:
    if nip is None:
        raise LetterCannotBeDrafted("pegawai yang harus disebut dalam surat belum diketahui")
    facts = await directory.place_of(nip, context.today)
    if facts is None:
        raise LetterCannotBeDrafted(f"pegawai {nip} tidak menduduki jabatan pada tanggal surat")
    return Official(facts.name or nip, nip, facts.jabatan.title if facts.jabatan else "")


async def _member(nip: str, directory: OrgDirectory, context: StepLetterContext) -> TeamMember | None:
    facts = await directory.place_of(nip, context.today)
    if facts is None:
        return None
    return TeamMember(facts.name or nip, nip, facts.jabatan.title if facts.jabatan else "", "Anggota")


def _role_title(context: StepLetterContext, role: str) -> str:
    return context.catalogue.get(role, {}).get("title", role.replace("_", " "))


async def _addressee(kind: LetterKind, context: StepLetterContext, directory: OrgDirectory,
                     pegawai: TeamMember | None) -> Addressee | None:
    if kind in {LetterKind.SURAT_PERINTAH, LetterKind.SURAT_PENUGASAN}:
        return Addressee(pegawai.jabatan, pegawai.name, pegawai.nip) if pegawai else None
    if kind in {LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA}:
        return None
    roles = context.obligations.get("addressees", [])
    if not roles:
        return Addressee(_role_title(context, "pegawai"))
    role = roles[0]
    nip = _held(context, role)
    facts = await directory.place_of(nip, context.today) if nip else None
    if facts is None:
        return Addressee(_role_title(context, role))
    return Addressee(facts.jabatan.title if facts.jabatan else _role_title(context, role), facts.name, nip)


async def _tembusan(role: str, context: StepLetterContext, directory: OrgDirectory) -> str:
    nip = _held(context, role)
    facts = await directory.place_of(nip, context.today) if nip else None
    if facts is None or facts.jabatan is None:
        return _role_title(context, role)
    return facts.jabatan.title


def _in_reply_to(kind: LetterKind, context: StepLetterContext) -> LetterReference | None:
    if kind is not LetterKind.SURAT_JAWABAN:
        return None
    if context.previous is not None:
        return LetterReference(context.previous.number, context.previous.date, context.previous.subject)
    request = context.request
    return LetterReference(f"permohonan {request.id}", request.opened_at.date(), SUBJECTS[LetterKind.NOTA_DINAS])


def _verdict(kind: LetterKind, context: StepLetterContext) -> ReplyVerdict | None:
    if kind is not LetterKind.SURAT_JAWABAN:
        return None
    if context.action == "reject":
        return ReplyVerdict(False, tuple(context.payload.get("reasons") or ("tidak dapat menyetujui",)))
    return ReplyVerdict(True)


def _decree(kind: LetterKind, context: StepLetterContext) -> DecreeParts | None:
    if kind not in {LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA}:
        return None
    request = context.request
    purpose = request.contents.get("maksud_tujuan") or "pelaksanaan tugas"
    return DecreeParts(
        menimbang=(f"bahwa untuk {purpose} diperlukan pelibatan Pejabat Fungsional dan/atau Pelaksana;",),
        mengingat=(context.obligations.get("source") or "Peraturan Menteri PANRB Nomor 7 Tahun 2022",),
        diktum=(
            "Menugaskan pegawai yang namanya tercantum dalam Lampiran Keputusan ini.",
            f"Penugasan berlaku sejak {request.period_start.isoformat()} sampai dengan "
            f"{request.period_end.isoformat()}.",
        ),
    )
