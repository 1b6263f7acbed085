"""An accused of a proceeding: a perpetrator of the case, or a name (restricted), with the
charges they face when added (more through the charge kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services.justice import court
from jhro_tui.services.justice.forms import AccusedForm
from jhro_tui.services.justice.views import AccusedView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import reference_choices
from jhro_tui.ui.records.justice import accused_label, proceeding_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import call, only_code, perpetrator_choices, remover
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def accused_form(app: Shell, detail: CaseDetail, accused: AccusedView | None = None
                 ) -> FormScreen[Any]:
    """A new accused with their charges, or ``accused`` as recorded, to change."""
    # A name is typed only by someone who may see it, and changed only once it is shown:
    # the service stores the name given, so a hidden one cannot be left out.
    with_name = detail.can_see_identity and (accused is None or bool(accused.name)
                                             or not accused.has_name)

    async def submit(values: Values) -> Any:
        if accused is not None and not with_name:
            raise ValidationError("rank", N_("Show the names first (ctrl+r on the case "
                                             "file) to change this accused."))
        perpetrator = values.get("perpetrator")
        form = AccusedForm(perpetrator_id=int(perpetrator) if perpetrator else None,
                           name=text_or_none(values, "name") if with_name else "",
                           category_code=values.get("category_code") or "",
                           rank=text_or_none(values, "rank"),
                           unit=text_or_none(values, "unit"),
                           charges=tuple(codes(values, "charges")))
        if accused is not None:
            await call(app, court.update_accused, accused.id, form,
                       expected_version=accused.version)
            return True  # the service returns nothing; the case file is read again
        proceeding = values.get("proceeding")
        if not proceeding:
            raise ValidationError("proceeding", N_("Choose the proceeding."))
        return await call(app, court.add_accused, int(proceeding), form)

    fields = []
    if accused is None:
        choices = proceeding_choices(detail)
        fields.append(FormField("proceeding", _("Proceeding"), "choice", only_code(choices),
                                choices))
    fields.append(FormField("perpetrator", _("Perpetrator"), "choice",
                            str(accused.perpetrator_id) if accused and accused.perpetrator_id
                            else None, perpetrator_choices(detail),
                            aliases=("perpetrator_id",)))
    if with_name:
        fields.append(FormField("name", _("Or a name"),
                                value=accused.name if accused else ""))
    fields += [
        FormField("category_code", _("Category"), "choice",
                  (accused.category_code or None) if accused else None,
                  reference_choices("perpetrator_category"),
                  placeholder=_("type to narrow the list"), aliases=("category",)),
        FormField("rank", _("Rank"), value=accused.rank if accused else ""),
        FormField("unit", _("Unit"), value=accused.unit if accused else ""),
    ]
    if accused is None:
        fields.append(FormField("charges", _("Charges"), "choices", "",
                                reference_choices("charge")))
        return FormScreen(_("New accused"), fields, submit, intro=_(
            "Choose the perpetrator of the case who is tried, or give the name (restricted) "
            "of someone the case does not name."))
    intro = "" if with_name else _("Show the names first (ctrl+r) to change this accused.")
    return FormScreen(_("Accused {code}").format(code=accused.code), fields, submit,
                      intro=intro)


def _choice(accused: AccusedView, _detail: CaseDetail) -> tuple[str, str]:
    return _("Accused {code}").format(code=accused.code), accused_label(accused)


def _question(accused: AccusedView, _detail: CaseDetail) -> str:
    return _("Remove accused {code} with their charges, judgment and reparations?").format(
        code=accused.code)


KIND = RecordKind[AccusedView](
    key="accused", action_id="case.accused", keys="A", title=N_("Add an accused"),
    factory=accused_form, part="follow_up",
    available=lambda detail: bool(detail.proceedings),
    records=lambda proceeding: proceeding.accused, within="proceeding", choice=_choice,
    changeable=True, question=_question, remove=remover(court.remove_accused))
