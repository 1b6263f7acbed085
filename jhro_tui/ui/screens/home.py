"""Home: who is logged in, and the day's work (open cases, follow-ups, protection reviews)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number
from jhro_tui.services.cases import home_summary
from jhro_tui.services.forms import choice_label
from jhro_tui.services.views import CaseSummary, HomeSummary
from jhro_tui.text import sanitize
from jhro_tui.ui.safe import plain, plain_text
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.widgets.key_bar import KeyBar

ROLE_LABELS = {"officer": N_("Human rights officer"), "supervisor": N_("Supervisor"),
               "admin": N_("Administrator")}


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


class HomeScreen(JhroScreen):
    SCOPE = "home"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#home-cases"

    def compose(self) -> ComposeResult:
        user = self.jhro.require_session().user
        office = user.office or _("no field office")
        with Vertical(id="home-header", classes="bar"):
            yield Label(plain(user.full_name or user.name), id="home-name")
            yield Label(plain(f"{role_label(user.role)} · {office} · "
                              f"{format_date(self.jhro.today())}"), id="home-role")
        yield KeyBar()
        with VerticalScroll(id="home-body"):
            if user.role == "admin":
                yield Static(plain(_("Administrators manage accounts and keys from the "
                                     "command line (jhro user, jhro rekey, jhro audit "
                                     "verify); case files are for officers and "
                                     "supervisors.")), classes="placeholder")
                return
            yield Label(plain(_("My open cases")), classes="section-title",
                        id="home-cases-title")
            yield DataTable(id="home-cases", cursor_type="row", zebra_stripes=False,
                            show_cursor=True)
            yield Label(plain(_("To validate")), classes="section-title", id="home-validate-title")
            yield DataTable(id="home-validate", cursor_type="row")
            yield Label(plain(_("Follow-ups")), classes="section-title")
            yield Static("", id="home-follow-ups")
            yield Label(plain(_("Protection reviews")), classes="section-title")
            yield Static("", id="home-reviews")

    def on_mount(self) -> None:
        for table_id in ("#home-cases", "#home-validate"):
            for table in self.query(table_id).results(DataTable):
                table.add_column(plain_text(_("Reference")), width=15)
                table.add_column(plain_text(_("Title")), width=40)
                table.add_column(plain_text(_("Status")), width=12)
        if self.jhro.require_session().user.role != "admin":
            self.load()

    def route(self) -> Route:
        return HomeScreen

    def on_screen_resume(self) -> None:
        """Coming back (ctrl+g, Escape) shows the work as it is now, not as at login."""
        if self.is_mounted and self.jhro.require_session().user.role != "admin":
            self.load()

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
        self._fill("#home-cases", summary.open_cases)
        self.query_one("#home-cases-title", Label).update(plain(
            _("My open cases ({count})").format(count=format_number(summary.open_case_count))))
        validate = self.query_one("#home-validate", DataTable)
        validate_title = self.query_one("#home-validate-title", Label)
        shown = self.jhro.require_session().user.role == "supervisor"
        validate.display = validate_title.display = shown
        if shown:
            self._fill("#home-validate", summary.to_validate)
            validate_title.update(plain(_("To validate ({count})").format(
                count=format_number(summary.to_validate_count))))
        lines = [f"{_('OVERDUE')}  {task.due_on.isoformat()}  {sanitize(task.case_reference)}"
                 f"  {sanitize(task.description)}" for task in summary.follow_ups_overdue]
        lines += [f"{_('due')}  {task.due_on.isoformat()}  {sanitize(task.case_reference)}"
                  f"  {sanitize(task.description)}" for task in summary.follow_ups_due]
        self.query_one("#home-follow-ups", Static).update(
            plain("\n".join(lines) or _("Nothing due."), multiline=True))
        reviews = [f"{review.review_on.isoformat()}  {sanitize(review.case_reference)}  "
                   f"{sanitize(review.victim_code)}  "
                   f"{choice_label('risk_level', review.risk_level)}"
                   for review in summary.protection_reviews_due]
        self.query_one("#home-reviews", Static).update(
            plain("\n".join(reviews) or _("Nothing due."), multiline=True))

    def _fill(self, selector: str, cases: tuple[CaseSummary, ...]) -> None:
        table = self.query_one(selector, DataTable)
        table.clear()
        for case in cases:
            table.add_row(plain_text(case.reference), plain_text(case.title),
                          plain_text(choice_label("status", case.status)), key=str(case.id))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.jhro.open_case(int(event.row_key.value))
