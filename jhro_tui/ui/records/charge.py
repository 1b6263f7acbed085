"""A charge an accused faces (the judgment gives its verdict)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services.justice import court
from jhro_tui.services.justice.views import ChargeView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import reference_choices
from jhro_tui.ui.records.justice import accused_choices, all_accused
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import call, only_code, remover
from jhro_tui.ui.screens.form import FormField, FormScreen, Values

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def charge_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        accused = values.get("accused")
        if not accused:
            raise ValidationError("accused", N_("Choose the accused."))
        return await call(app, court.add_charge, int(accused),
                          values.get("charge_code") or "")

    choices = accused_choices(detail)
    return FormScreen(_("New charge"), [
        FormField("accused", _("Accused"), "choice", only_code(choices), choices),
        FormField("charge_code", _("Charge"), "choice", None, reference_choices("charge"),
                  placeholder=_("type to narrow the list"), aliases=("charge",)),
    ], submit)


def _choice(charge: ChargeView, detail: CaseDetail) -> tuple[str, str]:
    codes = {person.id: person.code for _p, person in all_accused(detail)}
    return _("Charge: {charge}").format(charge=charge.label), codes.get(charge.accused_id, "")


def _question(charge: ChargeView, _detail: CaseDetail) -> str:
    return _("Remove the charge “{charge}” and its verdict?").format(charge=charge.label)


KIND = RecordKind[ChargeView](
    key="charge", action_id="case.charge", keys="C", title=N_("Add a charge"),
    factory=charge_form, part="follow_up",
    available=lambda detail: bool(all_accused(detail)),
    records=lambda accused: accused.charges, within="accused", choice=_choice,
    question=_question, remove=remover(court.remove_charge))
