"""The forms of advocacy: a law or policy, its move to another stage, an action taken on
it (or on no law), and a case linked to it.

Each hands its values to a service of ``services.advocacy``; a validation error from the
service shows on its field (``FormScreen``). A law's stage changes only through the stage
form, which asks for the day and the evidence: the history must say how it got there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jhro_tui.i18n import _, format_date
from jhro_tui.services.advocacy import actions
from jhro_tui.services.advocacy import laws as law_service
from jhro_tui.services.advocacy.forms import ActionForm, LawForm, StageForm
from jhro_tui.services.advocacy.views import ActionView, LawLine, LawView
from jhro_tui.services.forms import choice_label
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

NO_LAW = "none"
"""The law field's entry for an action on no law."""


def law_choices(shown: Sequence[LawLine]) -> list[Choice]:
    return [Choice(NO_LAW, _("No law"))] + [
        Choice(str(line.id), line.title, choice_label("law_stage", line.stage))
        for line in shown]


def references(text: str) -> tuple[str, ...]:
    """Case references written one after the other, apart by spaces or commas."""
    return tuple(part for part in re.split(r"[\s,;]+", text) if part)


def law_form(app: Shell, shown: LawView | None = None) -> FormScreen[LawView]:
    async def submit(values: Values) -> LawView:
        stage = (values.get("stage") or "") if shown is None else shown.stage
        form = LawForm(text_or_none(values, "title"), values.get("kind") or "",
                       values.get("jurisdiction") or "", values.get("theme") or "",
                       values.get("province_code") or "", tuple(codes(values, "standards")),
                       values.get("priority") or "normal", text_or_none(values, "officer"),
                       text_or_none(values, "note"), stage,
                       full_date(values, "stage_on") if shown is None else None,
                       text_or_none(values, "evidence"))
        if shown is None:
            return await call(app, law_service.add_law, form)
        return await call(app, law_service.update_law, shown.id, form,
                          expected_version=shown.version)

    fields = [
        FormField("title", _("Title"), value=shown.title if shown else ""),
        FormField("kind", _("Kind"), "choice", shown.kind if shown else None,
                  closed_choices("law_kind")),
        FormField("jurisdiction", _("Jurisdiction"), "choice",
                  shown.jurisdiction if shown else None, closed_choices("law_jurisdiction")),
        FormField("province_code", _("Province"), "choice",
                  (shown.province_code or None) if shown else None,
                  reference_choices("province"), placeholder=_("a provincial text only")),
        FormField("theme", _("Theme"), "choice", shown.theme if shown else None,
                  closed_choices("law_theme")),
        FormField("standards", _("Standards"), "choices",
                  "\n".join(shown.standards) if shown else "", closed_choices("standard")),
        FormField("priority", _("Priority"), "choice", shown.priority if shown else "normal",
                  closed_choices("priority")),
        FormField("officer", _("Responsible officer"), value=shown.officer if shown else "",
                  placeholder=_("an account name; left empty: yourself")),
        FormField("note", _("Note"), "area", shown.note if shown else ""),
    ]
    if shown is not None:
        return FormScreen(_("Change the law"), fields, submit,
                          intro=_("Its stage moves with s on its page, with the date and the "
                                  "evidence."))
    fields += [
        FormField("stage", _("Stage now"), "choice", "identified", closed_choices("law_stage")),
        FormField("stage_on", _("At this stage since"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER), aliases=("on",)),
        FormField("evidence", _("Evidence"), "area", ""),
    ]
    return FormScreen(_("New law or policy"), fields, submit)


