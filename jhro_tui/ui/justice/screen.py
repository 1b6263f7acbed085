"""The Justice screen: hearings this week and next, proceedings by stage, proceedings with
no hearing for a while, reparations ordered and unpaid, the office's mobile court
sessions. Enter on a proceeding opens the case file of its first case; on a session, the
session's view."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
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
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.home import date_column
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

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


class JusticeScreen(JhroScreen):
    """What the office's court work needs next (officers and supervisors)."""

    SCOPE = "justice"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ""
    LISTS: ClassVar[tuple[str, ...]] = ("justice-hearings", "justice-quiet", "justice-unpaid",
                                        SESSIONS)

    def __init__(self, shown: JusticeOverview | None = None) -> None:
        """``shown``, when it was read before the screen was put up, shows at once."""
        super().__init__()
        self.shown = shown
        self._resumed_before = False

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
                with Vertical(id=f"{table_id}-box", classes="home-list"):
                    yield Label("", classes="section-title", id=f"{table_id}-title")
                    if columns is None:
                        yield Static("", id="justice-stage-counts")
                        continue
                    table = VirtualTable(columns, _no_more_pages, id=table_id)
                    yield ColumnHeader(table)
                    yield table
                    yield Label(plain(_("Nothing to show.")), classes="placeholder",
                                id=f"{table_id}-none")

    def on_mount(self) -> None:
        if self.shown is not None:
            self.show(self.shown)
        else:
            self.load()

    def route(self) -> Route:
        return JusticeScreen

    def on_screen_resume(self) -> None:
        """Back from a session or a case file: the lists as they are now (a session
        removed, a hearing recorded)."""
        if self._resumed_before:
            self.load()
        self._resumed_before = True

    @work(exclusive=True, group="justice", exit_on_error=False)
    async def load(self) -> None:
        app = self.jhro
        try:
            shown = await app.call_db(overview, app.require_session())
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(shown)

    def action_reload(self) -> None:
        self.load()

    def show(self, shown: JusticeOverview) -> None:
        self.shown = shown
        self.query_one("#justice-day", Label).update(plain(format_date(shown.today)))
        self._title("justice-hearings", _("Hearings this week and next"),
                    len(shown.hearings), len(shown.hearings))
        self._fill("justice-hearings", [
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
        self._title("justice-quiet", _("No hearing for {days} days").format(
            days=format_number(shown.quiet_days)), len(shown.quiet), shown.quiet_total)
        self._fill("justice-quiet", [
            VirtualRow(line.id, (_last_heard(line), line.label,
                                 choice_label("proceeding_stage", line.stage)))
            for line in shown.quiet])
        self._title("justice-unpaid", _("Reparations ordered and unpaid"), len(shown.unpaid),
                    shown.unpaid_total)
        self._fill("justice-unpaid", [
            VirtualRow(line.proceeding_id, (
                format_date(line.ordered_on), line.proceeding_label, line.accused_code,
                format_number(line.amount), format_number(line.paid), line.currency))
            for line in shown.unpaid])
        self._title(SESSIONS, _("Mobile court sessions"), len(shown.sessions),
                    len(shown.sessions))
        self._fill(SESSIONS, [VirtualRow(view.id, (format_date(view.start_on),
                                                   format_date(view.end_on), view.label))
                              for view in shown.sessions])
        if self.focused is None:
            first = next((self.query_one(f"#{table_id}", VirtualTable)
                          for table_id in self.LISTS
                          if self.query_one(f"#{table_id}", VirtualTable).display), None)
            if first is not None:
                first.focus(scroll_visible=False)

    def _title(self, table_id: str, title: str, shown: int, total: int) -> None:
        """The title with its count; a list cut at ``LIST_LIMIT`` says how many it shows."""
        if total > shown or shown >= LIST_LIMIT:
            counted = _("{title} (the first {shown} of {total})").format(
                title=title, shown=format_number(shown),
                total=format_number(total) if total > shown else f"{format_number(total)}+")
        else:
            counted = f"{title} ({format_number(total)})"
        self.query_one(f"#{table_id}-title", Label).update(plain(counted))

    def _fill(self, table_id: str, rows: list[VirtualRow]) -> None:
        table = self.query_one(f"#{table_id}", VirtualTable)
        table.reset(len(rows), first_page=rows)
        table.display = bool(rows)
        self.query_one(f"#{table_id}-box ColumnHeader").display = bool(rows)
        self.query_one(f"#{table_id}-none").display = not rows

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
            self.show(await self.jhro.call_db(overview, self.jhro.require_session()))
            return view

        def saved(view: SessionView | None) -> None:
            if view is not None:
                self.open_session(view.id)

        form.then(read_back)
        self.app.push_screen(form, saved)

    def action_back(self) -> None:
        self.jhro.go_back()

    def help_notes(self) -> list[tuple[str, str]]:
        return [("Tab", _("list: to the next list (shift+Tab: the previous one)")),
                ("↑ ↓ PgUp PgDn", _("list: move")),
                ("Enter", _("on a proceeding: its case file; on a session: its figures"))]


def _last_heard(line: ProceedingLine) -> str:
    return format_date(line.last_hearing_on) if line.last_hearing_on else _("never")


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """Each list holds at most ``LIST_LIMIT`` rows, given whole to ``reset``."""
    return []
