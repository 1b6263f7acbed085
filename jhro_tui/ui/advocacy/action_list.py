"""The Advocacy screen's third view: the office's actions of a period, the latest first,
on a law or on none. It is where an action on no law is found again (no law's page lists
it): what the view reads, its columns and rows, the form of its period, and what opens an
action. The screen keeps to keys and layout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date, widest_date
from jhro_tui.services.advocacy.actions import advocacy_action
from jhro_tui.services.advocacy.board import LawFilter, actions_page, count_actions, laws_page
from jhro_tui.services.advocacy.views import ActionView, LawLine
from jhro_tui.services.forms import choice_label
from jhro_tui.services.session import Session
from jhro_tui.ui.advocacy.lines import OVERDUE_MARK, PAGE_SIZE
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, full_date
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

PERIOD_DAYS = 90
"""The view opens on the actions of the last 90 days, today counted: a quarter's work."""
LAW_CHOICES = 500
"""Laws an action on no law may be put on from its form, by title: an office follows a
few dozen."""
DONE_MARK = "✓"
"""Before a follow-up's date when it is done."""


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=PERIOD_DAYS - 1), today


@dataclass(frozen=True)
class ActionsRead:
    """The period with what it holds: its count and first page (the period form closes on
    them)."""

    start: dt.date
    end: dt.date
    total: int
    first_page: tuple[ActionView, ...]


def read_actions(session: Session, start: dt.date, end: dt.date) -> ActionsRead:
    return ActionsRead(start, end, count_actions(session, start, end),
                       actions_page(session, start, end, 0, PAGE_SIZE))


def read_action(session: Session, action_id: int
                ) -> tuple[ActionView, tuple[LawLine, ...]]:
    """An action with its linked cases (an audited view), and when it is on no law, the
    laws its form may put it on."""
    view = advocacy_action(session, action_id)
    if view.law_id is not None:
        return view, ()
    lines = laws_page(session, LawFilter(), 0, LAW_CHOICES)
    return view, tuple(sorted(lines, key=lambda line: line.title.casefold()))


def action_columns() -> list[Column]:
    date = widest_date()
    return [Column(_("Date"), date), Column(_("Kind"), 10, least=6, gives_way=3),
            Column(_("With"), 14, least=8, gives_way=2),
            Column(_("Law"), 16, least=8, gives_way=1), Column(_("Summary"), least=10),
            Column(_("Follow-up"), date + 1, gives_way=4)]


def follow_up_text(view: ActionView, today: dt.date) -> str:
    """The follow-up's date, marked done (✓) or overdue (*)."""
    task = view.follow_up
    if task is None:
        return ""
    if task.done_at is not None:
        return DONE_MARK + format_date(task.due_on)
    return (OVERDUE_MARK if task.overdue(today) else "") + format_date(task.due_on)


def with_whom(view: ActionView) -> str:
    """The body met when named (the more telling in a narrow column), else the
    institution."""
    return view.target_name or choice_label("institution", view.institution)


def action_row(view: ActionView, today: dt.date) -> VirtualRow:
    """An action's row; its last cell, which no column shows, is the line under the
    table."""
    return VirtualRow(view.id, (
        format_date(view.taken_on), choice_label("action_kind", view.kind), with_whom(view),
        view.law_title or _("no law"), view.summary, follow_up_text(view, today),
        action_line(view, today)))


def action_line(view: ActionView, today: dt.date) -> str:
    """The line under the table: what the columns cut first (the summary, then what is
    next), then with whom and on what."""
    parts = [view.summary]
    task = view.follow_up
    if task is not None:
        state = (_("done") if task.done_at is not None
                 else _("OVERDUE") if task.overdue(today) else _("open"))
        parts.append(_("next: {step}, by {date} ({state})").format(
            step=view.next_step or "-", date=format_date(task.due_on), state=state))
    parts += [part for part in (view.target_person, view.target_name) if part]
    parts.append(choice_label("institution", view.institution))
    parts.append(view.law_title or _("no law"))
    return " · ".join(parts)


def period_form(app: Shell, start: dt.date, end: dt.date) -> FormScreen[ActionsRead]:
    """The period of the actions shown; the form reads what it holds before it closes."""

    async def submit(values: Values) -> ActionsRead:
        first = full_date(values, "start")
        if first is None:
            raise ValidationError("start", N_("Give the first day of the period."))
        last = full_date(values, "end") or app.today()
        if last < first:
            raise ValidationError("end", N_("The period cannot end before it starts."))
        return await app.call_db(read_actions, app.require_session(), first, last)

    return FormScreen(_("Period of the actions"), [
        FormField("start", _("From"), value=start.isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("end", _("To"), value=end.isoformat(), placeholder=_("left empty: today"),
                  aliases=("to",))], submit)
