"""The case summary as a PDF, drawn by fpdf2 from the neutral ``summary.Summary``.

Set in the DejaVu Sans the statistics PDF ships (``jhro_tui/fonts``): French accents and
most scripts print. A character the font has no glyph for (a control character already
shown as a control picture by ``sanitize``, an ideogram) prints as U+FFFD rather than
vanishing, so a reader sees that the stored text holds something odd. fpdf2 reads no
markup in a cell, so stored text prints as typed.

Every page carries the footer: who printed it, when, "confidential", and its page out of
the total (the document is laid out twice, the first time to count its pages: fpdf2's
"{nb}" alias would also replace that text where a title or a name spells it).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from jhro_tui.i18n import _
from jhro_tui.services.statistics.pdf import FONT, FONT_FILE
from jhro_tui.services.summary import Summary

INK = (20, 20, 20)
GREY = (110, 110, 110)
HEAD = (31, 90, 150)
INDENT = 6.0
"""Millimetres a line moves right for each level of depth."""


class _Pages(FPDF):
    def __init__(self, footer_text: str, total: int | None) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.total = total
        self.glyphs: frozenset[int] = frozenset()

    def printable(self, text: str) -> str:
        """``text`` with each character the font cannot draw replaced by U+FFFD."""
        return "".join(char if ord(char) in self.glyphs or char == "\n" else "\ufffd"
                       for char in text)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=7)
        self.set_text_color(*GREY)
        page = (_("Page {page} of {total}").format(page=self.page_no(), total=self.total)
                if self.total else _("Page {page}").format(page=self.page_no()))
        self.multi_cell(0, 3.4, self.printable(f"{self.footer_text} {page}"), align="C")


def _layout(summary: Summary, total: int | None) -> _Pages:
    pdf = _Pages(summary.footer, total)
    pdf.alias_nb_pages("")  # no alias: stored text could spell one
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, 20)
    for style in ("", "B", "I", "BI"):
        pdf.add_font(FONT, style, str(FONT_FILE))
    font = pdf.fonts[FONT.lower()]
    pdf.glyphs = frozenset(font.cmap if isinstance(font, TTFFont) else ())
    pdf.set_creation_date(summary.printed_at)
    pdf.set_title(pdf.printable(f"{summary.title}: {summary.reference}"))
    pdf.set_creator("jhro")
    pdf.add_page()
    _write(pdf, summary.title, 15, HEAD, height=7.5)
    pdf.ln(1)
    for label, value in summary.facts:
        _write(pdf, f"{label}: {value}", 9.5, INK, height=5)
    pdf.ln(2)
    for note in summary.notes:
        _write(pdf, note, 8, GREY, height=4)
    for part in summary.parts:
        pdf.ln(3)
        if pdf.will_page_break(20):
            pdf.add_page()
        _write(pdf, part.title, 12, HEAD, height=6.5)
        for line in part.lines:
            _write(pdf, line.text, 9.5, INK, height=5, indent=INDENT * line.depth)
    return pdf


def _write(pdf: _Pages, text: str, size: float, colour: tuple[int, int, int], *,
           height: float, indent: float = 0.0) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, height, pdf.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def as_pdf(summary: Summary, *, compress: bool = True) -> bytes:
    pages = _layout(summary, None).pages_count
    pdf = _layout(summary, pages)
    pdf.compress = compress
    return bytes(pdf.output())
