"""A violation, recorded under its incident, with the victims who suffered it (named or
counted) and its perpetrators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import records
from jhro_tui.services.forms import UnnamedVictims, ViolationForm, choice_label
from jhro_tui.services.views import CaseDetail, ViolationView
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import (
    call,
    incident_choices,
    line,
    perpetrator_choices,
    remover,
    victim_choices,
    whole_number,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

UNNAMED_LABELS = {"men": N_("Unnamed: men"), "women": N_("Unnamed: women"),
                  "boys": N_("Unnamed: boys"), "girls": N_("Unnamed: girls"),
                  "unknown": N_("Unnamed: unknown")}
"""The form's fields for victims counted without names, in ``UNNAMED_GROUPS`` order."""

def violation_form(app: Shell, detail: CaseDetail, violation: ViolationView | None = None
                   ) -> FormScreen[Any]:
    """A new violation with its victims and perpetrators, or ``violation`` as recorded, to
    change; the victims and perpetrators chosen are exactly those linked once saved."""

    async def submit(values: Values) -> Any:
        form = ViolationForm(type_code=values.get("type_code") or "",
                             description=values.get("description") or "",
                             verification_status=values.get("verification_status")
                             or "reported",
                             unnamed=UnnamedVictims(**{
                                 group: whole_number(values, f"unnamed_{group}") or 0
                                 for group in UNNAMED_LABELS}))
        victim_ids = [int(code) for code in codes(values, "victims")]
        perpetrator_ids = [int(code) for code in codes(values, "perpetrators")]
        if violation is None:
            incident = values.get("incident")
            if not incident:
                raise ValidationError("incident", N_("Choose the incident."))
            return await call(app, records.add_violation, int(incident), form,
                              victim_ids=victim_ids, perpetrator_ids=perpetrator_ids)
        return await call(app, records.update_violation, violation.id, form,
                          expected_version=violation.version, victim_ids=victim_ids,
                          perpetrator_ids=perpetrator_ids)

    fields = []
    if violation is None:
        incidents = incident_choices(detail)
        fields.append(FormField("incident", _("Incident"), "choice",
                                incidents[-1].code if incidents else None, incidents))
    unnamed = violation.unnamed if violation else UnnamedVictims()
    linked_victims = [str(v.victim_id) for v in violation.victims] if violation else []
    linked_perpetrators = ([str(p.perpetrator_id) for p in violation.perpetrators]
                           if violation else [])
    fields += [
        FormField("type_code", _("Violation"), "choice",
                  violation.type_code if violation else None,
                  reference_choices("violation_type", leaves_only=True),
                  placeholder=_("type to narrow the list"), aliases=("type",)),
        FormField("verification_status", _("Verification"), "choice",
                  violation.verification_status if violation else "reported",
                  closed_choices("verification_status")),
        FormField("victims", _("Victims"), "choices", "\n".join(linked_victims),
                  victim_choices(detail), aliases=("victim", "victim_ids")),
        FormField("perpetrators", _("Perpetrators"), "choices",
                  "\n".join(linked_perpetrators), perpetrator_choices(detail),
                  aliases=("perpetrator", "perpetrator_ids")),
        *[FormField(f"unnamed_{group}", _(label), value=str(count) if count else "",
                    placeholder="0")
          for (group, label), count in zip(UNNAMED_LABELS.items(), unnamed.counts().values(),
                                           strict=True)],
        FormField("description", _("Details"), "area",
                  violation.description if violation else ""),
    ]
    intro = _("Victims: those recorded in the case who suffered it. Count the others, not "
              "identified one by one, under “Unnamed”.")
    if violation is None:
        return FormScreen(_("New violation"), fields, submit, intro=intro)
    return FormScreen(_("Violation: {type}").format(type=violation.type_label), fields,
                      submit, intro=intro)


def violation_lines(violation: ViolationView) -> list[str]:
    """A violation as its incident's section shows it, under the incident."""
    lines = [line("  •", violation.type_label, f"({violation.category_label})", "—",
                  choice_label("verification_status", violation.verification_status),
                  violation.verification_set_by)]
    victims = ", ".join(victim.code for victim in violation.victims)
    perpetrators = ", ".join(" ".join(part for part in (p.category_label, p.unit) if part)
                             for p in violation.perpetrators)
    if victims:
        lines.append(line("    ", _("Victims:"), victims))
    if violation.unnamed.total:
        lines.append(line("    ", _("Not named:"), violation.unnamed.describe()))
    if perpetrators:
        lines.append(line("    ", _("Perpetrators:"), perpetrators))
    return lines


def _choice(violation: ViolationView, detail: CaseDetail) -> tuple[str, str]:
    dates = {incident.id: incident.date.format() for incident in detail.incidents}
    return (_("Violation: {type}").format(type=violation.type_label),
            f"{dates.get(violation.incident_id, '')} · "
            f"{choice_label('verification_status', violation.verification_status)}")


def _question(violation: ViolationView, _detail: CaseDetail) -> str:
    return _("Remove the violation “{type}” and its links to victims and "
             "perpetrators?").format(type=violation.type_label)


KIND = RecordKind[ViolationView](
    key="violation", action_id="case.violation", keys="v", title=N_("Add violation"),
    factory=violation_form, part="documentation",
    records=lambda incident: incident.violations, within="incident", choice=_choice,
    changeable=True,
    question=_question, remove=remover(records.remove_violation))
