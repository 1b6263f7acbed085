"""``jhro report detention``: a supervisor's detention figures for a period, as JSON, CSV
or a Markdown table, from the service the Detention screen's office uses
(``detention.overview.report``).

Every figure goes out with its unit (visits or detainees). Keys are codes (access, bases,
``facility:<id>``, ``session:<id>``); the only stored text printed is a facility's name
and a session's label, made safe for a terminal and, in CSV, kept from reading as a
spreadsheet formula (``text.markdown_literal``, ``text.spreadsheet_cell``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from jhro_tui.cli_report import Row, csv_document, markdown_table
from jhro_tui.i18n import N_, _
from jhro_tui.services import forms
from jhro_tui.services.detention.overview import DetentionReport
from jhro_tui.text import markdown_literal, sanitize

UNIT_VISITS = N_("visits")
UNIT_DETAINEES = N_("detainees")


def rows(report: DetentionReport) -> Iterator[Row]:
    """Every figure of the report, in the order printed."""
    for access, count in report.visits.items():
        yield "visits_by_access", access, UNIT_VISITS, count
    yield "access_refused", "refused", UNIT_VISITS, report.access_refused
    for line in report.by_facility:
        section = f"facility:{line.facility.id}"
        yield section, "held", UNIT_DETAINEES, line.held
        yield section, "past_limit", UNIT_DETAINEES, line.past_limit
    for basis, count in report.releases.items():
        yield "releases_by_basis", basis, UNIT_DETAINEES, count
    for released in report.sessions:
        yield f"session:{released.session.id}", "released", UNIT_DETAINEES, released.released


def as_json(report: DetentionReport) -> str:
    def figure(value: int, unit: str) -> dict[str, Any]:
        return {"value": value, "unit": unit}

    document = {
        "office": sanitize(report.office), "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "visits_by_access": {access: figure(count, UNIT_VISITS)
                             for access, count in report.visits.items()},
        "access_refused": figure(report.access_refused, UNIT_VISITS),
        "past_limit_by_facility": [
            {"id": line.facility.id, "name": sanitize(line.facility.name),
             "kind": line.facility.kind, "held": figure(line.held, UNIT_DETAINEES),
             "past_limit": figure(line.past_limit, UNIT_DETAINEES)}
            for line in report.by_facility],
        "releases_by_basis": {basis: figure(count, UNIT_DETAINEES)
                              for basis, count in report.releases.items()},
        "releases_after_mobile_court_sessions": [
            {"id": line.session.id, "label": sanitize(line.session.label),
             "start_on": line.session.start_on.isoformat(),
             "end_on": line.session.end_on.isoformat(),
             "released": figure(line.released, UNIT_DETAINEES)}
            for line in report.sessions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(report: DetentionReport) -> str:
    names = [*((f"facility:{line.facility.id}", "name", line.facility.name)
               for line in report.by_facility),
             *((f"session:{released.session.id}", "label", released.session.label)
               for released in report.sessions)]
    return csv_document(report.office, report.start, report.end, names, rows(report))


def as_markdown(report: DetentionReport) -> str:
    lines = [f"# {_('Detention figures')}: {markdown_literal(report.office)}, "
             f"{report.start.isoformat()} – {report.end.isoformat()}", ""]

    def table(title: str, header: Sequence[str], body: Sequence[Sequence[object]],
              note: str = "") -> None:
        markdown_table(lines, title, header, body, note)

    header = (_("Figure"), _("Unit"), _("Value"))
    table(_("Visits by access given"), header,
          [(_(forms.VISIT_ACCESS[access]), _(UNIT_VISITS), count)
           for access, count in report.visits.items()])
    table(_("Detainees held and held past the legal limit, by facility"),
          (_("Facility"), _("Held"), _("Past the limit")),
          [(markdown_literal(line.facility.name), line.held, line.past_limit)
           for line in report.by_facility],
          _("Unit: detainees, as at the end of the period, from the facts known then; "
            "a flag an officer overrode is not counted."))
    table(_("Releases by basis"), header,
          [(_(forms.DETENTION_RELEASE_BASES[basis]), _(UNIT_DETAINEES), count)
           for basis, count in report.releases.items()])
    if report.sessions:
        table(_("Releases after mobile court sessions"),
              (_("Mobile court session"), _("From"), _("To"), _("Released")),
              [(markdown_literal(line.session.label), line.session.start_on.isoformat(),
                line.session.end_on.isoformat(), line.released)
               for line in report.sessions])
    return "\n".join(lines)


RENDER = {"json": as_json, "csv": as_csv, "md": as_markdown}
