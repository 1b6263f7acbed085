"""A follow-up: something to do by a date, by someone (it shows under "Notes and
follow-ups"). It is not removed: it is marked done (d, ``follow_up_done_form``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services import cases
from jhro_tui.services.forms import FollowUpForm
from jhro_tui.services.views import CaseDetail, FollowUpView
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def follow_up_form(app: Shell, detail: CaseDetail, task: FollowUpView | None = None
                   ) -> FormScreen[Any]:
    """A new follow-up, or ``task`` as planned, to put off, reword or hand over."""

    async def submit(values: Values) -> Any:
        form = FollowUpForm(description=text_or_none(values, "description"),
                            due_on=full_date(values, "due_on"),
                            assigned_to=text_or_none(values, "assigned_to") or None)
        if task is None:
            return await call(app, cases.add_follow_up, detail.id, form)
        return await call(app, cases.update_follow_up, task.id, form,
                          expected_version=task.version)

    fields = [FormField("description", _("To do"), value=task.description if task else ""),
              FormField("due_on", _("Due on"), value=task.due_on.isoformat() if task else "",
                        placeholder=_(DATE_PLACEHOLDER)),
              FormField("assigned_to", _("Assigned to"), value=task.assigned_to if task else "",
                        placeholder=_("left empty: the case's officer"))]
    if task is None:
        return FormScreen(_("New follow-up"), fields, submit)
    return FormScreen(_("Follow-up: {description}").format(description=task.description),
                      fields, submit)


def _choice(task: FollowUpView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Follow-up: {description}").format(description=task.description),
            f"{format_date(task.due_on)} {task.assigned_to}")


KIND = RecordKind[FollowUpView](
    key="follow_up", action_id="case.follow_up", keys="t", title=N_("Add follow-up"),
    factory=follow_up_form, part="follow_up",
    records=lambda detail: detail.follow_ups, choice=_choice, changeable=True)
