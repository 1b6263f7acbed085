"""A mobile court session: its court, place and days, and its figures, each counted from
records in its unit; Enter on a figure opens the list of what it counts, and Enter there
on a proceeding opens its case file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice import sessions
from jhro_tui.services.justice.figures import FIGURES, FigureRow, Figures, behind, session_figures
from jhro_tui.services.justice.views import SessionView
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.justice.forms import release_form, session_form
from jhro_tui.ui.justice.opening import open_after_reading, open_proceeding_case
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import FormScreen, confirm_then
from jhro_tui.ui.screens.home import date_column
from jhro_tui.ui.screens.record_view import RecordScreen
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

T = TypeVar("T")
Found = tuple[SessionView, Figures]

for _action in (
    Action("justice_session.edit", "e", "edit", N_("session"), N_("Change the session"),
           scope="justice_session", footer=N_("Change")),
    Action("justice_session.release", "r", "release", N_("session"),
           N_("Record a release of detainees"), scope="justice_session",
           footer=N_("Release")),
    Action("justice_session.remove", "delete", "remove", N_("session"),
           N_("Remove the session"), scope="justice_session", footer=N_("Remove")),
    Action("justice_session.reload", "f5", "reload", N_("session"), N_("Reload"),
           scope="justice_session", show=False),
    Action("justice_session.back", "escape", "back", N_("go"), N_("Back"),
           scope="justice_session"),
    Action("justice_figure.back", "escape", "back", N_("go"), N_("Back"),
           scope="justice_figure"),
):
    register(_action)

OUTCOMES = {"convicted": N_("convicted"), "acquitted": N_("acquitted"),
            "dismissed": N_("dismissed"), "pending": N_("not yet judged")}
"""An accused's outcome, as the list behind a figure names it."""


def figure_label(figure: str) -> str:
    label = _(FIGURES[figure][0])
    # "of them for sexual violence" reads under the figure it narrows.
    return f"  {label}" if figure == "convicted_sv" else label


