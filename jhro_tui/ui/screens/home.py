"""Home: who is logged in, and the day's work (open cases, follow-ups, protection reviews,
an officer's next hearings, a supervisor's overdue court steps and the office's caseload).

Each list opens, with Enter, the case of its row (a hearing: its proceeding's case); each
figure of the caseload, the case list behind it. A supervisor's ``r`` starts the review
queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext, widest_date
from jhro_tui.services.cases import home_summary
from jhro_tui.services.forms import choice_label
from jhro_tui.services.home import CASELOAD_STATUSES
from jhro_tui.services.listing import CaseQuery
from jhro_tui.services.views import Caseload, CaseSummary, FollowUpView, HomeSummary
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.advocacy.law_page import open_action
from jhro_tui.ui.detention.views import open_visit
from jhro_tui.ui.justice.opening import open_after_reading, open_proceeding_case
from jhro_tui.ui.safe import plain, plain_text
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.cases import CaseListScreen, count_and_first_page, status_column
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold

ROLE_LABELS = {"officer": N_("Human rights officer"), "supervisor": N_("Supervisor"),
               "admin": N_("Administrator")}


register(Action("home.review", "r", "review_queue", N_("review"),
                N_("Review queue, oldest submission first"), scope="home",
                footer=N_("Review queue")))


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


class HomeScreen(JhroScreen):
    SCOPE = "home"
    HOLDS_CASE_DATA = True
    # Focused in ``on_mount`` without scrolling it into view: the body scrolls, and
    # Textual's auto-focus scrolled the first list's title and header out of it.
    AUTO_FOCUS = ""

    def __init__(self, summary: HomeSummary | None = None) -> None:
        """``summary``, when it was read before the screen was put up, shows at once."""
        super().__init__()
        self.summary = summary
        self.follow_ups: dict[int, FollowUpView] = {}
        """The follow-ups listed, by id: a case's opens the case, a visit's the visit."""
        self.caseload: Caseload | None = None
        self._resumed_before = False

    def compose(self) -> ComposeResult:
        user = self.jhro.require_session().user
        office = user.office or _("no field office")
        with Vertical(id="home-header", classes="bar"):
            yield Label(plain(user.full_name or user.name), id="home-name")
            yield Label(plain(f"{role_label(user.role)} · {office} · "
                              f"{format_date(self.jhro.today())}"), id="home-role")
            # In the header, not the body: the figure that matters most stays on an
            # 80x24 screen whatever the lists below hold.
            held = Label("", id="home-held-past-limit")
            held.display = False
            yield held
        yield KeyBar()
        body = VerticalScroll(id="home-body")
        body.can_focus = False  # Tab goes from list to list; each one scrolls into view
        with body:
            if user.role == "admin":
                yield Static(plain(_("F7: accounts and offices: add an account, reset a "
                                     "passphrase, change a role or an office, disable an "
                                     "account, verify the audit trail.")), id="home-admin")
                yield Static(plain(_("F9 changes your own passphrase, F2 the language. Case "
                                     "files are for officers and supervisors; keys are "
                                     "rotated from the command line (jhro rekey).")),
                             classes="placeholder")
                return
            if user.role == "supervisor":
                with Vertical(id="home-caseload-box", classes="home-list"):
                    yield Label(plain(_("Caseload of the office")), classes="section-title",
                                id="home-caseload-title")
                    yield caseload_table()
            for table_id, title, columns in (
                    ("home-cases", _("My open cases"), home_columns()),
                    ("home-validate", _("To validate"), home_columns()),
                    ("home-follow-ups", _("Follow-ups"),
                     follow_up_columns(with_assignee=user.role == "supervisor")),
                    ("home-reviews", _("Protection reviews"), review_columns())):
                table = VirtualTable(columns, _no_more_pages, id=table_id)
                with Vertical(id=f"{table_id}-box", classes="home-list"):
                    yield Label(plain(title), classes="section-title", id=f"{table_id}-title")
                    yield ColumnHeader(table)
                    yield table
                    if table_id in AGENDA:
                        yield Label(plain(_("Nothing due.")), classes="placeholder",
                                    id=f"{table_id}-none")
                if table_id == "home-follow-ups":
                    yield from self._justice()

    def _justice(self) -> ComposeResult:
        """Court work, shown only once there is some: an officer's next hearings, a
        supervisor's count of overdue steps (the Justice screen, F12, lists them)."""
        if self.jhro.require_session().user.role == "supervisor":
            # A supervisor's line only: a table of hearings nobody fills costs the home
            # its layout (the home is timed in bench/).
            overdue = Label("", classes="section-title", id="home-justice-overdue")
            overdue.display = False
            yield overdue
            return
        hearings = VirtualTable(hearing_columns(), _no_more_pages, id="home-hearings")
        box = Vertical(id="home-hearings-box", classes="home-list")
        box.display = False
        with box:
            yield Label(plain(_("My next hearings")), classes="section-title")
            yield ColumnHeader(hearings)
            yield hearings

    def on_mount(self) -> None:
        role = self.jhro.require_session().user.role
        if role == "admin":
            return
        first = "#home-caseload" if role == "supervisor" else "#home-cases"
        self.query_one(first).focus(scroll_visible=False)
        if self.summary is not None:
            self.show(self.summary)
        else:
            self.load()

    def route(self) -> Route:
        return HomeScreen

    def help_notes(self) -> list[tuple[str, str]]:
        if self.jhro.require_session().user.role != "supervisor":
            return []
        return [("← → ↑ ↓ Enter", _("caseload: the cases behind a figure"))]

    def on_screen_resume(self) -> None:
        """Coming back (ctrl+g, Escape) shows the work as it is now, not as at login."""
        if self._resumed_before and self.jhro.require_session().user.role != "admin":
            self.load()
        self._resumed_before = True

    @work(exclusive=True, group="home", exit_on_error=False)
    async def load(self) -> None:
        app = self.jhro
        try:
            summary = await app.call_db(home_summary, app.require_session())
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(summary)

    def show(self, summary: HomeSummary) -> None:
        self.summary = summary
        self._fill("#home-cases", summary.open_cases)
        self.query_one("#home-cases-title", Label).update(plain(
            _("My open cases ({count})").format(count=format_number(summary.open_case_count))))
        shown = self.jhro.require_session().user.role == "supervisor"
        self.query_one("#home-validate-box").display = shown
        if shown:
            self._fill("#home-validate", summary.to_validate)
            self.query_one("#home-validate-title", Label).update(plain(
                _("To validate ({count})").format(
                    count=format_number(summary.to_validate_count))))
        if summary.caseload is not None:
            self._show_caseload(summary.caseload)
        self.follow_ups = {task.id: task for task in (*summary.follow_ups_overdue,
                                                      *summary.follow_ups_due)}
        self._fill_rows("#home-follow-ups", [
            VirtualRow(task.id, (mark, format_date(task.due_on), _follow_up_of(task),
                                 *((task.assigned_to,) if shown else ()), task.description))
            for mark, tasks in ((_("OVERDUE"), summary.follow_ups_overdue),
                                (_("due"), summary.follow_ups_due))
            for task in tasks])
        held = self.query_one("#home-held-past-limit", Label)
        held.display = bool(summary.held_past_limit)
        held.update(plain(_("Held past the legal limit in my office: {count} (F11)").format(
            count=format_number(summary.held_past_limit))))
        overdue, due = summary.follow_ups_overdue_count, summary.follow_ups_due_count
        self.query_one("#home-follow-ups-title", Label).update(plain(
            _("Follow-ups ({overdue} overdue, {due} due within a week)").format(
                overdue=format_number(overdue), due=format_number(due))
            if overdue or due else _("Follow-ups")))
        self._fill_rows("#home-reviews", [
            VirtualRow(review.case_id, (_("OVERDUE") if review.overdue(summary.today)
                                        else _("due"), format_date(review.review_on),
                                        review.case_reference, review.victim_code,
                                        choice_label("risk_level", review.risk_level)))
            for review in summary.protection_reviews_due])
        if not self.query("#home-justice-overdue"):
            self._fill_rows("#home-hearings", [
                VirtualRow(hearing.proceeding_id, (format_date(hearing.on), hearing.label))
                for hearing in summary.next_hearings])
            self.query_one("#home-hearings-box").display = bool(summary.next_hearings)
            return
        justice_line = self.query_one("#home-justice-overdue", Label)
        justice_line.display = bool(summary.justice_overdue)
        justice_line.update(plain(ngettext(
            "Justice: {count} proceeding with a next step overdue (F12)",
            "Justice: {count} proceedings with a next step overdue (F12)",
            summary.justice_overdue).format(count=format_number(summary.justice_overdue))))

    def _show_caseload(self, load: Caseload) -> None:
        """Officers by status, and the cases no officer holds; the cursor stays on the
        figure it was on (coming back from the list behind it)."""
        table = self.query_one("#home-caseload", DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        self.caseload = load
        for row in (*load.officers, load.unassigned):
            name = (row.full_name or row.officer) if row.officer else _("Unassigned")
            table.add_row(plain_text(name), *(_figure(count) for count in row.counts),
                          _figure(row.late) if row.officer else Text(""))
        table.cursor_coordinate = table.validate_cursor_coordinate(cursor)

    @on(DataTable.CellSelected, "#home-caseload")
    def _open_figure(self, event: DataTable.CellSelected) -> None:
        """Enter on a figure: the case list of exactly those cases."""
        event.stop()
        load = self.caseload
        query = caseload_query(load, event.coordinate.row, event.coordinate.column) \
            if load is not None else None
        if query is None:
            return
        open_after_reading(self, count_and_first_page, (query, CaseListScreen.PAGE_SIZE),
                           lambda found: CaseListScreen(query, focus_table=True, found=found),
                           group="home-caseload-list")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_queue":
            return self.jhro.require_session().user.role == "supervisor"
        return super().check_action(action, parameters)

    def action_review_queue(self) -> None:
        if self.check_action("review_queue", ()):
            self._review(self.jhro.hold_keys())

    @work(exclusive=True, group="home-review", exit_on_error=False)
    async def _review(self, hold: KeyHold) -> None:
        """The oldest submitted case of the office, in the review queue (read first; the
        keys typed meanwhile are for it)."""
        # Here: the case file imports the home (its forms name roles as the home does).
        from jhro_tui.ui.screens.case_detail import CaseDetailScreen, next_in_review

        app = self.jhro
        with hold:
            try:
                queue, detail = await app.call_db(next_in_review, app.require_session())
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            if queue.case_id is None or detail is None:
                self.notify(_("The review queue is empty: no case of your office is "
                              "waiting for validation."), markup=False)
                return
            self.app.push_screen(CaseDetailScreen(queue.case_id, detail, review=queue))

    def _fill(self, selector: str, cases: tuple[CaseSummary, ...]) -> None:
        self._fill_rows(selector, [VirtualRow(case.id, (case.reference, case.title,
                                                        choice_label("status", case.status)))
                                   for case in cases])

    def _fill_rows(self, selector: str, rows: list[VirtualRow]) -> None:
        table = self.query_one(selector, VirtualTable)
        table.reset(len(rows), first_page=rows)
        self.query_one(f"{selector}-box ColumnHeader").display = bool(rows)
        if selector.removeprefix("#") in AGENDA:
            table.display = bool(rows)
            self.query_one(f"{selector}-none").display = not rows

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        if event.table.id == "home-hearings":
            open_proceeding_case(self, event.row.key)
        elif event.table.id == "home-follow-ups":
            task = self.follow_ups[event.row.key]
            if task.case_id is not None:
                self.jhro.open_case(task.case_id)
            elif task.visit_id is not None:
                open_visit(self, task.visit_id)
            elif task.action_id is not None:
                open_action(self, task.action_id)
        else:
            self.jhro.open_case(event.row.key)


def _follow_up_of(task: FollowUpView) -> str:
    """What the follow-up belongs to: a case's reference, an advocacy action, else a
    detention visit."""
    if task.case_id is not None:
        return task.case_reference
    return _("advocacy") if task.action_id is not None else _("visit")


AGENDA = ("home-follow-ups", "home-reviews")
"""The lists that say "Nothing due." when empty; their rows open the case they belong to."""


def caseload_table() -> DataTable[Text]:
    """A supervisor's caseload: a line per officer and one for the unassigned cases, a
    column per status, then the late cases; the cursor moves from figure to figure."""
    # No padding: right-aligned figures one cell wider than their titles keep the table
    # within 80 columns, its scrollbar included.
    table: DataTable[Text] = DataTable(id="home-caseload", cursor_type="cell",
                                       zebra_stripes=False, cell_padding=0)
    table.add_column(Text(_("Officer")), width=18)
    for title in (*(choice_label("status", status) for status in CASELOAD_STATUSES),
                  _("Late")):
        table.add_column(Text(title, justify="right"), width=max(5, len(title)) + 1)
    return table


def caseload_query(load: Caseload, row: int, column: int) -> CaseQuery | None:
    """The case list's filters for the figure at (``row``, ``column``) of the caseload:
    an officer's cases of a status, their late cases, or the unassigned cases of a
    status; None for a name."""
    if column == 0 or row > len(load.officers):
        return None
    office = load.office
    if row == len(load.officers):
        if column > len(CASELOAD_STATUSES):
            return None
        return CaseQuery(office=office, unassigned=True, status=CASELOAD_STATUSES[column - 1])
    officer = load.officers[row].officer
    if column > len(CASELOAD_STATUSES):
        return CaseQuery(office=office, follow_up_of=officer, follow_up_before=load.today)
    return CaseQuery(office=office, officer=officer, status=CASELOAD_STATUSES[column - 1])


def _figure(count: int) -> Text:
    """A figure of the caseload, right-aligned; none is a dot, easier to read past."""
    return Text(format_number(count) if count else "·", justify="right")


def home_columns() -> list[Column]:
    return [Column(_("Reference"), 15), Column(_("Title"), least=20), status_column()]


def follow_up_columns(*, with_assignee: bool = False) -> list[Column]:
    """A supervisor's list holds the office's follow-ups: it says who does each."""
    return [mark_column(), date_column(_("Due on")), Column(_("Reference"), 15),
            *([Column(_("Who"), 14)] if with_assignee else []), Column(_("To do"), least=20)]


def review_columns() -> list[Column]:
    return [mark_column(), date_column(_("Review")), Column(_("Reference"), 15),
            Column(_("Victim"), 7), Column(_("Protection risk"), least=12)]


def hearing_columns() -> list[Column]:
    return [date_column(_("Hearing")), Column(_("Proceeding"), least=20)]


def mark_column() -> Column:
    marks = (_("OVERDUE"), _("due"))
    return Column("", max(len(mark) for mark in marks))


def date_column(title: str) -> Column:
    return Column(title, max(len(title), widest_date()))


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """The home lists hold at most one page, given whole to ``reset``."""
    return []
