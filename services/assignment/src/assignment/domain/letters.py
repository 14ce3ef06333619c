"""The letters of penugasan: what each kind must contain, and how a letter number reads.

A :class:`Letter` is an immutable value built by the workflow engine for one step of one penugasan request
(workflows.md §1). It carries everything the printed document shows; rendering (HTML/PDF) lives in
``adapters/letter_rendering.py`` and the allocation of the sequence number in ``adapters/letter_numbers.py``.

Which kind needs what (workflows.md §0.2, §2):

* ``nota_dinas`` and ``surat_permohonan`` that ask for a JF/Pelaksana (penunjukan) must hold the four items
  every seed requires "paling sedikit": maksud dan tujuan; kompetensi, keahlian, dan/atau keterampilan yang
  dibutuhkan; ekspektasi/target kinerja; durasi pelibatan (§2.1). A voluntary application
  (pengajuan sukarela) has no minimum content in any seed, so it is exempt.
* ``surat_jawaban`` answers an earlier letter; a refusal must say why (§1.9).
* ``surat_perintah`` and ``surat_penugasan`` name at least one assignee.
* ``keputusan`` and ``sk_tim_kerja`` hold menimbang, mengingat and the diktum of memutuskan, and list the
  members with their role in the team (§3.2).
* ``catatan_lisan`` records a verbal pengajuan sukarela within the unit (§1.7), made by the PUO who heard it.

Letter numbers read ``{nomor urut}/{kode jenis}/{kode instansi}/{tahun}``, for example
``0007/PMH/KAB-SUMENEP/2024``: the sequence is zero-padded to four digits and restarts at 1 every year for each
instansi and kind; :data:`KIND_CODES` lists the kode jenis.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date


class LetterKind(enum.StrEnum):
    NOTA_DINAS = "nota_dinas"
    SURAT_PERMOHONAN = "surat_permohonan"
    SURAT_JAWABAN = "surat_jawaban"
    SURAT_PERINTAH = "surat_perintah"
    SURAT_PENUGASAN = "surat_penugasan"
    KEPUTUSAN = "keputusan"
    SK_TIM_KERJA = "sk_tim_kerja"
    CATATAN_LISAN = "catatan_lisan"


# Kode jenis naskah in the letter number. Short, upper case, unique, and free of "/" (the separator).
KIND_CODES: dict[LetterKind, str] = {
    LetterKind.NOTA_DINAS: "ND",
    LetterKind.SURAT_PERMOHONAN: "PMH",
    LetterKind.SURAT_JAWABAN: "JWB",
    LetterKind.SURAT_PERINTAH: "SPR",
    LetterKind.SURAT_PENUGASAN: "SPG",
    LetterKind.KEPUTUSAN: "KEP",
    LetterKind.SK_TIM_KERJA: "SKTK",
    LetterKind.CATATAN_LISAN: "CL",
}

# The Indonesian name of each kind, as it appears in refusal messages.
KIND_NAMES: dict[LetterKind, str] = {
    LetterKind.NOTA_DINAS: "nota dinas",
    LetterKind.SURAT_PERMOHONAN: "surat permohonan",
    LetterKind.SURAT_JAWABAN: "surat jawaban",
    LetterKind.SURAT_PERINTAH: "Surat Perintah",
    LetterKind.SURAT_PENUGASAN: "surat penugasan",
    LetterKind.KEPUTUSAN: "Keputusan",
    LetterKind.SK_TIM_KERJA: "Surat Keputusan Tim Kerja",
    LetterKind.CATATAN_LISAN: "catatan pengajuan lisan",
}

# The four contents every seed requires of a request "paling sedikit" (workflows.md §2.1), as the letters phrase them.
REQUEST_CONTENT_LABELS: dict[str, str] = {
    "purpose": "Maksud dan tujuan permohonan penugasan",
    "competencies": "Kompetensi, keahlian, dan/atau keterampilan yang dibutuhkan",
    "performance_target": "Ekspektasi/target kinerja Pejabat Fungsional/Pelaksana yang akan ditugaskan",
    "duration": "Durasi pelibatan",
}

REQUEST_KINDS = frozenset({LetterKind.NOTA_DINAS, LetterKind.SURAT_PERMOHONAN})
ASSIGNMENT_ORDER_KINDS = frozenset({LetterKind.SURAT_PERINTAH, LetterKind.SURAT_PENUGASAN})
DECREE_KINDS = frozenset({LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA})
# Kinds without a "Yth." line: a decree is distributed as salinan, an order names its assignees under "Kepada".
_KINDS_WITHOUT_YTH = DECREE_KINDS | ASSIGNMENT_ORDER_KINDS

_INSTANSI_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{1,31}$")
_NIP = re.compile(r"^\d{18}$")


class Mechanism(enum.StrEnum):
    """How the penugasan was started (workflows.md §1.1)."""

    PENUNJUKAN = "penunjukan"
    PENGAJUAN_SUKARELA = "pengajuan_sukarela"


@dataclass(frozen=True)
class IssuingInstansi:
    """The instansi (or its Perangkat Daerah) whose kop surat heads the letter."""

    id: str
    name: str  # "Pemerintah Kabupaten Sumenep"
    letterhead_lines: tuple[str, ...] = ()  # under the name: PD name, address, telephone, e-mail
    seat: str = ""  # the town letters are dated from ("Sumenep, 14 Maret 2024")


@dataclass(frozen=True)
class Official:
    """A person acting in office: who sends or signs a letter."""

    name: str
    nip: str
    jabatan: str


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to: an office ("Kepala Dinas Kesehatan"), optionally with the person holding it."""

    office: str
    name: str | None = None
    nip: str | None = None
    location: str = "Tempat"  # the "di ..." line under "Yth."


