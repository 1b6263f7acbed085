"""Marking cases in the case list, and giving the marked cases to another officer at once
(a supervisor's: ``cases.reassign_cases``, all or nothing).

Marks are case ids the screen keeps while it is open; the table paints them in a column
of their own, at the left of each row, without reading a page again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual import work
from textual.strip import Strip

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _, format_number, ngettext
from jhro_tui.services.cases import reassign_candidates, reassign_cases
from jhro_tui.services.views import AccountChoice, CaseSummary
from jhro_tui.ui.actions import Action
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.screens.base import JhroScreen
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice
from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold
    from jhro_tui.ui.shell import Shell

MARK = "✓"
SHOWN_REFERENCES = 6
"""References the reassign form names before it says "and N more"."""

MARK_ACTIONS = (
    Action("cases.mark", "space", "toggle_mark", N_("case"), N_("Mark or unmark the case"),
           scope="cases", footer=N_("Mark")),
    Action("cases.unmark", "u", "clear_marks", N_("case"), N_("Unmark every case"),
           scope="cases", show=False),
    Action("cases.reassign", "g", "reassign", N_("case"),
           N_("Reassign the marked cases…"), scope="cases", footer=N_("Reassign")),
)
"""Registered by the case list, after its own keys (help and the palette list them so)."""


def mark_column() -> Column:
    return Column("", 1)


class MarkingTable(VirtualTable):
    """The case list with a column of marks (``marks``: the marked cases' references, by
    id); a row's mark is painted from them, so marking repaints one line."""

    def __init__(self, columns: Sequence[Column], loader: Any, **options: Any) -> None:
        super().__init__([mark_column(), *columns], loader, **options)
        self.marks: dict[int, str] = {}

    def _format(self, row: VirtualRow, width: int, style: Style) -> Strip:
        marked = MARK if row.key in self.marks else ""
        return super()._format(replace(row, cells=(marked, *row.cells)), width, style)


class Marking(JhroScreen):
    """What the case list does with marks: a supervisor's only (``check_action``)."""

    def marking_table(self) -> MarkingTable | None:
        tables = self.query(MarkingTable)
        return tables.first() if tables else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_mark", "clear_marks", "reassign"):
            table = self.marking_table()
            if table is None:
                return False
            if action == "toggle_mark":
                return self.focused is table
            return bool(table.marks)
        return super().check_action(action, parameters)

    def action_toggle_mark(self) -> None:
        table = self.marking_table()
        row = table.current_row if table is not None else None
        if table is None or row is None:
            return
        if table.marks.pop(row.key, None) is None:
            table.marks[row.key] = row.cells[0]
        table.refresh_line(table.cursor)
        table.action_cursor_down()
        self._marks_changed()

    def action_clear_marks(self) -> None:
        table = self.marking_table()
        if table is not None and table.marks:
            table.marks.clear()
            table.refresh()
            self._marks_changed()

    def _marks_changed(self) -> None:
        table = self.marking_table()
        count = len(table.marks) if table is not None else 0
        self.show_marks(ngettext("{count} marked", "{count} marked", count).format(
            count=format_number(count)) if count else "")
        self.refresh_bindings()

    def show_marks(self, text: str) -> None:
        """Say how many cases are marked (the list's bar)."""

    def action_reassign(self) -> None:
        table = self.marking_table()
        if table is not None and table.marks:
            self._reassign(dict(table.marks), self.jhro.hold_keys())

    @work(exclusive=True, group="case-reassign", exit_on_error=False)
    async def _reassign(self, marks: dict[int, str], hold: KeyHold) -> None:
        app = self.jhro
        with hold:
            try:
                offered = await app.call_db(reassign_candidates, app.require_session())
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            self.app.push_screen(reassign_form(app, marks, offered), self._reassigned)

    def _reassigned(self, done: tuple[CaseSummary, ...] | None) -> None:
        if not done:
            return
        self.notify(ngettext("{count} case reassigned to {officer}.",
                             "{count} cases reassigned to {officer}.", len(done)).format(
            count=format_number(len(done)),
            officer=done[0].officer_full_name or done[0].officer), markup=False)
        table = self.marking_table()
        if table is not None:
            table.marks.clear()
        self._marks_changed()
        self.marks_reassigned()

    def marks_reassigned(self) -> None:
        """The list read again, now that the marked cases changed hands."""


def reassign_form(app: Shell, marks: dict[int, str], offered: Sequence[AccountChoice]
                  ) -> FormScreen[tuple[CaseSummary, ...]]:
    """Whom the marked cases go to: an active officer or supervisor of the office."""
    from jhro_tui.ui.screens.home import role_label  # the home imports the case list

    async def submit(values: Values) -> tuple[CaseSummary, ...]:
        officer = values.get("officer")
        if not officer:
            raise ValidationError("officer", N_("Choose one from the list."))
        done: tuple[CaseSummary, ...] = await call(app, reassign_cases, list(marks), officer)
        return done

    references = list(marks.values())
    named = ", ".join(references[:SHOWN_REFERENCES])
    if len(references) > SHOWN_REFERENCES:
        named += " " + _("and {count} more").format(
            count=format_number(len(references) - SHOWN_REFERENCES))
    choices = [Choice(account.name, account.full_name or account.name,
                      " · ".join(part for part in (account.name, role_label(account.role)
                                                   if account.role != "officer" else "")
                                 if part))
               for account in offered]
    return FormScreen(
        ngettext("Reassign {count} case", "Reassign {count} cases", len(marks)).format(
            count=format_number(len(marks))),
        [FormField("officer", _("Assign to"), "choice", None, choices,
                   placeholder=_("an officer of your office"))],
        submit, intro=_("{cases}: all of them go to the officer you choose, or none does."
                        ).format(cases=named))
