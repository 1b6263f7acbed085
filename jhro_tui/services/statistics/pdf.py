"""The statistics as a PDF, drawn by fpdf2 from the published model (``export.publish``):
tables, then each table's chart as bars (rectangles) of its published values; a hidden
figure has no bar. No browser, no network.

The text is set in DejaVu Sans, shipped beside the code (``jhro_tui/fonts``, its licence
there): the PDF core fonts hold Latin-1 only, and a French accent, an en dash or an
office's name in another script must never stop a report. The creation date is the
period's last day, so the same figures give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from jhro_tui.i18n import _
from jhro_tui.services.statistics.export import Published, Sheet, heading, number

FONT = "DejaVu"
FONT_FILE = Path(__file__).resolve().parents[2] / "fonts" / "DejaVuSans.ttf"
WIDTH = 180.0
"""Millimetres between the margins of an A4 page."""
LINE = 5.0
INK = (20, 20, 20)
GREY = (110, 110, 110)
BAR = (31, 90, 150)
SHADE = (232, 236, 242)


def as_pdf(report: Published, *, compress: bool = True) -> bytes:
    pdf = FPDF(format="A4")
    pdf.compress = compress
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, 15)
    # The one face serves every style, so no table heading asks for a bold face missing.
    for style in ("", "B", "I", "BI"):
        pdf.add_font(FONT, style, str(FONT_FILE))
    pdf.set_creation_date(dt.datetime.combine(report.end, dt.time(), dt.UTC))
    pdf.set_title(f"{report.title}: {report.office}, {report.period()}")
    pdf.set_creator("jhro")
    pdf.add_page()
    _text(pdf, f"{report.title}: {report.office}", 16, INK, height=8)
    pdf.ln(1)
    for label, value in report.facts():
        _text(pdf, f"{label}: {value}", 9, INK, height=4.5)
    pdf.ln(2)
    for note in report.notes:
        _text(pdf, note, 8, GREY, height=4)
        pdf.ln(1)
    for sheet in report.sheets:
        pdf.ln(4)
        if pdf.will_page_break(40):
            pdf.add_page()
        _text(pdf, sheet.title, 12, BAR, height=6)
        _text(pdf, sheet.counts, 8, GREY, height=4)
        pdf.ln(1)
        _table(pdf, sheet)
        for note in sheet.notes:
            _text(pdf, note, 7.5, GREY, height=3.6)
        _chart(pdf, sheet, report.threshold)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, size: float, colour: tuple[int, int, int], *,
          height: float) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, sheet: Sheet) -> None:
    columns = len(sheet.columns)
    label = 70.0 if columns <= 3 else 50.0
    unit = 20.0 if sheet.units else 0.0
    each = (WIDTH - label - unit) / columns
    widths = (label, *((unit,) if unit else ()), *(each,) * columns)
    aligns = ("LEFT", *(("LEFT",) if unit else ()), *("RIGHT",) * columns)
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(190, 190, 190)
    pdf.set_fill_color(255, 255, 255)  # a table fills every cell: white, not a chart's bar
    with pdf.table(width=WIDTH, col_widths=widths, text_align=aligns, line_height=4.2,
                   headings_style=FontFace(emphasis=None, fill_color=SHADE),
                   padding=1) as table:
        table.row([_("Figure"), *([_("Unit")] if unit else []),
                   *(heading(name, what) for _key, name, what in sheet.columns)])
        for line in sheet.lines:
            shade = FontFace(fill_color=SHADE) if line.total else None
            name = "    " + line.label if line.parent else line.label
            table.row([name, *([line.unit] if unit else []), *line.cells], style=shade)
    pdf.ln(1)


def _chart(pdf: FPDF, sheet: Sheet, threshold: int) -> None:
    bars = sheet.bars()
    if not bars or sheet.chart is None:
        return
    _key, name, unit = sheet.columns[sheet.chart]
    label_width, value_width = 60.0, 16.0
    longest = WIDTH - label_width - value_width - 2
    top = max((number(cell) or 0 for _label, cell in bars), default=0)
    pdf.ln(2)
    if pdf.will_page_break(LINE * (len(bars) + 2)) and LINE * (len(bars) + 2) < 200:
        pdf.add_page()
    _text(pdf, heading(name, unit), 9, INK, height=LINE)
    pdf.set_font(FONT, size=8)
    left = pdf.l_margin
    for label, cell in bars:
        if pdf.will_page_break(LINE):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_text_color(*INK)
        pdf.set_xy(left, y)
        pdf.cell(label_width, LINE, _fit(pdf, label, label_width - 2))
        value = number(cell)
        length = 0.0
        if value is not None and value > 0 and top > 0:
            length = max(0.5, value * longest / top)
            pdf.set_fill_color(*BAR)
            pdf.rect(left + label_width, y + 0.8, length, LINE - 1.6, style="F")
        pdf.set_text_color(*(INK if value is not None else GREY))
        pdf.set_xy(left + label_width + length + 1.5, y)
        pdf.cell(value_width, LINE, cell)
        pdf.set_xy(left, y + LINE)
    if any(number(cell) is None for _label, cell in bars):
        _text(pdf, _("(a hidden figure, <{threshold} or x, has no bar)").format(
            threshold=threshold), 7.5, GREY, height=3.6)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` millimetres in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
