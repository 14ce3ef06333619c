"""Print the letters of penugasan: a Bahasa Indonesia HTML document per kind, and an A4 PDF of the same content.

One Jinja2 template per :class:`~assignment.domain.letters.LetterKind` lives in ``letter_templates/`` (autoescaped:
every piece of user text is escaped). The PDF is laid out by fpdf2 from the very same template body, so the two
can never say different things; that is why the templates keep to the HTML subset fpdf2 reads (see base.html).

The PDF uses the PDF core font Times (no font files, no system packages), which covers Windows-1252: all of
Bahasa Indonesia and the usual typographic quotes and dashes. Any other character is replaced by its closest
ASCII form, or by "?" when it has none.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, time

from fpdf import FPDF
from fpdf.fonts import TextStyle
from fpdf.html import HTML2FPDF
from jinja2 import Environment, PackageLoader, StrictUndefined

from assignment.domain.letters import (
    REQUEST_CONTENT_LABELS,
    Letter,
    LetterKind,
    Mechanism,
    validate_letter,
)

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

# The document title of each kind, used for the HTML <title> and the PDF metadata.
TITLES: dict[LetterKind, str] = {
    LetterKind.NOTA_DINAS: "Nota Dinas",
    LetterKind.SURAT_PERMOHONAN: "Surat Permohonan",
    LetterKind.SURAT_JAWABAN: "Surat Jawaban",
    LetterKind.SURAT_PERINTAH: "Surat Perintah",
    LetterKind.SURAT_PENUGASAN: "Surat Penugasan",
    LetterKind.KEPUTUSAN: "Keputusan",
    LetterKind.SK_TIM_KERJA: "Surat Keputusan Tim Kerja",
    LetterKind.CATATAN_LISAN: "Catatan Pengajuan Sukarela secara Lisan",
}

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

_PDF_ENCODING = "windows-1252"
_PDF_TAG_STYLES = {
    "h1": TextStyle(font_family="Times", font_style="B", font_size_pt=13, color="#000000", t_margin=4, b_margin=1),
    "h2": TextStyle(font_family="Times", font_style="B", font_size_pt=12, color="#000000", t_margin=3, b_margin=1),
    "li": TextStyle(l_margin=6, t_margin=1),
}


def indonesian_date(day: date) -> str:
    """``14 Maret 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def diktum_label(position: int) -> str:
    """The label of the n-th diktum of a Keputusan: KESATU, KEDUA, ..., KESEBELAS, KEDUA BELAS, ..."""
    if position == 1:
        return "KESATU"
    if not 1 < position < 100:
        raise ValueError(f"a Keputusan has at most 99 diktum, not {position}")
    return f"KE{_number_in_words(position).upper()}"


def _number_in_words(number: int) -> str:
    tens, units = divmod(number, 10)
    if number < 10:
        return _UNITS[number]
    if number == 10:
        return "sepuluh"
    if number == 11:
        return "sebelas"
    if tens == 1:
        return f"{_UNITS[units]} belas"
    return f"{_UNITS[tens]} puluh {_UNITS[units]}".strip()


class LetterRenderer:
    """Renders valid letters; an invalid letter raises :class:`~assignment.domain.letters.InvalidLetter`."""

    def __init__(self) -> None:
        self._templates = Environment(
            loader=PackageLoader("assignment", "adapters/letter_templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._templates.filters["tanggal"] = indonesian_date

    def html(self, letter: Letter) -> str:
        """A complete, printable HTML document (A4 print styles included)."""
        return self._render(letter, page_wrapper=True)

    def pdf(self, letter: Letter) -> bytes:
        """An A4 PDF with the same content as :meth:`html`."""
        body = self._render(letter, page_wrapper=False)
        document = _LetterPdf(footer_text=f"Nomor {letter.number}")
        document.set_title(f"{TITLES[letter.kind]} {letter.number}")
        document.set_subject(letter.subject)
        document.set_author(letter.instansi.name)
        document.set_creator("Sikerja")
        # Dated like the letter, not by the clock: the same letter always gives the same bytes.
        document.set_creation_date(datetime.combine(letter.date, time(), tzinfo=UTC))
        document.add_page()
        document.set_font("Times", size=11)
        document.write_html(
            _in_core_font_encoding(body), font_family="Times", tag_styles=_PDF_TAG_STYLES, li_prefix_color="#000000"
        )
        return bytes(document.output())

    def _render(self, letter: Letter, *, page_wrapper: bool) -> str:
        validate_letter(letter)
        template = self._templates.get_template(f"{letter.kind.value}.html")
        return template.render(page_wrapper=page_wrapper, **_view(letter))


def _view(letter: Letter) -> dict[str, object]:
    """What the templates need besides the letter itself."""
    distribution: list[str] = []
    if letter.addressee is not None:
        addressee = letter.addressee
        distribution.append(addressee.office + (f" ({addressee.name})" if addressee.name else ""))
    distribution += letter.tembusan
    dated = indonesian_date(letter.date)
    return {
        "letter": letter,
        "title": TITLES[letter.kind],
        "request_labels": REQUEST_CONTENT_LABELS,
        "dated": f"{letter.instansi.seat}, {dated}" if letter.instansi.seat else dated,
        "voluntary": letter.mechanism is Mechanism.PENGAJUAN_SUKARELA,
        "distribution": distribution,
        "diktum_rows": [
            (diktum_label(position), text)
            for position, text in enumerate(letter.decree.diktum if letter.decree else (), start=1)
        ],
    }


def _in_core_font_encoding(text: str) -> str:
    if _encodable(text):
        return text
    return "".join(character if _encodable(character) else _closest_ascii(character) for character in text)


def _encodable(text: str) -> bool:
    try:
        text.encode(_PDF_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _closest_ascii(character: str) -> str:
    folded = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    return folded or "?"


class _LetterHtml(HTML2FPDF):
    """fpdf2's HTML reader, with table text set in the regular face.

    fpdf2 2.8 draws a table in whatever face the page was last written in, so a table after a bold word came out
    all bold; every table now starts from the regular face (a <b> cell stays bold).
    """

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.pdf.set_font(self.font_family, style="", size=self.font_size_pt)
        super().handle_starttag(tag, attrs)


class _LetterPdf(FPDF):
    """A4 portrait with the margins of Indonesian naskah dinas and a page footer carrying the letter number."""

    HTML2FPDF_CLASS = _LetterHtml

    def __init__(self, *, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = _PDF_ENCODING
        self.set_margins(left=25, top=20, right=20)
        self.set_auto_page_break(auto=True, margin=20)
        self._footer_text = _in_core_font_encoding(footer_text)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Times", size=8)
        self.cell(0, 5, f"{self._footer_text} - halaman {self.page_no()} dari {{nb}}", align="C")