class SessionScreen(RecordScreen[Found]):
    """One mobile court session and its figures."""

    SCOPE = "justice_session"
    HOLDS_CASE_DATA = True

    def __init__(self, session_id: int, found: Found | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(id="justice-session-header", classes="bar"):
            yield Label("", id="justice-session-title")
            yield Label("", id="justice-session-when")
        yield KeyBar()
        with Vertical(id="justice-session-body"):
            yield Static("", id="justice-session-place")
            yield Label(plain(_("Figures (Enter: what each counts)")), classes="section-title")
            table = VirtualTable([Column(_("Figure"), least=28),
                                  Column(_("Count"), 8, align="right"),
                                  Column(_("Unit"), 12)], _no_more_pages,
                                 id="justice-figures")
            yield ColumnHeader(table)
            yield table

    def route(self) -> Route:
        session_id = self.session_id
        return lambda: SessionScreen(session_id)

    def reader(self) -> tuple[Callable[..., Found], int]:
        return session_figures, self.session_id

    def show(self, found: Found) -> None:
        self.found = found
        view, figures = found
        self.query_one("#justice-session-title", Label).update(plain(view.label))
        self.query_one("#justice-session-when", Label).update(plain(
            _("{start} to {end}").format(start=format_date(view.start_on),
                                         end=format_date(view.end_on))))
        place = ", ".join(part for part in (view.locality, view.territory_label,
                                            view.province_label) if part)
        lines = [_("Court: {court}").format(court=view.court_label),
                 _("Place: {place}").format(place=place)]
        if view.note:
            lines.append(_("Note: {note}").format(note=view.note))
        self.query_one("#justice-session-place", Static).update(
            plain("\n".join(lines), multiline=True))
        table = self.query_one(VirtualTable)
        rows = [VirtualRow(index, (figure_label(figure),
                                   format_number(figures.values.get(figure, 0)), _(unit)))
                for index, (figure, (_label, unit)) in enumerate(FIGURES.items())]
        table.reset(len(rows), keep_cursor=True, first_page=rows)

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        if self.found is None:
            return
        figure = list(FIGURES)[event.row.key]
        view, figures = self.found
        open_after_reading(self, behind, (self.session_id, figure),
                           lambda rows: FigureScreen(view, figure,
                                                     figures.values.get(figure, 0), rows),
                           group="open-justice-figure")

    # -- changes -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove" and self.jhro.require_session().user.role != "supervisor":
            return False
        return super().check_action(action, parameters)

    def _read_back(self) -> Callable[[T], Awaitable[T]]:
        async def read_back(saved: T) -> T:
            self.show(await call(self.jhro, session_figures, self.session_id))
            return saved

        return read_back

    def _push(self, form: FormScreen[Any]) -> None:
        form.then(self._read_back())
        self.app.push_screen(form)

    def action_edit(self) -> None:
        if self.found is not None:
            self._push(session_form(self.jhro, self.found[0]))

    def action_release(self) -> None:
        if self.found is not None:
            self._push(release_form(self.jhro, self.found[0]))

    def action_remove(self) -> None:
        if self.found is None:
            return
        view = self.found[0]

        confirm_then(self.app, _(
            "Remove the session {session}? Its proceedings stay, no longer counted as heard "
            "by it.").format(session=view.label),
                     lambda: self._remove(view))

    @work(exclusive=True, group="justice-session-remove", exit_on_error=False)
    async def _remove(self, view: SessionView) -> None:
        try:
            await call(self.jhro, sessions.remove_session, view.id,
                       expected_version=view.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Session removed."), markup=False)
        self.jhro.go_back()

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓", _("figures: move")),
                ("Enter", _("figure: the list of what it counts"))]


class FigureScreen(JhroScreen):
    """What one figure of a session counts: proceedings, accused, or release records."""

    SCOPE = "justice_figure"
    HOLDS_CASE_DATA = True

    def __init__(self, view: SessionView, figure: str, value: int,
                 rows: tuple[FigureRow, ...]) -> None:
        super().__init__()
        self.view = view
        self.figure = figure
        self.value = value
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="bar"):
            yield Label(plain(self.view.label), id="justice-figure-session")
            yield Label(plain(_("{figure}: {count} {unit}").format(
                figure=_(FIGURES[self.figure][0]), count=format_number(self.value),
                unit=_(FIGURES[self.figure][1]))), id="justice-figure-title")
        yield KeyBar()
        table = VirtualTable(self._columns(), _no_more_pages, id="justice-figure-rows")
        yield ColumnHeader(table)
        yield table

    def _columns(self) -> list[Column]:
        if self.figure == "released":
            return [date_column(_("Released on")), Column(_("Count"), 7, align="right"),
                    Column(_("Basis"), least=20), Column(_("Note"), 16, gives_way=1)]
        return [Column(_("Proceeding"), least=20), Column(_("Accused"), 8),
                Column(_("Outcome"), 15), Column(_("Stage"), 16, gives_way=1)]

    def _cells(self, row: FigureRow) -> tuple[str, ...]:
        if self.figure == "released":
            return (format_date(row.on) if row.on else "", format_number(row.count),
                    choice_label("release_basis", row.outcome), row.detail)
        return (row.label, row.accused_code,
                _(OUTCOMES[row.outcome]) if row.outcome in OUTCOMES else row.outcome,
                choice_label("proceeding_stage", row.stage))

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        if not self.rows:
            table.empty_text = (_("Counted from the first and last days: no list.")
                                if self.figure == "days" else _("Nothing counted."))
        table.reset(len(self.rows), first_page=[
            VirtualRow(index, self._cells(row)) for index, row in enumerate(self.rows)])
        table.focus()

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        proceeding_id = self.rows[event.row.key].proceeding_id
        if proceeding_id is not None:
            open_proceeding_case(self, proceeding_id)

    def action_back(self) -> None:
        self.jhro.go_back()

    def help_notes(self) -> list[tuple[str, str]]:
        return [("Enter", _("on a proceeding: its case file"))]


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """The lists hold at most a session's records, given whole to ``reset``."""
    return []
