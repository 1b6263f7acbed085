"""The forms that move a proceeding on without adding a record of the case file: its next
stage, an appeal against its judgment, another case it is also about. Each is a
``FormKey`` of the case file (``case_detail.CASE_FILE_KEYS``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _
from jhro_tui.services.justice import proceedings
from jhro_tui.services.justice.forms import AppealForm, StageForm
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records.justice import proceeding_choices
from jhro_tui.ui.records.kind import FormKey
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    chosen,
    full_date,
    only_code,
    place_fields,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def _proceeding_field(detail: CaseDetail) -> FormField:
    choices = proceeding_choices(detail)
    return FormField("proceeding", _("Proceeding"), "choice", only_code(choices), choices)


def stage_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        proceeding = chosen(values, "proceeding", detail.proceedings)
        return await call(app, proceedings.change_stage, proceeding.id, StageForm(
            stage=values.get("stage") or "", on=full_date(values, "on"),
            evidence=values.get("evidence") or ""), expected_version=proceeding.version)

    return FormScreen(_("Stage of a proceeding"), [
        _proceeding_field(detail),
        FormField("stage", _("Now at"), "choice", None, closed_choices("proceeding_stage")),
        FormField("on", _("Since"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("evidence", _("How we know"), "area"),
    ], submit)


def appeal_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        proceeding = chosen(values, "proceeding", detail.proceedings)
        return await call(app, proceedings.lodge_appeal, proceeding.id, AppealForm(
            court_code=values.get("court_code") or "",
            province_code=values.get("province_code") or "",
            lodged_on=full_date(values, "lodged_on"),
            territory_code=values.get("territory_code") or "",
            docket=text_or_none(values, "docket"), evidence=values.get("evidence") or ""))

    return FormScreen(_("Appeal lodged"), [
        _proceeding_field(detail),
        FormField("court_code", _("Appeal court"), "choice", None,
                  reference_choices("court_type"), placeholder=_("type to narrow the list"),
                  aliases=("court",)),
        *place_fields(detail.province_code, None),
        FormField("docket", _("Docket number")),
        FormField("lodged_on", _("Lodged on"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("evidence", _("How we know"), "area"),
    ], submit)


def join_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        proceeding = chosen(values, "proceeding", detail.proceedings)
        return await call(app, proceedings.join_case, proceeding.id,
                          values.get("reference") or "")

    return FormScreen(_("Another case in the proceeding"), [
        _proceeding_field(detail),
        FormField("reference", _("Other case"), placeholder=_("its reference")),
    ], submit, intro=_("A trial about several cases: give the reference of another case "
                       "you may see."))


def _has_proceeding(detail: CaseDetail) -> bool:
    return bool(detail.proceedings)


STAGE = FormKey("stage", "case.proceeding_stage", "S", N_("Move a proceeding to a stage"),
                stage_form, "follow_up", available=_has_proceeding)
APPEAL = FormKey("appeal", "case.appeal", "L", N_("Lodge an appeal"), appeal_form,
                 "follow_up", available=lambda detail: any(
                     person.judged_on for p in detail.proceedings for person in p.accused))
JOIN = FormKey("join", "case.proceeding_join", "B", N_("Add another case to a proceeding"),
               join_form, "follow_up", available=_has_proceeding)