@dataclass(frozen=True)
class TeamMember:
    """A person named in a Surat Perintah, surat penugasan, Keputusan or SK Tim Kerja, or in a daftar nama."""

    name: str
    nip: str
    jabatan: str
    role: str = ""  # role in the team: "Ketua Tim", "Anggota", "Koordinator Tim Kerja"...


@dataclass(frozen=True)
class Period:
    """Jangka waktu / durasi pelibatan, both days included."""

    start: date
    end: date


@dataclass(frozen=True)
class PolicyReason:
    """One reason of an OPA decision, with the rule's source (regulation, Pasal/ayat or Lampiran part)."""

    code: str
    message: str
    source: str


@dataclass(frozen=True)
class PolicyDecision:
    """The authorization decision the letter rests on (logged with its id for audit)."""

    decision_id: str
    reasons: tuple[PolicyReason, ...] = ()


@dataclass(frozen=True)
class LetterReference:
    """An earlier letter this one answers or rests on."""

    number: str
    date: date
    subject: str


@dataclass(frozen=True)
class ReplyVerdict:
    """What a surat jawaban says: approved, or refused with reasons ("alasan mengapa tidak dapat menyetujui")."""

    approved: bool
    refusal_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecreeParts:
    """The body of a Keputusan: menimbang (a., b., ...), mengingat (1., 2., ...) and the diktum of memutuskan.

    The diktum items are numbered KESATU, KEDUA, ... when rendered.
    """

    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    diktum: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    number: str
    date: date
    instansi: IssuingInstansi
    sender: Official
    signer: Official
    subject: str  # perihal / hal; for a Keputusan, what it is "tentang"
    request_id: str
    step_id: str
    decision: PolicyDecision
    addressee: Addressee | None = None
    tembusan: tuple[str, ...] = ()
    sifat: str = "Biasa"
    lampiran: str = "-"
    mechanism: Mechanism = Mechanism.PENUNJUKAN
    # The four contents of a request (workflows.md §2.1); assignment orders repeat those that apply (§2.2).
    purpose: str | None = None  # maksud dan tujuan
    competencies: tuple[str, ...] = ()  # kompetensi, keahlian, dan/atau keterampilan yang dibutuhkan
    performance_target: str | None = None  # ekspektasi/target kinerja
    duration: Period | None = None  # durasi pelibatan / jangka waktu
    other_arrangements: tuple[str, ...] = ()  # pengaturan penugasan lainnya (BDG Ps.8(2) d, Ps.9(1) d)
    basis: tuple[str, ...] = ()  # "Dasar" of a Surat Perintah or surat penugasan
    in_reply_to: LetterReference | None = None
    verdict: ReplyVerdict | None = None
    members: tuple[TeamMember, ...] = ()  # assignees, team members, or the daftar nama of a reply
    decree: DecreeParts | None = None

    @property
    def assignees(self) -> tuple[TeamMember, ...]:
        """Who an assignment order names: the addressee (when not also listed) followed by the members."""
        listed = {member.nip for member in self.members}
        addressee = self.addressee
        if addressee is None or not addressee.name or not addressee.nip or addressee.nip in listed:
            return self.members
        return (TeamMember(addressee.name, addressee.nip, addressee.office), *self.members)