def stage_form(app: Shell, shown: LawView, stage: str | None = None) -> FormScreen[LawView]:
    async def submit(values: Values) -> LawView:
        form = StageForm(values.get("stage") or "", full_date(values, "on"),
                         text_or_none(values, "evidence"))
        return await call(app, law_service.move_law, shown.id, form, expected_version=shown.version)

    fields = [
        FormField("stage", _("Move to"), "choice", stage,
                  [choice for choice in closed_choices("law_stage")
                   if choice.code != shown.stage]),
        FormField("on", _("On"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("evidence", _("Evidence"), "area", ""),
    ]
    return FormScreen(_("Move to another stage"), fields, submit, intro=_(
        "{title}: {stage} since {date}").format(
            title=shown.title, stage=choice_label("law_stage", shown.stage),
            date=format_date(shown.stage_on)))


def action_form(app: Shell, law: LawView | None = None, shown: ActionView | None = None,
                laws: Sequence[LawLine] = (), default_law_id: int | None = None
                ) -> FormScreen[ActionView]:
    """An action on ``law``, or on the law chosen among ``laws`` (or on none) when it is
    not given: a new one on ``default_law_id`` until another is chosen. ``shown`` is read
    with its linked cases (``actions.advocacy_action``): the form makes the action's links
    exactly the references it holds."""

    async def submit(values: Values) -> ActionView:
        if law is not None:
            law_id: int | None = law.id
        else:
            picked = values.get("law_id")
            law_id = int(picked) if picked and picked != NO_LAW else None
        form = ActionForm(full_date(values, "taken_on"), values.get("kind") or "",
                          values.get("institution") or "", text_or_none(values, "summary"),
                          law_id, text_or_none(values, "target_name"),
                          text_or_none(values, "target_person"),
                          text_or_none(values, "outcome"), text_or_none(values, "next_step"),
                          full_date(values, "follow_up_on"))
        cases = references(text_or_none(values, "cases"))
        if shown is None:
            return await call(app, actions.add_action, form, cases)
        return await call(app, actions.update_action, shown.id, form, cases,
                          expected_version=shown.version)

    chosen_law = shown.law_id if shown is not None else default_law_id
    law_field = [] if law is not None else [
        FormField("law_id", _("Law or policy"), "choice",
                  str(chosen_law) if chosen_law is not None else NO_LAW, law_choices(laws))]
    fields = [
        FormField("taken_on", _("Date"),
                  value=(shown.taken_on if shown else app.today()).isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("kind", _("Kind"), "choice", shown.kind if shown else None,
                  closed_choices("action_kind")),
        FormField("institution", _("Institution"), "choice",
                  shown.institution if shown else None, closed_choices("institution")),
        FormField("target_name", _("Body or office"), value=shown.target_name if shown else "",
                  placeholder=_("such as the Justice committee")),
        FormField("target_person", _("Person met"),
                  value=shown.target_person if shown else "",
                  placeholder=_("name and function")),
        FormField("summary", _("Summary"), "area", shown.summary if shown else ""),
        FormField("outcome", _("Outcome"), "area", shown.outcome if shown else ""),
        FormField("next_step", _("Next step"), value=shown.next_step if shown else ""),
        FormField("follow_up_on", _("Follow up on"),
                  value=shown.follow_up_on.isoformat() if shown and shown.follow_up_on
                  else "", placeholder=_("YYYY-MM-DD; empty: no follow-up")),
        *law_field,
        FormField("cases", _("Linked cases"),
                  value=" ".join(case.reference for case in shown.cases) if shown else "",
                  placeholder=_("references, space or comma apart")),
    ]
    title = _("New advocacy action") if shown is None else _("Change the action")
    intro = _("On: {title}").format(title=law.title) if law is not None else ""
    return FormScreen(title, fields, submit, intro=intro)


def link_case_form(app: Shell, shown: LawView) -> FormScreen[LawView]:
    async def submit(values: Values) -> LawView:
        return await call(app, law_service.link_case, shown.id, text_or_none(values, "reference"))

    fields = [FormField("reference", _("Case reference"),
                        placeholder=_("such as GOM-2026-0001"))]
    return FormScreen(_("Link a case"), fields, submit,
                      intro=_("A case that shows the problem of: {title}").format(
                          title=shown.title))
