"""``jhro report justice``: a supervisor's court figures for a period, as JSON, CSV or a
Markdown table, from the service the Justice screen uses (``overview.report``), so the
command line and the screen cannot disagree.

Every figure goes out with its unit: proceedings, accused, detainees, days, or the
currency of an amount. Keys are codes (stages, outcomes, figures, currencies); the only
stored text printed is a session's label, made safe for a terminal (``sanitize``) and,
in CSV, kept from reading as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from jhro_tui.errors import UsageError, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import forms
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.justice.figures import FIGURES
from jhro_tui.services.justice.overview import JusticeReport
from jhro_tui.text import markdown_literal, sanitize, spreadsheet_cell

FORMATS = ("json", "csv", "md")
UNIT_PROCEEDINGS = N_("proceedings")
UNIT_ACCUSED = N_("accused")

Row = tuple[str, str, str, int]
"""section, key, unit, value: one figure."""


def period(start: str | None, end: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """``--from`` and ``--to`` as days: a month or a year stands for its first day (from)
    or its last (to); by default the current year up to today."""
    first = PartialDate.parse(start, "from").first_day() if start else dt.date(today.year, 1, 1)
    last = PartialDate.parse(end, "to").last_day() if end else today
    if last < first:
        raise ValidationError("to", N_("--to ({end}) is before --from ({start})."),
                              end=last.isoformat(), start=first.isoformat())
    return first, last


def output_file(argument: str | None, fmt: str) -> Path | None:
    """``--output``: a new file in a folder that exists (refused before the passphrase
    is asked); a PDF must have one, as binary is not for a terminal."""
    output = Path(os.path.abspath(argument)) if argument else None
    if output is None and fmt == "pdf":
        raise UsageError(N_("A PDF is written to a file: give --output FILE."))
    if output is not None and not output.parent.is_dir():
        raise UsageError(N_("{path} is not a folder."), path=output.parent)
    if output is not None and os.path.lexists(output):
        raise UsageError(N_("{path} already exists: jhro does not replace a file."),
                         path=output)
    return output


def rows(report: JusticeReport) -> Iterator[Row]:
    """Every figure of the report, in the order printed."""
    for stage, count in report.by_stage.items():
        yield "proceedings_by_stage", stage, UNIT_PROCEEDINGS, count
    for outcome, count in report.judgments.items():
        yield "judgments_by_outcome", outcome, UNIT_ACCUSED, count
    yield ("convictions_for_sexual_violence", "convicted_sv", UNIT_ACCUSED,
           report.convicted_sexual_violence)
    for currency in sorted(report.ordered.keys() | report.paid.keys()):
        yield "reparations_ordered", currency, currency, report.ordered.get(currency, 0)
        yield "reparations_paid", currency, currency, report.paid.get(currency, 0)
    for figures in report.sessions:
        for key, (_label, unit) in FIGURES.items():
            yield f"session:{figures.session.id}", key, unit, figures.values[key]


def as_json(report: JusticeReport) -> str:
    def unit_values(section: str) -> dict[str, Any]:
        found = [(key, unit, value) for name, key, unit, value in rows(report)
                 if name == section]
        return {key: {"value": value, "unit": unit} for key, unit, value in found}

    document = {
        "office": sanitize(report.office), "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "proceedings_by_stage": unit_values("proceedings_by_stage"),
        "judgments_by_outcome": unit_values("judgments_by_outcome"),
        "convictions_for_sexual_violence": {"value": report.convicted_sexual_violence,
                                            "unit": UNIT_ACCUSED},
        "reparations_ordered": unit_values("reparations_ordered"),
        "reparations_paid": unit_values("reparations_paid"),
        "sessions": [{"id": figures.session.id, "label": sanitize(figures.session.label),
                      "start_on": figures.session.start_on.isoformat(),
                      "end_on": figures.session.end_on.isoformat(),
                      "figures": {key: {"value": figures.values[key], "unit": unit}
                                  for key, (_label, unit) in FIGURES.items()}}
                     for figures in report.sessions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def csv_document(office: str, start: dt.date, end: dt.date,
                 names: Iterable[tuple[str, str, str]], figures: Iterable[Row]) -> str:
    """A report as CSV rows ``section,key,unit,value``: the period and the office, then
    the stored names of what the figures are about (``section``, ``key``, text), then
    every figure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "key", "unit", "value"))
    writer.writerow(("period", "from", "date", start.isoformat()))
    writer.writerow(("period", "to", "date", end.isoformat()))
    writer.writerow(("period", "office", "", spreadsheet_cell(office)))
    writer.writerows((section, key, "", spreadsheet_cell(text)) for section, key, text in names)
    writer.writerows(figures)
    return out.getvalue()


def markdown_table(lines: list[str], title: str, header: Sequence[str],
                   body: Iterable[Sequence[object]], note: str = "") -> None:
    """A titled Markdown table appended to ``lines``, its last column right-aligned,
    with an optional note in italics under it."""
    lines.extend([f"## {title}", "", "| " + " | ".join(header) + " |",
                  "|" + "---|" * (len(header) - 1) + "--:|"])
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in body)
    lines.extend([f"*{note}*", ""] if note else [""])


def as_csv(report: JusticeReport) -> str:
    return csv_document(report.office, report.start, report.end,
                        ((f"session:{figures.session.id}", "label", figures.session.label)
                         for figures in report.sessions), rows(report))


def as_markdown(report: JusticeReport) -> str:
    lines = [f"# {_('Court figures')}: {markdown_literal(report.office)}, "
             f"{report.start.isoformat()} – {report.end.isoformat()}", ""]

    def table(title: str, header: Sequence[str], body: Iterable[Sequence[object]]) -> None:
        markdown_table(lines, title, header, body)

    header = (_("Figure"), _("Unit"), _("Value"))
    table(_("Proceedings by stage"), header,
          [(_(forms.PROCEEDING_STAGES[stage]), _(UNIT_PROCEEDINGS), count)
           for stage, count in report.by_stage.items()])
    outcomes = {**forms.VERDICTS, "pending": N_("Not judged on every charge yet")}
    table(_("Judgments by outcome"), header,
          [(_(outcomes[outcome]), _(UNIT_ACCUSED), count)
           for outcome, count in report.judgments.items()]
          + [(_("Convicted of sexual violence"), _(UNIT_ACCUSED),
              report.convicted_sexual_violence)])
    currencies = sorted(report.ordered.keys() | report.paid.keys())
    table(_("Reparations"), header,
          [(_("Ordered"), currency, report.ordered.get(currency, 0)) for currency in currencies]
          + [(_("Paid"), currency, report.paid.get(currency, 0)) for currency in currencies])
    for figures in report.sessions:
        view = figures.session
        table(f"{_('Mobile court session')} {view.id}: {markdown_literal(view.label)}, "
              f"{view.start_on.isoformat()} – {view.end_on.isoformat()}", header,
              [(_(label), _(unit), figures.values[key])
               for key, (label, unit) in FIGURES.items()])
    return "\n".join(lines)


RENDER = {"json": as_json, "csv": as_csv, "md": as_markdown}
