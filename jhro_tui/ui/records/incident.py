"""An incident: when and where something happened; its violations are recorded under it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, ngettext
from jhro_tui.services import records
from jhro_tui.services.forms import IncidentForm
from jhro_tui.services.views import CaseDetail, IncidentView
from jhro_tui.text import sanitize
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import call, line, partial_date, place_fields, remover
from jhro_tui.ui.records.violation import violation_lines
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def incident_form(app: Shell, detail: CaseDetail, incident: IncidentView | None = None
                  ) -> FormScreen[Any]:
    """A new incident, or ``incident`` as recorded, to change."""

    async def submit(values: Values) -> Any:
        form = IncidentForm(
            date=partial_date(values, "date", required=True),
            province_code=values.get("province_code") or "",
            territory_code=values.get("territory_code") or "",
            locality=text_or_none(values, "locality"),
            description=values.get("description") or "",
            end=partial_date(values, "end"))
        if incident is None:
            return await call(app, records.add_incident, detail.id, form)
        return await call(app, records.update_incident, incident.id, form,
                          expected_version=incident.version)

    fields = [
        FormField("date", _("Date"), value=incident.date.iso() if incident else "",
                  placeholder=_("YYYY-MM-DD, YYYY-MM, YYYY or ~YYYY")),
        FormField("end", _("Until"), value=incident.end.iso() if incident and incident.end
                  else "", placeholder=_("if it lasted (optional)")),
        *place_fields(incident.province_code if incident else detail.province_code,
                      incident.territory_code if incident else None),
        FormField("locality", _("Locality"), value=incident.locality if incident else ""),
        FormField("description", _("What happened"), "area",
                  incident.description if incident else ""),
    ]
    if incident is None:
        return FormScreen(_("New incident"), fields, submit)
    return FormScreen(_("Incident of {date}").format(date=incident.date.format()), fields,
                      submit)


def _choice(incident: IncidentView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Incident of {date}").format(date=incident.date.format()),
            f"{incident.province_label} {incident.locality}".strip())


def _question(incident: IncidentView, _detail: CaseDetail) -> str:
    count = len(incident.violations)
    question = ngettext("Remove the incident of {date} and its violation?",
                        "Remove the incident of {date} and its {count} violations?",
                        count) if count else _("Remove the incident of {date}?")
    return question.format(date=incident.date.format(), count=count)


def _section(detail: CaseDetail) -> str:
    lines = []
    for incident in detail.incidents:
        period = incident.date.format()
        if incident.end:
            period += " – " + incident.end.format()
        lines.append(line("■", period, incident.province_label, incident.territory_label,
                          incident.locality))
        if incident.description:
            lines.append("  " + sanitize(incident.description, multiline=True)
                         .replace("\n", "\n  "))
        for violation in incident.violations:
            lines += violation_lines(violation)
    return "\n".join(lines)


KIND = RecordKind[IncidentView](
    key="incident", action_id="case.incident", keys="i", title=N_("Add incident"),
    factory=incident_form, part="documentation",
    records=lambda detail: detail.incidents, choice=_choice, changeable=True,
    question=_question, remove=remover(records.remove_incident),
    section=Section("incidents", N_("Incidents and violations"), _section))
