"""``jhro report advocacy``: a supervisor's advocacy report for a period, as JSON, CSV or
Markdown, from ``advocacy.report.report``.

Counts go out with their unit (laws, stage changes, actions, follow-ups); keys are codes
(stages, kinds of action, institutions). Stored text (titles, evidence, targets, next
steps) is printed as text: made safe for a terminal (``sanitize``), escaped in Markdown
(``markdown_literal``) and, in CSV, kept from reading as a spreadsheet formula
(``spreadsheet_cell``).

CSV is one table of ``section,key,unit,value`` rows like the other reports: the counts,
then one row per field of each listed law, move, action and overdue follow-up
(``section`` names the record, such as ``change:3``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from jhro_tui.cli_report import Row, csv_document, markdown_table
from jhro_tui.i18n import N_, _
from jhro_tui.services.advocacy.forms import ACTION_KINDS, INSTITUTIONS, LAW_STAGES
from jhro_tui.services.advocacy.report import AdvocacyReport
from jhro_tui.text import markdown_literal, sanitize

UNIT_LAWS = N_("laws")
UNIT_CHANGES = N_("stage changes")
UNIT_ACTIONS = N_("actions")
UNIT_FOLLOW_UPS = N_("follow-ups")
UNIT_DAYS = N_("days")


def rows(report: AdvocacyReport) -> Iterator[Row]:
    """Every count of the report, in the order printed."""
    for line in report.by_stage:
        yield "laws_by_stage", line.stage, UNIT_LAWS, line.count
    yield "stage_changes", "total", UNIT_CHANGES, len(report.changes)
    for kind, count in report.by_kind.items():
        yield "actions_by_kind", kind, UNIT_ACTIONS, count
    for institution, count in report.by_institution.items():
        yield "actions_by_institution", institution, UNIT_ACTIONS, count
    yield "overdue_follow_ups", "total", UNIT_FOLLOW_UPS, len(report.overdue)
    for task in report.overdue:
        yield f"follow_up:{task.id}", "days_overdue", UNIT_DAYS, task.days_overdue


def _names(report: AdvocacyReport) -> Iterator[tuple[str, str, str]]:
    """The stored text and dates of what is listed, as (section, key, text)."""
    for line in report.by_stage:
        for law_id, title in line.laws:
            yield f"law:{law_id}", line.stage, title
    for number, change in enumerate(report.changes, 1):
        section = f"change:{number}"
        yield from ((section, "law", str(change.law_id)), (section, "title", change.title),
                    (section, "from", change.from_stage), (section, "to", change.to_stage),
                    (section, "on", change.on.isoformat()),
                    (section, "evidence", change.evidence),
                    (section, "recorded_by", change.recorded_by))
    for action in report.actions:
        section = f"action:{action.id}"
        yield from ((section, "law", str(action.law_id or "")),
                    (section, "law_title", action.law_title),
                    (section, "taken_on", action.taken_on.isoformat()),
                    (section, "kind", action.kind), (section, "institution", action.institution),
                    (section, "target_name", action.target_name),
                    (section, "target_person", action.target_person),
                    (section, "summary", action.summary), (section, "outcome", action.outcome))
    for task in report.overdue:
        section = f"follow_up:{task.id}"
        yield from ((section, "action", str(task.action_id)),
                    (section, "law", str(task.law_id or "")),
                    (section, "law_title", task.law_title),
                    (section, "next_step", task.next_step),
                    (section, "due_on", task.due_on.isoformat()),
                    (section, "assigned_to", task.assigned_to))


def as_json(report: AdvocacyReport) -> str:
    def figure(value: int, unit: str) -> dict[str, Any]:
        return {"value": value, "unit": unit}

    document = {
        "office": sanitize(report.office), "from": report.start.isoformat(),
        "to": report.end.isoformat(), "as_of": report.as_of.isoformat(),
        "laws_by_stage": {
            line.stage: {**figure(line.count, UNIT_LAWS),
                         "laws": [{"id": law_id, "title": sanitize(title)}
                                  for law_id, title in line.laws]}
            for line in report.by_stage},
        "stage_changes": [
            {"law": change.law_id, "title": sanitize(change.title),
             "from": change.from_stage or None, "to": change.to_stage,
             "on": change.on.isoformat(), "evidence": sanitize(change.evidence),
             "recorded_by": sanitize(change.recorded_by)}
            for change in report.changes],
        "actions_by_kind": {kind: figure(count, UNIT_ACTIONS)
                            for kind, count in report.by_kind.items()},
        "actions_by_institution": {institution: figure(count, UNIT_ACTIONS)
                                   for institution, count in report.by_institution.items()},
        "actions": [
            {"id": action.id, "law": action.law_id, "law_title": sanitize(action.law_title),
             "taken_on": action.taken_on.isoformat(), "kind": action.kind,
             "institution": action.institution, "target_name": sanitize(action.target_name),
             "target_person": sanitize(action.target_person),
             "summary": sanitize(action.summary), "outcome": sanitize(action.outcome)}
            for action in report.actions],
        "overdue_follow_ups": [
            {"id": task.id, "action": task.action_id, "law": task.law_id,
             "law_title": sanitize(task.law_title), "next_step": sanitize(task.next_step),
             "due_on": task.due_on.isoformat(), "assigned_to": sanitize(task.assigned_to),
             "days_overdue": figure(task.days_overdue, UNIT_DAYS)}
            for task in report.overdue],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(report: AdvocacyReport) -> str:
    return csv_document(report.office, report.start, report.end, _names(report),
                        rows(report))


def as_markdown(report: AdvocacyReport) -> str:
    lines = [f"# {_('Advocacy')}: {markdown_literal(report.office)}, "
             f"{report.start.isoformat()} – {report.end.isoformat()}", ""]

    def table(title: str, header: Sequence[str], body: Sequence[Sequence[object]],
              note: str = "") -> None:
        markdown_table(lines, title, header, body, note)

    def text(value: str) -> str:
        return markdown_literal(value) if value else "—"

    table(_("Laws by stage"), (_("Stage"), _("Laws"), _("Number")),
          [(_(LAW_STAGES[line.stage]),
            "; ".join(markdown_literal(title) for _id, title in line.laws) or "—",
            line.count) for line in report.by_stage],
          _("Unit: laws, where they stand now."))
    table(_("Stage changes in the period"),
          (_("Law"), _("From"), _("To"), _("Evidence"), _("Recorded by"), _("Date")),
          [(text(change.title),
            _(LAW_STAGES[change.from_stage]) if change.from_stage else _("(recorded)"),
            _(LAW_STAGES[change.to_stage]), text(change.evidence), text(change.recorded_by),
            change.on.isoformat()) for change in report.changes])
    header = (_("Figure"), _("Unit"), _("Value"))
    table(_("Actions by kind"), header,
          [(_(ACTION_KINDS[kind]), _(UNIT_ACTIONS), count)
           for kind, count in report.by_kind.items()])
    table(_("Actions by institution"), header,
          [(_(INSTITUTIONS[institution]), _(UNIT_ACTIONS), count)
           for institution, count in report.by_institution.items()])
    table(_("Actions in the period"),
          (_("Law"), _("Kind"), _("Institution"), _("Target"), _("Outcome"), _("Date")),
          [(text(action.law_title), _(ACTION_KINDS[action.kind]),
            _(INSTITUTIONS[action.institution]),
            text(", ".join(part for part in (action.target_name, action.target_person)
                           if part)),
            text(action.outcome), action.taken_on.isoformat()) for action in report.actions])
    table(_("Overdue follow-ups"),
          (_("Law"), _("Next step"), _("Due"), _("Assigned to"), _("Days overdue")),
          [(text(task.law_title), text(task.next_step), task.due_on.isoformat(),
            text(task.assigned_to), task.days_overdue) for task in report.overdue],
          _("As at {day}: follow-ups of actions due before it and not done by then.")
          .format(day=report.as_of.isoformat()))
    return "\n".join(lines)


RENDER = {"json": as_json, "csv": as_csv, "md": as_markdown}
