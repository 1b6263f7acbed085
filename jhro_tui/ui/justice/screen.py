"""The Justice screen: hearings this week and next, proceedings by stage, proceedings with
no hearing for a while, reparations ordered and unpaid, the office's mobile court
sessions. Enter on a proceeding opens the case file of its first case; on a session, the
session's view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.i18n import N_, _, format_date, format_number
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice.figures import session_figures
from jhro_tui.services.justice.overview import (
    LIST_LIMIT,
    JusticeOverview,
    ProceedingLine,
    overview,
)
from jhro_tui.services.justice.views import SessionView
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.justice.forms import session_form
from jhro_tui.ui.justice.opening import open_after_reading, open_proceeding_case
from jhro_tui.ui.justice.session import SessionScreen
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import Route
from jhro_tui.ui.screens.home import date_column
from jhro_tui.ui.screens.lists_view import ListsScreen, list_box
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow, VirtualTable

for _action in (
    Action("justice.new_session", "n", "new_session", N_("justice"),
           N_("New mobile court session"), scope="justice", footer=N_("New session")),
    Action("justice.reload", "f5", "reload", N_("justice"), N_("Reload"), scope="justice",
           show=False),
    Action("justice.back", "escape", "back", N_("go"), N_("Back"), scope="justice"),
):
    register(_action)

SESSIONS = "justice-sessions"
"""The list whose rows are sessions; the other lists' rows are proceedings."""


def proceeding_columns(date_title: str) -> list[Column]:
    return [date_column(date_title), Column(_("Proceeding"), least=20),
            Column(_("Stage"), 20, least=12, gives_way=1)]


def unpaid_columns() -> list[Column]:
    return [date_column(_("Ordered")), Column(_("Proceeding"), least=14),
            Column(_("Accused"), 8, gives_way=1), Column(_("Amount"), 11, align="right"),
            Column(_("Paid"), 11, align="right"), Column("", 4)]


def session_columns() -> list[Column]:
    return [date_column(_("From")), date_column(_("To")), Column(_("Session"), least=20)]


class JusticeScreen(ListsScreen[JusticeOverview]):
    """What the office's court work needs next (officers and supervisors)."""

    SCOPE = "justice"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ""
    LIST_LIMIT = LIST_LIMIT
    LISTS: ClassVar[tuple[str, ...]] = ("justice-hearings", "justice-quiet", "justice-unpaid",
                                        SESSIONS)

    def compose(self) -> ComposeResult:
        with Vertical(id="justice-header", classes="bar"):
            yield Label(plain(_("Justice")), id="justice-title")
            yield Label("", id="justice-day")
        yield KeyBar()
        body = VerticalScroll(id="justice-body")
        body.can_focus = False  # Tab goes from list to list, as on the home screen
        with body:
            for table_id, columns in (
                    ("justice-hearings", proceeding_columns(_("Hearing"))),
                    ("justice-stages", None),
                    ("justice-quiet", proceeding_columns(_("Last heard"))),
                    ("justice-unpaid", unpaid_columns()),
                    (SESSIONS, session_columns())):
                if columns is None:
                    with Vertical(id=f"{table_id}-box", classes="home-list"):
                        yield Label("", classes="section-title", id=f"{table_id}-title")
                        yield Static("", id="justice-stage-counts")
                    continue
                yield from list_box(table_id, columns)

    def route(self) -> Route:
        return JusticeScreen

    def reader(self) -> tuple[Callable[..., JusticeOverview], tuple[Any, ...]]:
        return overview, ()

    def show(self, shown: JusticeOverview) -> None:
        self.shown = shown
        self.query_one("#justice-day", Label).update(plain(format_date(shown.today)))
        self.title_list("justice-hearings", _("Hearings this week and next"),
                    len(shown.hearings), len(shown.hearings))
        self.fill_list("justice-hearings", [
            VirtualRow(line.id, (format_date(line.next_hearing_on) if line.next_hearing_on else "",
                                 line.label,
                                 choice_label("proceeding_stage", line.stage)))
            for line in shown.hearings])
        self.query_one("#justice-stages-title", Label).update(plain(
            _("Proceedings by stage ({count})").format(
                count=format_number(sum(shown.by_stage.values())))))
        self.query_one("#justice-stage-counts", Static).update(plain("   ".join(
            _("{stage}: {count}").format(stage=choice_label("proceeding_stage", stage),
                                         count=format_number(count))
            for stage, count in shown.by_stage.items())))
        self.title_list("justice-quiet", _("No hearing for {days} days").format(
            days=format_number(shown.quiet_days)), len(shown.quiet), shown.quiet_total)
        self.fill_list("justice-quiet", [
            VirtualRow(line.id, (_last_heard(line), line.label,
                                 choice_label("proceeding_stage", line.stage)))
            for line in shown.quiet])
        self.title_list("justice-unpaid", _("Reparations ordered and unpaid"), len(shown.unpaid),
                    shown.unpaid_total)
        self.fill_list("justice-unpaid", [
            VirtualRow(line.proceeding_id, (
                format_date(line.ordered_on), line.proceeding_label, line.accused_code,
                format_number(line.amount), format_number(line.paid), line.currency))
            for line in shown.unpaid])
        self.title_list(SESSIONS, _("Mobile court sessions"), len(shown.sessions),
                    len(shown.sessions))
        self.fill_list(SESSIONS, [VirtualRow(view.id, (format_date(view.start_on),
                                                   format_date(view.end_on), view.label))
                              for view in shown.sessions])
        self.focus_first_list()

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        if event.table.id == SESSIONS:
            self.open_session(event.row.key)
        else:
            open_proceeding_case(self, event.row.key)

    def open_session(self, session_id: int) -> None:
        open_after_reading(self, session_figures, (session_id,),
                           lambda found: SessionScreen(session_id, found),
                           group="open-justice-session")

    def action_new_session(self) -> None:
        form = session_form(self.jhro)

        async def read_back(view: SessionView) -> SessionView:
            self.show(await self.read())
            return view

        def saved(view: SessionView | None) -> None:
            if view is not None:
                self.open_session(view.id)

        form.then(read_back)
        self.app.push_screen(form, saved)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("Tab", _("list: to the next list (shift+Tab: the previous one)")),
                ("↑ ↓ PgUp PgDn", _("list: move")),
                ("Enter", _("on a proceeding: its case file; on a session: its figures"))]


def _last_heard(line: ProceedingLine) -> str:
    return format_date(line.last_hearing_on) if line.last_hearing_on else _("never")
