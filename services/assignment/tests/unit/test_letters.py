"""The letters of penugasan: what each kind must contain, how it is numbered, and how it prints (HTML and PDF)."""

import dataclasses
import io
from datetime import date

import pytest
from assignment.adapters.letter_rendering import LetterRenderer, diktum_label, indonesian_date
from assignment.domain.letters import (
    Addressee,
    DecreeParts,
    InvalidLetter,
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
    letter_problems,
    validate_letter,
)
from pypdf import PdfReader

# Synthetic people and NIPs; the organisation names follow the regulations.
DINAS = IssuingInstansi(
    id="0b7e2a4c-5d1f-4c8e-9a3b-2f6d8e1c0a11",
    name="Pemerintah Kabupaten Sumenep",
    letterhead_lines=("DINAS LINGKUNGAN HIDUP", "Jalan Contoh Raya Nomor 12, Sumenep 69417"),
    seat="Sumenep",
)
KABID_TATA = Official("Rina Kusumawati, S.T., M.T.", "197803122005012003", "Kepala Bidang Tata Lingkungan")
KABID_PENCEMARAN = Official("Dedi Firmansyah, S.Si.", "198011052006041002", "Kepala Bidang Pengendalian Pencemaran")
KEPALA_DINAS = Official("Ir. Hendra Wijaya, M.Si.", "197002151995031001", "Kepala Dinas Lingkungan Hidup")
PRANATA_KOMPUTER = TeamMember("Sari Andayani, S.Kom.", "199004202015032004", "Pranata Komputer Ahli Pertama", "Anggota")
PENGENDALI_DAMPAK = TeamMember(
    "Bagus Pratama, S.T.", "199207072019031005", "Pengendali Dampak Lingkungan Ahli Muda", "Ketua Tim"
)
DECISION = PolicyDecision(
    "decision-7f3a",
    (PolicyReason("penugasan.lintas_uo.nota_dinas", "penunjukan lintas unit organisasi melalui nota dinas",
                  "Perbup Sumenep 9/2024 Pasal 12 ayat (3)"),),
)
REQUEST_CONTENTS = {
    "purpose": "mendukung penyusunan dokumen Kajian Lingkungan Hidup Strategis",
    "competencies": ("analisis data spasial", "penyusunan basis data"),
    "performance_target": "tersusunnya basis data spasial KLHS tahun 2024",
    "duration": Period(date(2024, 4, 1), date(2024, 6, 30)),
}
DECREE = DecreeParts(
    menimbang=("bahwa untuk mencapai target kinerja Dinas perlu dibentuk Tim Kerja;",),
    mengingat=("Peraturan Bupati Sumenep Nomor 9 Tahun 2024 tentang Sistem Kerja;",),
    diktum=(
        "Membentuk Tim Kerja Penyusunan KLHS dengan susunan keanggotaan sebagaimana tercantum dalam Lampiran.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ),
)


def letter(kind: LetterKind, **overrides) -> Letter:
    """A valid letter of ``kind`` from the SMP lintas-UO example (workflows.md §9 example 1)."""
    values = {
        "kind": kind,
        "number": format_letter_number("KAB-SUMENEP", kind, 2024, 12),
        "date": date(2024, 3, 14),
        "instansi": DINAS,
        "sender": KABID_TATA,
        "signer": KABID_TATA,
        "subject": "Permohonan Pelibatan Pranata Komputer",
        "request_id": "request-0001",
        "step_id": "lintas_uo.request",
        "decision": DECISION,
        "addressee": Addressee(KABID_PENCEMARAN.jabatan, KABID_PENCEMARAN.name),
        "tembusan": ("Kepala Dinas Lingkungan Hidup Kabupaten Sumenep", "Sekretaris Dinas Lingkungan Hidup"),
    }
    if kind in (LetterKind.NOTA_DINAS, LetterKind.SURAT_PERMOHONAN):
        values |= REQUEST_CONTENTS
    elif kind is LetterKind.SURAT_JAWABAN:
        values |= {
            "sender": KABID_PENCEMARAN, "signer": KABID_PENCEMARAN,
            "addressee": Addressee(KABID_TATA.jabatan, KABID_TATA.name),
            "subject": "Jawaban atas Permohonan Pelibatan Pranata Komputer",
            "in_reply_to": LetterReference("0011/ND/KAB-SUMENEP/2024", date(2024, 3, 12), "Permohonan Pelibatan"),
            "verdict": ReplyVerdict(approved=True), "members": (PRANATA_KOMPUTER,),
            "duration": REQUEST_CONTENTS["duration"],
        }
    elif kind in (LetterKind.SURAT_PERINTAH, LetterKind.SURAT_PENUGASAN):
        values |= {
            "sender": KABID_PENCEMARAN, "signer": KABID_PENCEMARAN,
            "subject": "Penugasan Pranata Komputer pada Bidang Tata Lingkungan",
            "addressee": Addressee(PRANATA_KOMPUTER.jabatan, PRANATA_KOMPUTER.name, PRANATA_KOMPUTER.nip),
            "basis": ("Nota Dinas Kepala Bidang Tata Lingkungan Nomor 0011/ND/KAB-SUMENEP/2024.",),
            **REQUEST_CONTENTS,
        }
    elif kind in (LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA):
        values |= {
            "sender": KEPALA_DINAS, "signer": KEPALA_DINAS, "subject": "Pembentukan Tim Kerja Penyusunan KLHS",
            "addressee": Addressee("Ketua Tim Kerja Penyusunan KLHS", PENGENDALI_DAMPAK.name),
            "decree": DECREE, "members": (PENGENDALI_DAMPAK, PRANATA_KOMPUTER),
            "performance_target": REQUEST_CONTENTS["performance_target"],
        }
    elif kind is LetterKind.CATATAN_LISAN:
        values |= {
            "sender": Official(PRANATA_KOMPUTER.name, PRANATA_KOMPUTER.nip, PRANATA_KOMPUTER.jabatan),
            "addressee": Addressee(KABID_TATA.jabatan, KABID_TATA.name),
            "subject": "Pengajuan sukarela dalam penyusunan basis data KLHS",
            "mechanism": Mechanism.PENGAJUAN_SUKARELA, "purpose": "membantu penyusunan basis data KLHS",
        }
    return Letter(**(values | overrides))


@pytest.fixture(scope="module")
def renderer() -> LetterRenderer:
    return LetterRenderer()


def pdf_text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def flattened(text: str) -> str:
    """PDF text extraction breaks lines where the layout wrapped them; compare on single spaces."""
    return " ".join(text.split())


class TestNumbering:
    def test_number_reads_sequence_kind_instansi_and_year(self):
        assert format_letter_number("KAB-SUMENEP", LetterKind.SURAT_PERMOHONAN, 2024, 7) == "0007/PMH/KAB-SUMENEP/2024"
        assert format_letter_number("KAB-JEPARA", LetterKind.NOTA_DINAS, 2025, 123) == "0123/ND/KAB-JEPARA/2025"
        assert (format_letter_number("KOTA-BANDUNG", LetterKind.SK_TIM_KERJA, 2023, 12345)
                == "12345/SKTK/KOTA-BANDUNG/2023")

    def test_every_kind_has_its_own_code(self):
        numbers = {format_letter_number("KAB-SUMENEP", kind, 2024, 1) for kind in LetterKind}
        assert len(numbers) == len(LetterKind)

    @pytest.mark.parametrize(
        "instansi_code, year, sequence",
        [("kab sumenep", 2024, 1), ("KAB/SUMENEP", 2024, 1), ("KAB-SUMENEP", 24, 1), ("KAB-SUMENEP", 2024, 0)],
    )
    def test_a_number_that_would_be_ambiguous_is_refused(self, instansi_code, year, sequence):
        with pytest.raises(ValueError):
            format_letter_number(instansi_code, LetterKind.NOTA_DINAS, year, sequence)


class TestValidation:
    @pytest.mark.parametrize("kind", list(LetterKind))
    def test_the_example_letter_of_every_kind_is_valid(self, kind):
        assert letter_problems(letter(kind)) == []

    @pytest.mark.parametrize("kind", [LetterKind.NOTA_DINAS, LetterKind.SURAT_PERMOHONAN])
    @pytest.mark.parametrize(
        "field, empty, named",
        [
            ("purpose", None, "maksud dan tujuan"),
            ("competencies", (), "kompetensi, keahlian, dan/atau keterampilan"),
            ("performance_target", "  ", "ekspektasi/target kinerja"),
            ("duration", None, "durasi pelibatan"),
        ],
    )
    def test_a_request_without_one_of_the_four_contents_is_refused_naming_it(self, kind, field, empty, named):
        with pytest.raises(InvalidLetter) as refused:
            validate_letter(letter(kind, **{field: empty}))
        [problem] = refused.value.problems
        assert problem.field == field
        assert named in problem.message
        assert "wajib dimuat" in problem.message

    def test_a_voluntary_application_needs_none_of_the_four_contents(self):
        application = letter(
            LetterKind.SURAT_PERMOHONAN, mechanism=Mechanism.PENGAJUAN_SUKARELA, sender=KABID_TATA,
            purpose=None, competencies=(), performance_target=None, duration=None,
        )
        assert letter_problems(application) == []

    def test_a_refusal_without_reasons_is_refused(self):
        reply = letter(LetterKind.SURAT_JAWABAN, verdict=ReplyVerdict(approved=False), members=())
        assert [problem.field for problem in letter_problems(reply)] == ["verdict.refusal_reasons"]
        assert "alasan" in letter_problems(reply)[0].message

    def test_a_reply_names_the_letter_it_answers(self):
        problems = letter_problems(letter(LetterKind.SURAT_JAWABAN, in_reply_to=None))
        assert [problem.field for problem in problems] == ["in_reply_to"]

    def test_an_assignment_order_names_the_person_it_assigns(self):
        problems = letter_problems(letter(LetterKind.SURAT_PERINTAH, addressee=Addressee("Kepala Bidang")))
        assert [problem.field for problem in problems] == ["addressee"]
        problems = letter_problems(letter(LetterKind.SURAT_PENUGASAN, addressee=None))
        assert [problem.field for problem in problems] == ["members"]

    def test_a_decree_needs_its_parts_and_roles(self):
        decree = DecreeParts(menimbang=(), mengingat=("Peraturan Bupati",), diktum=())
        anonymous_role = dataclasses.replace(PRANATA_KOMPUTER, role="")
        problems = letter_problems(letter(LetterKind.SK_TIM_KERJA, decree=decree, members=(anonymous_role,)))
        assert {problem.field for problem in problems} == {"decree.menimbang", "decree.diktum", "members[0].role"}

    def test_letters_other_than_decrees_and_orders_need_an_addressee(self):
        problems = letter_problems(letter(LetterKind.NOTA_DINAS, addressee=None))
        assert [(problem.field, problem.message) for problem in problems] == [
            ("addressee", "tujuan surat (Yth.) wajib dimuat dalam nota dinas")
        ]

    def test_officials_carry_an_eighteen_digit_nip(self):
        problems = letter_problems(letter(LetterKind.NOTA_DINAS, signer=dataclasses.replace(KABID_TATA, nip="1978")))
        assert [problem.field for problem in problems] == ["signer.nip"]

    def test_a_person_is_listed_once(self):
        problems = letter_problems(letter(LetterKind.KEPUTUSAN, members=(PRANATA_KOMPUTER, PRANATA_KOMPUTER)))
        assert [problem.field for problem in problems] == ["members"]

    def test_a_duration_ends_after_it_starts(self):
        backwards = Period(date(2024, 6, 30), date(2024, 4, 1))
        problems = letter_problems(letter(LetterKind.NOTA_DINAS, duration=backwards))
        assert [problem.field for problem in problems] == ["duration"]

    def test_the_refusal_lists_every_problem(self):
        with pytest.raises(InvalidLetter) as refused:
            validate_letter(letter(LetterKind.SURAT_PERMOHONAN, number="", purpose="", duration=None))
        assert [problem.field for problem in refused.value.problems] == ["number", "purpose", "duration"]
        assert "number: nomor surat wajib dimuat dalam surat permohonan" in str(refused.value)


def expected_text(example: Letter) -> list[str]:
    """What the printed letter must show: number, perihal, addressee, signer, every tembusan, the contents."""
    expected = [example.number, example.signer.name, example.signer.nip, example.signer.jabatan, *example.tembusan]
    expected.append(example.subject.upper() if example.kind in _TITLE_CASED else example.subject)
    if example.addressee is not None:
        expected += [example.addressee.office, example.addressee.name]
    if example.kind in (LetterKind.NOTA_DINAS, LetterKind.SURAT_PERMOHONAN):
        expected += [example.purpose, *example.competencies, example.performance_target,
                     "1 April 2024 s.d. 30 Juni 2024"]
    for member in example.members:
        expected += [member.name, member.nip]
    return expected


# Surat Perintah, surat penugasan and Keputusan print their subject in capitals under "TENTANG".
_TITLE_CASED = {LetterKind.SURAT_PERINTAH, LetterKind.SURAT_PENUGASAN, LetterKind.KEPUTUSAN, LetterKind.SK_TIM_KERJA}


class TestHtml:
    @pytest.mark.parametrize("kind", list(LetterKind))
    def test_every_kind_prints_what_its_readers_need(self, renderer, kind):
        example = letter(kind)
        html = renderer.html(example)
        assert html.startswith("<!DOCTYPE html>")
        assert '<html lang="id">' in html
        assert DINAS.name.upper() in html
        for text in expected_text(example):
            assert text in html, text

    def test_request_phrases_the_four_contents_as_the_regulations_do(self, renderer):
        html = renderer.html(letter(LetterKind.NOTA_DINAS))
        for phrase in ("Maksud dan tujuan permohonan penugasan", "Kompetensi, keahlian, dan/atau keterampilan",
                       "Ekspektasi/target kinerja", "Durasi pelibatan"):
            assert phrase in html

    def test_refusal_prints_its_reasons(self, renderer):
        reason = "Pejabat Fungsional yang memenuhi kriteria sedang melaksanakan target prioritas unit."
        html = renderer.html(letter(LetterKind.SURAT_JAWABAN, verdict=ReplyVerdict(False, (reason,)), members=()))
        assert "tidak dapat kami setujui" in html
        assert reason in html

    def test_decree_numbers_its_diktum_and_lists_the_team(self, renderer):
        html = renderer.html(letter(LetterKind.SK_TIM_KERJA))
        assert "KESATU" in html and "KEDUA" in html
        assert "SUSUNAN KEANGGOTAAN TIM KERJA" in html
        assert "Ketua Tim" in html
        assert "Ditetapkan di Sumenep" in html

    def test_user_text_is_escaped(self, renderer):
        hostile = '<script>alert("x")</script> & Co'
        html = renderer.html(letter(LetterKind.SURAT_PERMOHONAN, subject=hostile, purpose=hostile,
                                    tembusan=(hostile,)))
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html

    def test_an_invalid_letter_is_not_printed(self, renderer):
        with pytest.raises(InvalidLetter):
            renderer.html(letter(LetterKind.NOTA_DINAS, competencies=()))
        with pytest.raises(InvalidLetter):
            renderer.pdf(letter(LetterKind.NOTA_DINAS, competencies=()))


class TestPdf:
    @pytest.mark.parametrize("kind", list(LetterKind))
    def test_every_kind_is_a_pdf_with_the_same_content(self, renderer, kind):
        example = letter(kind)
        document = renderer.pdf(example)
        assert document.startswith(b"%PDF-")
        text = flattened(pdf_text(document))
        for expected in expected_text(example):
            assert flattened(expected) in text, expected

    def test_pdf_is_a4(self, renderer):
        [page] = PdfReader(io.BytesIO(renderer.pdf(letter(LetterKind.NOTA_DINAS)))).pages
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)

    def test_decree_puts_its_lampiran_on_its_own_page(self, renderer):
        pages = PdfReader(io.BytesIO(renderer.pdf(letter(LetterKind.KEPUTUSAN)))).pages
        assert len(pages) == 2
        assert "LAMPIRAN" in pages[1].extract_text()
        assert PENGENDALI_DAMPAK.name in pages[1].extract_text()

    def test_text_outside_the_core_font_still_prints(self, renderer):
        document = renderer.pdf(letter(LetterKind.NOTA_DINAS, subject="Permohonan “Pelibatan” – tahap Ⅱ ✓"))
        assert "Permohonan “Pelibatan” – tahap II ?" in flattened(pdf_text(document))

    def test_the_same_letter_gives_the_same_bytes(self, renderer):
        example = letter(LetterKind.SURAT_PERINTAH)
        assert renderer.pdf(example) == renderer.pdf(example)


def test_dates_and_diktum_read_in_bahasa_indonesia():
    assert indonesian_date(date(2024, 8, 17)) == "17 Agustus 2024"
    assert [diktum_label(n) for n in (1, 2, 10, 11, 12, 21)] == [
        "KESATU", "KEDUA", "KESEPULUH", "KESEBELAS", "KEDUA BELAS", "KEDUA PULUH SATU"
    ]
