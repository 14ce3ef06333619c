"""Draft the letter a step produces, as the profile's obligations describe it: its kind, who signs it, to whom it
goes and who gets a tembusan, filled with the request's contents and the people the roles are bound to."""

from __future__ import annotations

import dataclasses
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
from assignment.domain.tim_kerja import ROLE_TITLES, Role, TimKerja
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
    "surat_perintah_tugas": LetterKind.SURAT_PERINTAH,  # Jepara's Surat Perintah Tugas of a Tim Kerja
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
                       instansi_of: Callable[[str], Awaitable[InstansiRules | None]]) -> Letter | None:
    """The letter without its number: numbering locks the instansi's counter until commit, so it comes last
    (see :func:`number_letter`)."""
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
    contents = request.contents
    pegawai = await _member(request.pegawai.nip, directory, context) if request.pegawai.nip else None
    letter = Letter(
        kind=kind,
        number="",
        date=context.today,
        instansi=IssuingInstansi(rules.instansi_id, rules.name,  # its code numbers the letter

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


async def number_letter(letter: Letter, rules: InstansiRules, allocate: AllocateNumber) -> Letter:
    """Give the letter the next number of its instansi, kind and year (the counter stays locked until commit)."""
    sequence = await allocate(rules.instansi_id, letter.kind, letter.date.year)
    return dataclasses.replace(letter, number=format_letter_number(instansi_code(rules), letter.kind,
                                                                   letter.date.year, sequence))


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


# ---------------------------------------------------------------------------------------------------------------
# The letter that sets a Tim Kerja (Surat Perintah, surat penugasan, SK Tim Kerja or Keputusan), or names a member
# added to a team already set: its kind, title and signer as the tim_kerja policy's obligations say.


@dataclass(frozen=True)
class TeamLetterContext:
    team: TimKerja
    step_id: str
    document: dict[str, Any]  # the obligation's document: {kind, title, signers, source}
    signer_nip: str
    tembusan: tuple[str, ...]
    decision_id: str
    reasons: tuple[dict[str, Any], ...]
    today: date


async def draft_team_letter(context: TeamLetterContext, directory: OrgDirectory,
                            instansi_of: Callable[[str], Awaitable[InstansiRules | None]],
                            allocate: AllocateNumber) -> Letter:
    kind = DOCUMENT_FORMS.get(context.document.get("kind", ""))
    if kind is None:
        raise LetterCannotBeDrafted(f"jenis naskah {context.document.get('kind')} tidak dikenal")
    team, today = context.team, context.today
    signer_facts = await directory.place_of(context.signer_nip, today)
    if signer_facts is None:
        raise LetterCannotBeDrafted(f"penanda tangan {context.signer_nip} tidak menduduki jabatan pada tanggal surat")
    signer = Official(signer_facts.name or context.signer_nip, context.signer_nip, signer_facts.jabatan.title)
    rules = await instansi_of(signer_facts.place.instansi)
    if rules is None:
        raise LetterCannotBeDrafted(f"instansi {signer_facts.place.instansi} belum dikenal layanan penugasan")
    sequence = await allocate(rules.instansi_id, kind, today.year)
    facts = await directory.places_of([m.nip for m in team.members] + [team.koordinator_nip or ""], today)
    ordered = sorted(team.members, key=lambda m: (m.role is not Role.KETUA, m.since_seq, m.nip))
    members = [TeamMember(facts[m.nip].name or m.nip if m.nip in facts else m.nip, m.nip,
                          facts[m.nip].jabatan.title if m.nip in facts else "", ROLE_TITLES[m.role]) for m in ordered]
    if team.koordinator_nip and team.koordinator_nip in facts and not team.member(team.koordinator_nip):
        k = facts[team.koordinator_nip]
        members.insert(0, TeamMember(k.name or k.nip, k.nip, k.jabatan.title, "Koordinator Tim Kerja"))
    contents, source = team.contents, context.document.get("source", "")
    purpose = contents.get("maksud_tujuan") or f"pelaksanaan tugas {team.name}"
    decree = None
    if kind in {LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA}:
        menimbang = f"bahwa untuk {purpose} perlu dibentuk {team.name} dengan anggota Pejabat Fungsional dan/atau Pelaksana;"
        members_diktum = (f"Membentuk {team.name} dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran "
                          "Keputusan ini.")
        duty_diktum = ("Tim Kerja melaksanakan target kinerja yang ditetapkan dan melaporkan hasilnya kepada pejabat "
                       "yang menetapkan.")
        decree = DecreeParts(menimbang=(menimbang,), mengingat=(source or "Peraturan Menteri PANRB Nomor 7 Tahun 2022",),
                             diktum=(members_diktum, duty_diktum, "Keputusan ini mulai berlaku pada tanggal ditetapkan."))
    return Letter(
        kind=kind,
        number=format_letter_number(instansi_code(rules), kind, today.year, sequence),
        date=today,
        instansi=IssuingInstansi(rules.instansi_id, rules.name,  # its code numbers the letter
 (signer_facts.jabatan.title,)),
        sender=signer, signer=signer,
        subject=f"Pembentukan {team.name}",
        request_id=team.id, step_id=context.step_id,
        decision=PolicyDecision(context.decision_id, tuple(
            PolicyReason(r["code"], r["message"], r.get("source") or "") for r in context.reasons)),
        tembusan=context.tembusan,
        purpose=contents.get("maksud_tujuan"),
        competencies=tuple(contents.get("kompetensi") or ()),
        performance_target=contents.get("target_kinerja"),
        duration=Period(team.period_start, team.period_end) if team.period_start and team.period_end else None,
        basis=(source,) if source else (),
        members=tuple(members),
        decree=decree,
    )
