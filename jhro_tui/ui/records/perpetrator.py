"""A perpetrator: a category (army, police, armed group…), a unit, a rank, a name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _
from jhro_tui.services import records
from jhro_tui.services.forms import PerpetratorForm
from jhro_tui.services.views import CaseDetail, PerpetratorView
from jhro_tui.ui.choices import reference_choices
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import call, line, remover
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def perpetrator_form(app: Shell, detail: CaseDetail,
                     perpetrator: PerpetratorView | None = None) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        form = PerpetratorForm(category_code=values.get("category_code") or "",
                               unit=text_or_none(values, "unit"),
                               name=text_or_none(values, "name"),
                               rank=text_or_none(values, "rank"),
                               description=values.get("description") or "")
        if perpetrator is None:
            return await call(app, records.add_perpetrator, detail.id, form)
        return await call(app, records.update_perpetrator, perpetrator.id, form,
                          expected_version=perpetrator.version)

    fields = [
        FormField("category_code", _("Category"), "choice",
                  perpetrator.category_code if perpetrator else None,
                  reference_choices("perpetrator_category"),
                  placeholder=_("type to narrow the list"),
                  aliases=("category",)),
        FormField("unit", _("Unit or group"), value=perpetrator.unit if perpetrator else ""),
        FormField("name", _("Name"), value=perpetrator.name if perpetrator else ""),
        FormField("rank", _("Rank"), value=perpetrator.rank if perpetrator else ""),
        FormField("description", _("Details"), "area",
                  perpetrator.description if perpetrator else ""),
    ]
    if perpetrator is None:
        return FormScreen(_("New perpetrator"), fields, submit)
    return FormScreen(_("Perpetrator: {category}").format(
        category=perpetrator.category_label), fields, submit)


def _choice(perpetrator: PerpetratorView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Perpetrator: {category}").format(category=perpetrator.category_label),
            " ".join(part for part in (perpetrator.unit, perpetrator.rank) if part))


def _question(perpetrator: PerpetratorView, _detail: CaseDetail) -> str:
    return _("Remove the perpetrator “{category}” and their part in each "
             "violation?").format(category=perpetrator.category_label)


def _section(detail: CaseDetail) -> str:
    return "\n".join(line("■", p.category_label, p.unit, p.rank, p.name, p.description)
                     for p in detail.perpetrators)


KIND = RecordKind[PerpetratorView](
    key="perpetrator", action_id="case.perpetrator", keys="x", title=N_("Add perpetrator"),
    factory=perpetrator_form, part="documentation",
    records=lambda detail: detail.perpetrators, choice=_choice, changeable=True,
    question=_question, remove=remover(records.remove_perpetrator),
    section=Section("perpetrators", N_("Perpetrators"), _section))
