"""A reparation ordered against a convicted accused, and what has been paid of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services.justice import court
from jhro_tui.services.justice.forms import ReparationForm
from jhro_tui.services.justice.views import ReparationView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.hearing import yes, yes_no
from jhro_tui.ui.records.justice import accused_choices, all_accused, reparation_label
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    chosen,
    full_date,
    only_code,
    remover,
    whole_number,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def reparation_form(app: Shell, detail: CaseDetail, reparation: ReparationView | None = None
                    ) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        if reparation is None:
            accused = chosen(values, "accused", [a for _p, a in all_accused(detail)])
            accused_id, proceeding_id = accused.id, accused.proceeding_id
        else:
            accused_id, proceeding_id = reparation.accused_id, reparation.proceeding_id
        form = ReparationForm(accused_id=accused_id, amount=whole_number(values, "amount"),
                              currency=values.get("currency") or "",
                              beneficiary=text_or_none(values, "beneficiary"),
                              ordered_on=full_date(values, "ordered_on"),
                              jointly_with_state=yes(values, "jointly_with_state"))
        if reparation is None:
            return await call(app, court.order_reparation, proceeding_id, form)
        await call(app, court.update_reparation, reparation.id, form,
                   expected_version=reparation.version)
        return True  # the service returns nothing; the case file is read again

    fields = []
    if reparation is None:
        choices = accused_choices(detail, convicted_only=True)
        fields.append(FormField("accused", _("Against"), "choice", only_code(choices),
                                choices, aliases=("accused_id",)))
    fields += [
        FormField("amount", _("Amount"), value=str(reparation.amount) if reparation else ""),
        FormField("currency", _("Currency"), "choice",
                  reparation.currency if reparation else "USD", closed_choices("currency")),
        FormField("beneficiary", _("To whom"),
                  value=reparation.beneficiary if reparation else ""),
        FormField("jointly_with_state", _("Jointly with the State"), "choice",
                  ("yes" if reparation.jointly_with_state else "no") if reparation else "no",
                  yes_no()),
        FormField("ordered_on", _("Ordered on"),
                  value=(reparation.ordered_on if reparation else app.today()).isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
    ]
    if reparation is None:
        return FormScreen(_("New reparation"), fields, submit)
    return FormScreen(_("Reparation: {label}").format(label=reparation_label(reparation)),
                      fields, submit)


def _choice(reparation: ReparationView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Reparation: {label}").format(label=reparation_label(reparation)),
            format_date(reparation.ordered_on))


def _question(reparation: ReparationView, _detail: CaseDetail) -> str:
    return _("Remove the reparation “{label}” with the payments recorded against it?"
             ).format(label=reparation_label(reparation))


KIND = RecordKind[ReparationView](
    key="reparation", action_id="case.reparation", keys="R", title=N_("Order a reparation"),
    factory=reparation_form, part="follow_up",
    available=lambda detail: bool(accused_choices(detail, convicted_only=True)),
    records=lambda accused: accused.reparations, within="accused", choice=_choice,
    changeable=True, question=_question, remove=remover(court.remove_reparation))
