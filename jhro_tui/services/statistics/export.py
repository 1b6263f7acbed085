"""The statistics as a file: JSON, CSV, Markdown or PDF, for the monthly report.

Every format is drawn from one published model (``publish``), never from the figures
themselves: each cell there is already what ``suppression.protect`` lets out (``<5`` for
a small count, ``x`` for one withheld so that a small one cannot be worked out), and the
charts' bars are drawn from those published cells, so a hidden figure has no bar rather
than one of its true length. The model holds only reference labels, translated fixed
labels, codes, dates and the office's name (stored text: made safe for a terminal, and in
CSV kept from reading as a formula): no name, contact, victim code, case reference or
free text can reach a file.

Writing a file is an explicit act, audited as ``statistics.export`` with its format and
name; so is a document printed on standard output. The file is new (never replacing one),
0600, written without following a symbolic link (``security.exchange``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jhro_tui.errors import UsageError, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.security import exchange
from jhro_tui.security.audit import FAILED
from jhro_tui.services import access
from jhro_tui.services.attachments import exchange_folder
from jhro_tui.services.session import Session
from jhro_tui.services.statistics.counting import Population
from jhro_tui.services.statistics.figures import ALL_OFFICES, Statistics, compute, scope
from jhro_tui.services.statistics.suppression import protect
from jhro_tui.services.statistics.tables import Table
from jhro_tui.text import markdown_literal, sanitize, spreadsheet_cell

FORMATS = ("json", "csv", "md", "pdf")
ACTION = "statistics.export"
BAR_WIDTH = 40
"""Characters of the longest bar of a Markdown chart."""


# --- the published model -------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """A row as published: its cells are the published strings, never the counts."""

    key: str
    label: str
    parent: str
    unit: str
    cells: tuple[str, ...]
    total: bool = False


@dataclass(frozen=True)
class Sheet:
    """A table as published."""

    key: str
    title: str
    counts: str
    columns: tuple[tuple[str, str, str], ...]
    """(key, label, unit) of each column."""
    lines: tuple[Line, ...]
    """The rows, then the total if any."""
    notes: tuple[str, ...]
    chart: int | None

    @property
    def units(self) -> bool:
        """Whether rows say what they count (the summary), so a Unit column is shown."""
        return any(line.unit for line in self.lines)

    def bars(self) -> list[tuple[str, str]]:
        """The chart's (label, published cell) over the top-level rows."""
        if self.chart is None:
            return []
        return [(line.label, line.cells[self.chart]) for line in self.lines
                if not line.parent and not line.total]


@dataclass(frozen=True)
class Published:
    title: str
    office: str
    start: dt.date
    end: dt.date
    previous: tuple[dt.date, dt.date]
    year_earlier: tuple[dt.date, dt.date]
    threshold: int
    notes: tuple[str, ...]
    sheets: tuple[Sheet, ...]

    def period(self, days: tuple[dt.date, dt.date] | None = None) -> str:
        first, last = days or (self.start, self.end)
        return f"{first.isoformat()} – {last.isoformat()}"

    def facts(self) -> list[tuple[str, str]]:
        """What the report is of, as (label, value) lines under its title."""
        return [(_("Office"), self.office), (_("Period"), self.period()),
                (_("Previous period"), self.period(self.previous)),
                (_("Same period a year earlier"), self.period(self.year_earlier))]


def office_label(office: str) -> str:
    return _("All offices") if office == ALL_OFFICES else sanitize(office)


def small_cells_note(threshold: int) -> str:
    return _("<{threshold}: a count from 1 to {below}, not published because so few "
             "people could be singled out. x: a figure withheld so that a hidden one cannot "
             "be worked out by subtraction from a total or another table (at least two "
             "figures are hidden wherever one is, or the total is hidden too). Zero is "
             "published. A hidden figure has no bar in a chart.").format(
        threshold=threshold, below=threshold - 1)


def publish(statistics: Statistics, threshold: int) -> Published:
    """The figures as any export shows them: every cell through ``protect``."""
    protected = protect(statistics.tables, threshold)
    consent = (_("Named victims count only with their consent for statistics; victims "
                 "recorded as a number always count.") if statistics.consent_only else
               _("Every victim counts as an anonymous tally, whether or not they were "
                 "asked to consent (the office's policy): a figure names no one."))

    def sheet(table: Table) -> Sheet:
        rows = [*table.rows, *([table.total] if table.total is not None else [])]
        lines = tuple(Line(row.key, sanitize(row.label), row.parent, sanitize(row.unit),
                           tuple(protected.shown(table.key, row.key, index, value)
                                 for index, value in enumerate(row.values)),
                           total=row is table.total) for row in rows)
        return Sheet(table.key, sanitize(table.title), sanitize(table.counts),
                     tuple((column.key, sanitize(column.label), sanitize(column.unit))
                           for column in table.columns),
                     lines, tuple(sanitize(note) for note in table.notes), table.chart)

    return Published(_("Human rights statistics"), office_label(statistics.office),
                     statistics.start, statistics.end, statistics.previous,
                     statistics.year_earlier, threshold,
                     (small_cells_note(threshold), consent),
                     tuple(sheet(table) for table in statistics.tables))