@dataclass(frozen=True)
class LetterProblem:
    """Why a letter cannot be issued: the field at fault and a message in Bahasa Indonesia."""

    field: str
    message: str


class InvalidLetter(ValueError):
    def __init__(self, problems: list[LetterProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{problem.field}: {problem.message}" for problem in problems))


def letter_problems(letter: Letter) -> list[LetterProblem]:
    """Everything that keeps ``letter`` from being issued as its kind; empty when it may be issued."""
    kind_name = KIND_NAMES[letter.kind]
    problems: list[LetterProblem] = []

    def missing(field_name: str, what: str) -> None:
        problems.append(LetterProblem(field_name, f"{what} wajib dimuat dalam {kind_name}"))

    if not letter.number.strip():
        missing("number", "nomor surat")
    if not letter.subject.strip():
        missing("subject", "perihal" if letter.kind not in DECREE_KINDS else "judul (tentang)")
    if not letter.instansi.name.strip():
        missing("instansi.name", "nama instansi pada kop surat")
    if not letter.request_id.strip():
        missing("request_id", "nomor permohonan penugasan")
    if not letter.step_id.strip():
        missing("step_id", "langkah alur penugasan")
    if not letter.decision.decision_id.strip():
        missing("decision.decision_id", "id keputusan kebijakan yang mendasari surat")
    problems += _official_problems("sender", "pengirim", letter.sender)
    problems += _official_problems("signer", "penanda tangan", letter.signer)
    for index, entry in enumerate(letter.tembusan):
        if not entry.strip():
            problems.append(LetterProblem(f"tembusan[{index}]", "tembusan tidak boleh kosong"))

    problems += _addressee_problems(letter, kind_name)
    problems += _duration_problems(letter)
    if letter.kind in REQUEST_KINDS and letter.mechanism is Mechanism.PENUNJUKAN:
        problems += _request_content_problems(letter, kind_name)
    if letter.kind is LetterKind.SURAT_JAWABAN:
        problems += _reply_problems(letter, kind_name)
    if letter.kind in ASSIGNMENT_ORDER_KINDS and not letter.members and letter.addressee is None:
        problems.append(
            LetterProblem("members", f"{kind_name} wajib menyebut paling sedikit satu pegawai yang ditugaskan")
        )
    if letter.kind in DECREE_KINDS:
        problems += _decree_problems(letter, kind_name)
    if letter.kind is LetterKind.CATATAN_LISAN and _is_blank(letter.purpose):
        missing("purpose", "keinginan yang disampaikan secara lisan (maksud dan tujuan)")
    problems += _member_problems(letter)
    return problems


def validate_letter(letter: Letter) -> None:
    """Raise :class:`InvalidLetter` listing every problem, or return if ``letter`` may be issued."""
    if problems := letter_problems(letter):
        raise InvalidLetter(problems)


def format_letter_number(instansi_code: str, kind: LetterKind, year: int, sequence: int) -> str:
    """``{nomor urut:04d}/{kode jenis}/{kode instansi}/{tahun}``, e.g. ``0007/PMH/KAB-SUMENEP/2024``."""
    if not _INSTANSI_CODE.match(instansi_code):
        raise ValueError(f"kode instansi {instansi_code!r} harus 2-32 huruf besar, angka, titik atau tanda hubung")
    if not 1900 <= year <= 9999:
        raise ValueError(f"tahun {year} bukan tahun empat angka")
    if sequence < 1:
        raise ValueError(f"nomor urut {sequence} harus dimulai dari 1")
    return f"{sequence:04d}/{KIND_CODES[kind]}/{instansi_code}/{year}"


def _official_problems(field_name: str, what: str, official: Official) -> list[LetterProblem]:
    problems = []
    for attribute, label in (("name", "nama"), ("jabatan", "jabatan")):
        if not getattr(official, attribute).strip():
            problems.append(LetterProblem(f"{field_name}.{attribute}", f"{label} {what} wajib diisi"))
    if not _NIP.match(official.nip):
        problems.append(LetterProblem(f"{field_name}.nip", f"NIP {what} harus terdiri dari 18 angka"))
    return problems


def _addressee_problems(letter: Letter, kind_name: str) -> list[LetterProblem]:
    addressee = letter.addressee
    if addressee is None:
        if letter.kind in _KINDS_WITHOUT_YTH:
            return []
        return [LetterProblem("addressee", f"tujuan surat (Yth.) wajib dimuat dalam {kind_name}")]
    problems = []
    if not addressee.office.strip():
        problems.append(LetterProblem("addressee.office", "jabatan atau kantor tujuan surat wajib diisi"))
    if addressee.nip is not None and not _NIP.match(addressee.nip):
        problems.append(LetterProblem("addressee.nip", "NIP tujuan surat harus terdiri dari 18 angka"))
    if letter.kind in ASSIGNMENT_ORDER_KINDS and not (addressee.name and addressee.nip):
        problems.append(LetterProblem(
            "addressee", f"tujuan {kind_name} adalah pegawai yang ditugaskan: nama dan NIP-nya wajib diisi"
        ))
    return problems


def _duration_problems(letter: Letter) -> list[LetterProblem]:
    if letter.duration is not None and letter.duration.end < letter.duration.start:
        return [LetterProblem("duration", "akhir jangka waktu pelibatan tidak boleh sebelum awalnya")]
    return []


def _request_content_problems(letter: Letter, kind_name: str) -> list[LetterProblem]:
    return [
        LetterProblem(field_name, f"{REQUEST_CONTENT_LABELS[field_name].lower()} wajib dimuat dalam {kind_name}")
        for field_name in REQUEST_CONTENT_LABELS
        if _is_blank(getattr(letter, field_name))
    ]


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple):
        return all(_is_blank(item) for item in value)
    return False


def _reply_problems(letter: Letter, kind_name: str) -> list[LetterProblem]:
    problems = []
    if letter.in_reply_to is None:
        problems.append(LetterProblem("in_reply_to", f"{kind_name} wajib menyebut surat yang dijawab"))
    if letter.verdict is None:
        problems.append(LetterProblem("verdict", f"{kind_name} wajib menyatakan persetujuan atau penolakan"))
    elif not letter.verdict.approved and _is_blank(letter.verdict.refusal_reasons):
        problems.append(LetterProblem(
            "verdict.refusal_reasons", "penolakan wajib disertai alasan mengapa permohonan tidak dapat disetujui"
        ))
    return problems


def _decree_problems(letter: Letter, kind_name: str) -> list[LetterProblem]:
    problems = []
    if letter.decree is None:
        return [LetterProblem("decree", f"menimbang, mengingat dan memutuskan wajib dimuat dalam {kind_name}")]
    for part in ("menimbang", "mengingat", "diktum"):
        if _is_blank(getattr(letter.decree, part)):
            label = "diktum memutuskan" if part == "diktum" else part
            problems.append(LetterProblem(f"decree.{part}", f"bagian {label} wajib dimuat dalam {kind_name}"))
    if not letter.members:
        problems.append(LetterProblem("members", f"susunan keanggotaan tim wajib dimuat dalam {kind_name}"))
    return problems


def _member_problems(letter: Letter) -> list[LetterProblem]:
    problems = []
    for index, member in enumerate(letter.members):
        where = f"members[{index}]"
        if not member.name.strip():
            problems.append(LetterProblem(f"{where}.name", "nama anggota wajib diisi"))
        if not member.jabatan.strip():
            problems.append(LetterProblem(f"{where}.jabatan", "jabatan anggota wajib diisi"))
        if not _NIP.match(member.nip):
            problems.append(LetterProblem(f"{where}.nip", "NIP anggota harus terdiri dari 18 angka"))
        if letter.kind in DECREE_KINDS and not member.role.strip():
            problems.append(LetterProblem(f"{where}.role", "peran anggota dalam tim (ketua/anggota) wajib diisi"))
    nips = [member.nip for member in letter.members]
    for nip in sorted({nip for nip in nips if nips.count(nip) > 1}):
        problems.append(LetterProblem("members", f"pegawai dengan NIP {nip} tercantum lebih dari sekali"))
    return problems

