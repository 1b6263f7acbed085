"""The Detention screen: the office's facilities with their headcounts, the detainees
held past the legal limit (the longest over first), the visits of the period and the
releases by basis. Enter on a detainee opens the detainee, on a visit the visit, on a
facility its form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number
from jhro_tui.services.detention.facilities import remove_facility
from jhro_tui.services.detention.overview import LIST_LIMIT, DetentionOverview, overview
from jhro_tui.services.detention.views import DetaineeRow, FacilityView
from jhro_tui.services.forms import choice_label
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.detention.forms import detainee_form, facility_form, visit_form
from jhro_tui.ui.detention.views import open_detainee, open_visit, over_text
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import Route
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, confirm_then
from jhro_tui.ui.screens.home import date_column
from jhro_tui.ui.screens.lists_view import ListsScreen, list_box
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow, VirtualTable

for _action in (
    Action("detention.new_facility", "f", "new_facility", N_("detention"),
           N_("New facility"), scope="detention", footer=N_("Facility")),
    Action("detention.new_visit", "v", "new_visit", N_("detention"), N_("New visit"),
           scope="detention", footer=N_("Visit")),
    Action("detention.new_detainee", "n", "new_detainee", N_("detention"),
           N_("New detainee"), scope="detention", footer=N_("Detainee")),
    Action("detention.reload", "f5", "reload", N_("detention"), N_("Reload"),
           scope="detention", footer=N_("Reload")),
    Action("detention.period", "p", "period", N_("detention"),
           N_("Change the period of the visits and releases"), scope="detention",
           footer=N_("Period")),
    Action("detention.remove_facility", "X", "remove_facility", N_("detention"),
           N_("Remove the facility under the cursor (recorded by mistake; supervisor)"),
           scope="detention", show=False),
    Action("detention.back", "escape", "back", N_("go"), N_("Back"), scope="detention"),
):
    register(_action)

T = TypeVar("T")

FACILITIES = "detention-facilities"
PAST_LIMIT = "detention-past-limit"
VISITS = "detention-visits"

def facility_columns() -> list[Column]:
    return [Column(_("Facility"), least=16), Column(_("Held"), 6, align="right"),
            Column(_("Past limit"), 10, align="right"),
            Column(_("Capacity"), 8, align="right", gives_way=1),
            date_column(_("Last visit"))]


def past_limit_columns() -> list[Column]:
    return [Column(_("Detainee"), 12), Column(_("Over"), 10, align="right"),
            Column(_("Lapsed"), 16, least=8, gives_way=1), Column(_("Facility"), least=12)]


def visit_columns() -> list[Column]:
    return [date_column(_("Visited")), Column(_("Facility"), least=16),
            Column(_("Access"), 14, least=8, gives_way=1),
            Column(_("Seen"), 6, align="right")]


class DetentionScreen(ListsScreen[DetentionOverview]):
    """Who is held, where, and who is held past the legal limit (officers and
    supervisors)."""

    SCOPE = "detention"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ""
    LIST_LIMIT = LIST_LIMIT
    LISTS: ClassVar[tuple[str, ...]] = (PAST_LIMIT, FACILITIES, VISITS)

    def __init__(self, shown: DetentionOverview | None = None) -> None:
        """``shown``, when it was read before the screen was put up, shows at once."""
        super().__init__(shown)
        self.period: tuple[dt.date | None, dt.date | None] = (None, None)
        """The visits' and releases' period chosen (None: the last 30 days to today)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="detention-header", classes="bar"):
            yield Label(plain(_("Detention")), id="detention-title")
            yield Label("", id="detention-period")
        yield KeyBar()
        body = VerticalScroll(id="detention-body")
        body.can_focus = False  # Tab goes from list to list, as on the home screen
        with body:
            for table_id, columns in ((PAST_LIMIT, past_limit_columns()),
                                      (FACILITIES, facility_columns()),
                                      (VISITS, visit_columns())):
                yield from list_box(table_id, columns)
            with Vertical(id="detention-releases-box", classes="home-list"):
                yield Label("", classes="section-title", id="detention-releases-title")
                yield Static("", id="detention-releases")

    def route(self) -> Route:
        return DetentionScreen

    def reader(self) -> tuple[Callable[..., DetentionOverview], tuple[Any, ...]]:
        return overview, self.period

    def show(self, shown: DetentionOverview) -> None:
        self.shown = shown
        self.query_one("#detention-period", Label).update(plain(
            _("Held: {held} · visits and releases from {start} to {end}").format(
                held=format_number(shown.held), start=format_date(shown.start),
                end=format_date(shown.end))))
        self.title_list(PAST_LIMIT, _("Held past the legal limit"), len(shown.past_limit),
                    shown.past_limit_total)
        self.fill_list(PAST_LIMIT, [_past_limit_row(row) for row in shown.past_limit])
        self.title_list(FACILITIES, _("Facilities"), len(shown.facilities),
                    len(shown.facilities))
        self.fill_list(FACILITIES, [
            VirtualRow(view.id, (view.name, format_number(view.held),
                                 format_number(view.past_limit),
                                 format_number(view.capacity)
                                 if view.capacity is not None else "",
                                 format_date(view.last_visit_on)
                                 if view.last_visit_on else _("never")))
            for view in shown.facilities])
        self.title_list(VISITS, _("Visits"), len(shown.visits), shown.visits_total,
                    _("access refused: {count}").format(count=format_number(shown.refused))
                    if shown.refused else "")
        self.fill_list(VISITS, [
            VirtualRow(line.id, (format_date(line.visited_on), line.facility_name,
                                 choice_label("visit_access", line.access),
                                 format_number(line.headcount)
                                 if line.headcount is not None else ""))
            for line in shown.visits])
        released = sum(count.count for count in shown.releases)
        self.query_one("#detention-releases-title", Label).update(plain(
            _("Releases ({count}, of them by mobile court sessions: {sessions})").format(
                count=format_number(released),
                sessions=format_number(shown.released_by_sessions))))
        self.query_one("#detention-releases", Static).update(plain("   ".join(
            _("{basis}: {count}").format(basis=count.label, count=format_number(count.count))
            for count in shown.releases if count.count) or _("Nothing to show.")))
        self.focus_first_list()

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        if event.table.id == PAST_LIMIT:
            open_detainee(self, event.row.key)
        elif event.table.id == VISITS:
            open_visit(self, event.row.key)
        elif self.shown is not None:
            facility = next(view for view in self.shown.facilities
                            if view.id == event.row.key)
            self._push(facility_form(self.jhro, facility))

    def _push(self, form: FormScreen[T], opened: Callable[[T], None] | None = None) -> None:
        """``form``; once saved, the lists read again before it comes down, then
        ``opened`` with what it saved."""

        async def read_back(saved: T) -> T:
            self.show(await self.read())
            return saved

        def done(saved: T | None) -> None:
            if saved is not None and opened is not None:
                opened(saved)

        form.then(read_back)
        self.app.push_screen(form, done)

    def _places(self) -> tuple[FacilityView, ...]:
        return self.shown.facilities if self.shown is not None else ()

    def action_period(self) -> None:
        async def submit(values: Values) -> DetentionOverview:
            period = (full_date(values, "start"), full_date(values, "end"))
            shown = await self.jhro.call_db(overview, self.jhro.require_session(), *period)
            self.period = period
            return shown

        def chosen(shown: DetentionOverview | None) -> None:
            if shown is not None:
                self.show(shown)

        start = self.shown.start.isoformat() if self.shown else ""
        end = self.shown.end.isoformat() if self.shown else ""
        self.app.push_screen(FormScreen(_("Period of the visits and releases"), [
            FormField("start", _("From"), value=start, placeholder=_(DATE_PLACEHOLDER)),
            FormField("end", _("To"), value=end, placeholder=_("left empty: today"),
                      aliases=("to",))],
            submit), chosen)

    def action_new_facility(self) -> None:
        self._push(facility_form(self.jhro))

    def action_new_visit(self) -> None:
        self._push(visit_form(self.jhro, self._places()),
                   lambda view: open_visit(self, view.id))

    def action_new_detainee(self) -> None:
        self._push(detainee_form(self.jhro, self._places()),
                   lambda view: open_detainee(self, view.id))

    def action_remove_facility(self) -> None:
        table = self.query_one(f"#{FACILITIES}", VirtualTable)
        row = table.current_row
        if self.focused is not table or row is None or self.shown is None:
            self.notify(_("Choose a facility in the list of facilities first (Tab)."),
                        markup=False)
            return
        facility = next(view for view in self.shown.facilities if view.id == row.key)

        confirm_then(self.app, _(
            "Remove the facility {name}? Only one with no visit and no detainee recorded "
            "can be removed.").format(name=facility.name),
                     lambda: self._remove_facility(facility))

    @work(exclusive=True, group="facility-remove", exit_on_error=False)
    async def _remove_facility(self, facility: FacilityView) -> None:
        try:
            await call(self.jhro, remove_facility, facility.id,
                       expected_version=facility.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Facility removed."), markup=False)
        self.load()

    def focus_past_limit(self) -> None:
        """Opened from the home's count: on the list that count is about."""
        table = self.query_one(f"#{PAST_LIMIT}", VirtualTable)
        if table.display:
            table.focus(scroll_visible=False)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("Tab", _("list: to the next list (shift+Tab: the previous one)")),
                ("↑ ↓ PgUp PgDn", _("list: move")),
                ("Enter", _("on a detainee: the detainee; on a visit: the visit; on a "
                            "facility: change it"))]


def _past_limit_row(row: DetaineeRow) -> VirtualRow:
    return VirtualRow(row.id, (row.code, over_text(row.over, row.over_days),
                               choice_label("detention_step", row.lapsed_step),
                               row.facility_name))