def number(cell: str) -> int | None:
    """A published cell's value, or None for a hidden one."""
    return int(cell) if re.fullmatch(r"-?\d+", cell) else None


# --- the text formats ----------------------------------------------------------------------------

def as_json(report: Published) -> bytes:
    def days(period: tuple[dt.date, dt.date]) -> dict[str, str]:
        return {"from": period[0].isoformat(), "to": period[1].isoformat()}

    def line(found: Line) -> dict[str, Any]:
        return {"key": found.key, "label": found.label, "parent": found.parent,
                "unit": found.unit,
                "values": [value if (value := number(cell)) is not None else cell
                           for cell in found.cells]}

    document = {
        "title": report.title, "office": report.office,
        "period": days((report.start, report.end)), "previous": days(report.previous),
        "year_earlier": days(report.year_earlier),
        "small_cells": {"threshold": report.threshold, "small": f"<{report.threshold}",
                        "withheld": "x"},
        "notes": list(report.notes),
        "tables": [{"key": sheet.key, "title": sheet.title, "counts": sheet.counts,
                    "columns": [{"key": key, "label": label, "unit": unit}
                                for key, label, unit in sheet.columns],
                    "rows": [line(found) for found in sheet.lines if not found.total],
                    "total": next((line(found) for found in sheet.lines if found.total),
                                  None),
                    "notes": list(sheet.notes), "chart": sheet.chart}
                   for sheet in report.sheets],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


CSV_HEADER = ("kind", "table", "row", "parent", "column", "unit", "text", "value")


def as_csv(report: Published) -> bytes:
    """One CSV of rows ``kind,table,row,parent,column,unit,text,value``: the report's
    facts and notes, then per table its title, what it counts, its columns, its rows
    (``row``: key and label) and one ``cell`` row per published figure, and its notes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    text = spreadsheet_cell
    writer.writerow(("report", "", "title", "", "", "", text(report.title), ""))
    writer.writerow(("report", "", "office", "", "", "", text(report.office), ""))
    for name, (first, last) in (("period", (report.start, report.end)),
                                ("previous", report.previous),
                                ("year_earlier", report.year_earlier)):
        writer.writerow(("report", "", f"{name}_from", "", "", "date", "", first.isoformat()))
        writer.writerow(("report", "", f"{name}_to", "", "", "date", "", last.isoformat()))
    writer.writerow(("report", "", "small_cells", "", "", "", "", report.threshold))
    writer.writerows(("note", "", "", "", "", "", text(note), "") for note in report.notes)
    for sheet in report.sheets:
        writer.writerow(("table", sheet.key, "", "", "", "", text(sheet.title), ""))
        writer.writerow(("counts", sheet.key, "", "", "", "", text(sheet.counts), ""))
        writer.writerows(("column", sheet.key, "", "", key, text(unit), text(label), "")
                         for key, label, unit in sheet.columns)
        for line in sheet.lines:
            writer.writerow(("row", sheet.key, line.key, line.parent, "", text(line.unit),
                             text(line.label), ""))
            writer.writerows(("cell", sheet.key, line.key, line.parent, key,
                              text(line.unit or unit), "", cell)
                             for (key, _label, unit), cell in zip(sheet.columns, line.cells,
                                                                  strict=True))
        writer.writerows(("note", sheet.key, "", "", "", "", text(note), "")
                         for note in sheet.notes)
    return out.getvalue().encode()


def as_markdown(report: Published) -> bytes:
    md = markdown_literal
    lines = [f"# {md(report.title)}: {md(report.office)}, {report.period()}", ""]
    lines.extend(f"- **{md(label)}**: {md(value)}" for label, value in report.facts())
    lines.append("")
    lines.extend(f"> {note}\n>" for note in report.notes)
    lines[-1] = lines[-1].removesuffix("\n>")
    lines.append("")
    for sheet in report.sheets:
        lines.extend([f"## {md(sheet.title)}", "", f"*{md(sheet.counts)}*", ""])
        header = [_("Figure"), *([_("Unit")] if sheet.units else []),
                  *(heading(label, unit) for _key, label, unit in sheet.columns)]
        lines.append("| " + " | ".join(md(cell) for cell in header) + " |")
        lines.append("|---|" + ("---|" if sheet.units else "")
                     + "--:|" * len(sheet.columns))
        for line in sheet.lines:
            label = md(line.label)
            label = f"**{label}**" if line.total else ("· " + label if line.parent else label)
            cells = [label, *([md(line.unit)] if sheet.units else []),
                     *line.cells]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines.extend(f"*{note}*\n" for note in sheet.notes)
        lines.extend(text_chart(sheet, report.threshold))
    return "\n".join(lines).encode()


def heading(label: str, unit: str) -> str:
    """A column's heading: its label, and its unit where the label does not say it."""
    return label if not unit or unit.casefold() == label.casefold() else f"{label} ({unit})"


def text_chart(sheet: Sheet, threshold: int) -> list[str]:
    """The table's chart as text bars in a code block, drawn from the published cells: a
    hidden figure has no bar."""
    bars = sheet.bars()
    if not bars or sheet.chart is None:
        return []
    _key, label, unit = sheet.columns[sheet.chart]
    width = min(28, max(len(name) for name, _cell in bars))
    top = max((number(cell) or 0 for _name, cell in bars), default=0)
    lines = ["```text", _fence_safe(heading(label, unit))]
    for name, cell in bars:
        value = number(cell)
        name = _fence_safe(name if len(name) <= width else name[:width - 1] + "…")
        bar = "" if value is None or top <= 0 else "█" * round(max(value, 0) * BAR_WIDTH / top)
        if value is not None and value > 0 and not bar:
            bar = "▏"  # a count too small for a whole character still shows
        lines.append(f"{name:<{width}} │{bar:<{BAR_WIDTH}} {cell}")
    if any(number(cell) is None for _name, cell in bars):
        lines.append(_("(a hidden figure, <{threshold} or x, has no bar)").format(
            threshold=threshold))
    return [*lines, "```", ""]


def _fence_safe(text: str) -> str:
    """Text inside a code block: no backtick can close the fence."""
    return text.replace("`", "'")


def render(statistics: Statistics, fmt: str, threshold: int) -> bytes:
    """The document of ``statistics`` in ``fmt`` (json, csv, md or pdf)."""
    report = publish(statistics, threshold)
    if fmt == "pdf":
        from jhro_tui.services.statistics.pdf import as_pdf  # fpdf2 only when asked for

        return as_pdf(report)
    renderers = {"json": as_json, "csv": as_csv, "md": as_markdown}
    if fmt not in renderers:
        raise ValidationError("format", N_("Unknown format {format}: json, csv, md or pdf."),
                              format=fmt)
    return renderers[fmt](report)


# --- writing it ----------------------------------------------------------------------------------

def file_name(office: str, start: dt.date, end: dt.date, fmt: str) -> str:
    """``jhro-statistics-<office>-<start>-<end>.<fmt>``, the office made safe for a name."""
    if office == ALL_OFFICES:
        safe = "all-offices"
    else:
        ascii_name = unicodedata.normalize("NFKD", office).encode("ascii", "ignore").decode()
        safe = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower()[:40] or "office"
    return f"jhro-statistics-{safe}-{start.isoformat()}-{end.isoformat()}.{fmt}"


def export(session: Session, start: dt.date, end: dt.date, office: str, fmt: str) -> bytes:
    """The document, to be printed (standard output): audited as an export."""
    content, office = _document(session, start, end, office, fmt)
    with access.unit(session) as audit:
        audit(ACTION, f"statistics:{office}", f"from={start} to={end} format={fmt} to=stdout")
    return content


def write(session: Session, start: dt.date, end: dt.date, office: str, fmt: str,
          folder: Path | None = None, *, name: str | None = None) -> Path:
    """Write the document as a new file of ``folder`` (default: the account's exchange
    folder), named ``file_name(...)`` unless ``name`` is given; returns its path. A file
    that cannot be written leaves nothing behind, and the failure is audited."""
    try:
        content, office = _document(session, start, end, office, fmt)
        with access.unit(session) as audit:
            where = folder if folder is not None else exchange_folder(session)
            name = name or file_name(office, start, end, fmt)
            exchange.write_new_file(where, name, content)
            audit(ACTION, f"statistics:{office}",
                  f"from={start} to={end} format={fmt} file={where / name}")
    except UsageError as exc:
        session.audit(ACTION, f"statistics:{office or 'own'}",
                      f"format={fmt} name={name!r} error={type(exc).__name__}",
                      outcome=FAILED)
        raise
    return where / name


def _document(session: Session, start: dt.date, end: dt.date, office: str, fmt: str
              ) -> tuple[bytes, str]:
    """The statistics service's preamble and figures in one read (a refusal audited),
    then the document, drawn outside it: a PDF takes most of a second, which no other
    session's save should wait for."""
    if fmt not in FORMATS:
        raise ValidationError("format", N_("Unknown format {format}: json, csv, md or pdf."),
                              format=fmt)
    with access.reading(session):
        _who, offices, office = scope(session, ACTION, office, start, end)
        counted = compute(session, Population(
            start, end, offices, session.settings.statistics_victims == "consent"))
    return render(counted, fmt, session.settings.statistics_small_cells), office
