"""The Statistics screen: the tables of ``services.statistics`` one after the other, each
as a bar chart of its chosen column over its top-level rows, and one key away as a table
of every figure; Enter on a bar or a cell lists the cases behind it.

The period opens on the last whole month: the monthly report's period, the one whose
comparisons (the month before, the same month a year earlier) are whole months too, and
the only one where an incident known to the month counts (a month to date leaves out
every incident dated "this month").
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _, format_number
from jhro_tui.services import dates
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.session import Session
from jhro_tui.services.statistics import export
from jhro_tui.services.statistics.figures import ALL_OFFICES, Statistics, statistics
from jhro_tui.services.statistics.offices import offices_to_choose
from jhro_tui.services.statistics.tables import DIFFERENCE, Row, Table
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.safe import plain, plain_text
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, confirm_then
from jhro_tui.ui.statistics.behind import open_cases_behind
from jhro_tui.ui.statistics.chart import Bar, BarChart
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.picker import Choice

for _action in (
    Action("statistics.next", "n", "next_table", N_("statistics"), N_("Next table"),
           scope="statistics", footer=N_("Next")),
    Action("statistics.previous", "N", "previous_table", N_("statistics"),
           N_("Previous table"), scope="statistics", show=False),
    Action("statistics.view", "t", "toggle_view", N_("statistics"),
           N_("The same figures as a chart or as a table"), scope="statistics",
           footer=N_("Chart/table")),
    Action("statistics.period", "p", "period", N_("statistics"), N_("Change the period"),
           scope="statistics", footer=N_("Period")),
    Action("statistics.office", "o", "office", N_("statistics"),
           N_("Choose the office, or all offices"), scope="statistics",
           footer=N_("Office")),
    Action("statistics.export", "e", "export", N_("statistics"),
           N_("Export the figures to a file…"), scope="statistics", footer=N_("Export")),
    Action("statistics.reload", "f5", "reload", N_("statistics"), N_("Reload"),
           scope="statistics", show=False),
    Action("statistics.back", "escape", "back", N_("go"), N_("Back"), scope="statistics"),
):
    register(_action)

FORMATS = (("json", "JSON"), ("csv", "CSV"), ("md", "Markdown"), ("pdf", "PDF"))


@dataclass(frozen=True)
class Shown:
    figures: Statistics
    offices: tuple[str, ...]
    """The offices this account may choose from (none: its own office only)."""


def last_whole_month(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    end = first - dt.timedelta(days=1)
    return end.replace(day=1), end


def first_read(session: Session, period: tuple[dt.date, dt.date] | None = None,
               office: str = "") -> Shown:
    """The figures of ``period`` (default: the last whole month) and ``office`` (default:
    the supervisor's own), and the offices the account may choose from."""
    start, end = period or last_whole_month(dates.today(session.settings))
    return Shown(statistics(session, start, end, office), offices_to_choose(session))


class StatisticsScreen(JhroScreen):
    """One table at a time, as a chart or as a table (supervisors)."""

    SCOPE = "statistics"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ""

    def __init__(self, shown: Shown | None = None, *, table: int = 0,
                 as_table: bool = False,
                 wanted: tuple[tuple[dt.date, dt.date], str] | None = None) -> None:
        """``shown``: read before the screen was put up; otherwise ``wanted`` (the period
        and office, after an unlock) is read once it is up."""
        super().__init__()
        self.shown = shown
        self.wanted = wanted
        self.index = table
        self.as_table = as_table
        self._rows: list[Row] = []
        """The rows of the DataTable, in order (the total last)."""

    @classmethod
    def opened(cls, shown: Shown) -> StatisticsScreen:
        return cls(shown)

    def compose(self) -> ComposeResult:
        with Vertical(id="stats-header", classes="bar"):
            yield Label("", id="stats-title")
            yield Label("", id="stats-table-title")
        yield KeyBar()
        yield Static("", id="stats-counts")
        yield BarChart(id="stats-chart")
        yield Static("", id="stats-bar")
        table: DataTable[Any] = DataTable(id="stats-table", cursor_type="cell",
                                          zebra_stripes=False)
        yield table
        yield Static("", id="stats-notes")

    def route(self) -> Route:
        shown = self.shown
        if shown is None:
            return StatisticsScreen
        return functools.partial(StatisticsScreen, table=self.index, as_table=self.as_table,
                                 wanted=((shown.figures.start, shown.figures.end),
                                         shown.figures.office))

    def on_mount(self) -> None:
        if self.shown is not None:
            self.show(self.shown)
        elif self.wanted is not None:
            self.load(*self.wanted)
        else:
            self.load()

    # -- reading -------------------------------------------------------------------

    def _period(self) -> tuple[dt.date, dt.date] | None:
        figures = self.shown.figures if self.shown else None
        return (figures.start, figures.end) if figures else None

    def _office(self) -> str:
        return self.shown.figures.office if self.shown else ""

    @work(exclusive=True, group="statistics", exit_on_error=False)
    async def load(self, period: tuple[dt.date, dt.date] | None = None,
                   office: str | None = None) -> None:
        shown = await self.read_or_say(first_read, period or self._period(),
                                       self._office() if office is None else office)
        if shown is not None:
            self.show(shown)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.jhro.go_back()

    # -- showing -------------------------------------------------------------------

    @property
    def table(self) -> Table | None:
        if self.shown is None or not self.shown.figures.tables:
            return None
        return self.shown.figures.tables[self.index % len(self.shown.figures.tables)]

    def show(self, shown: Shown) -> None:
        self.shown = shown
        figures = shown.figures
        self.index %= max(1, len(figures.tables))
        office = _("all offices") if figures.office == ALL_OFFICES else figures.office
        self.query_one("#stats-title", Label).update(plain(
            _("Statistics · {office} · {start} to {end}").format(
                office=office, start=figures.start.isoformat(),
                end=figures.end.isoformat())))
        self.show_table()

    def show_table(self) -> None:
        table = self.table
        if table is None or self.shown is None:
            return
        count = len(self.shown.figures.tables)
        self.query_one("#stats-table-title", Label).update(plain(
            _("Table {number} of {count}: {title}").format(
                number=self.index + 1, count=count, title=table.title)))
        self.query_one("#stats-counts", Static).update(plain(table.counts))
        charted = table.chart is not None and not self.as_table
        chart = self.query_one(BarChart)
        data = self.query_one("#stats-table", DataTable)
        chart.display = charted
        self.query_one("#stats-bar").display = charted
        data.display = not charted
        self.query_one("#stats-notes").display = not charted
        if charted and table.chart is not None:
            column = table.chart
            chart.show_bars([Bar(row.label, row.values[column]) for row in table.top_rows])
            chart.focus()
        else:
            self._fill(table, data)
            data.focus()
        self.refresh_bindings()

    def _fill(self, table: Table, data: DataTable[Any]) -> None:
        data.clear(columns=True)
        self._rows = [*table.rows, *([table.total] if table.total else [])]
        labels = [(f"  {row.label}" if row.parent else row.label)
                  + (f" ({row.unit})" if row.unit and row.unit.lower() != row.label.lower()
                     else "") for row in self._rows]
        figures = [max(cell_len(column.label), 6) + 2 for column in table.columns]
        # The labels give way to the figures (cut with an ellipsis, whole under the
        # cursor's bar): at 80 columns a province's name leaves room for three figures.
        room = max(16, (self.size.width or 80) - sum(figures) - 4)
        data.add_column("", key="label",
                        width=min(room, max((cell_len(label) for label in labels), default=8)))
        for index, column in enumerate(table.columns):
            data.add_column(plain_text(column.label), key=str(index))
        for row, label in zip(self._rows, labels, strict=True):
            data.add_row(plain_text(label), *(
                _figure(_signed(value) if column.kind == DIFFERENCE else format_number(value))
                for value, column in zip(row.values, table.columns, strict=True)))
        data.move_cursor(row=0, column=min(1, len(table.columns)))
        notes = [] if table.chart is not None else [
            _("This table has no chart.")]
        self.query_one("#stats-notes", Static).update(plain(
            "\n".join([*notes, *table.notes]), multiline=True))

    @on(BarChart.Moved)
    def _moved(self, event: BarChart.Moved) -> None:
        table = self.table
        if table is None or table.chart is None or not event.chart.bars:
            self.query_one("#stats-bar", Static).update("")
            return
        bar = event.chart.bars[event.index]
        unit = table.columns[table.chart].unit or table.top_rows[event.index].unit
        self.query_one("#stats-bar", Static).update(plain(
            _("{label} — {unit}: {value} (Enter: the cases behind it; t: the table)").format(
                label=bar.label, value=format_number(bar.value), unit=unit)))

    def action_next_table(self) -> None:
        self._turn(1)

    def action_previous_table(self) -> None:
        self._turn(-1)

    def _turn(self, by: int) -> None:
        if self.shown is not None and self.shown.figures.tables:
            self.index = (self.index + by) % len(self.shown.figures.tables)
            self.show_table()

    def action_toggle_view(self) -> None:
        table = self.table
        if table is not None and table.chart is None:
            self.notify(_("This table has no chart: its figures show as a table."),
                        markup=False)
            return
        self.as_table = not self.as_table
        self.show_table()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "office":
            return bool(self.shown and self.shown.offices)
        return True

    # -- the cases behind a figure ---------------------------------------------------

    @on(BarChart.Selected)
    def _bar_chosen(self, event: BarChart.Selected) -> None:
        table = self.table
        if table is not None and table.chart is not None:
            self._open(table, table.top_rows[event.index], table.chart)

    @on(DataTable.CellSelected)
    def _cell_chosen(self, event: DataTable.CellSelected) -> None:
        table = self.table
        row, column = event.coordinate.row, event.coordinate.column - 1
        if table is None or not 0 <= row < len(self._rows):
            return
        if column < 0:
            self.notify(_("Choose a figure of this row (→) to list the cases behind it."),
                        markup=False)
            return
        self._open(table, self._rows[row], column)

    def _open(self, table: Table, row: Row, column: int) -> None:
        if self.shown is None:
            return
        heading = table.columns[column]
        if heading.kind == DIFFERENCE:
            self.notify(_("A change between two periods lists no cases: open the figure "
                          "of either period."), markup=False)
            return
        drill = row.drill(column)
        if drill is None:
            self.notify(_("This figure opens no list of cases."), markup=False)
            return
        figures = self.shown.figures
        open_cases_behind(self, figures.start, figures.end, figures.office, drill,
                          " · ".join((table.title, row.label, heading.label)))

    # -- period, office, export -------------------------------------------------------

    def action_period(self) -> None:
        async def submit(values: Values) -> Shown:
            start_text = (values.get("from") or "").strip()
            end_text = (values.get("to") or "").strip() or start_text
            if not start_text:
                raise ValidationError("from", N_("Give the start: a month (2024-03), a "
                                                 "day or a year."))
            start = PartialDate.parse(start_text, "from").first_day()
            end = PartialDate.parse(end_text, "to").last_day()
            return await self.jhro.call_db(first_read, self.jhro.require_session(),
                                           (start, end), self._office())

        period = self._period()
        self.app.push_screen(FormScreen(_("Period of the figures"), [
            FormField("from", _("From"), value=period[0].isoformat() if period else "",
                      placeholder=_("2024-03, 2024-03-15 or 2024")),
            FormField("to", _("To"), value=period[1].isoformat() if period else "",
                      placeholder=_("left empty: to the end of the start's month or year"))],
            submit, intro=_("A month (2024-03) means the whole month; a year, the whole "
                            "year.")), self._chosen)

    def _chosen(self, shown: Shown | None) -> None:
        if shown is not None:
            self.show(shown)

    def action_office(self) -> None:
        if self.shown is None or not self.shown.offices:
            return

        async def submit(values: Values) -> Shown:
            return await self.jhro.call_db(first_read, self.jhro.require_session(),
                                           self._period(), values.get("office") or "")

        choices = [Choice(ALL_OFFICES, _("All offices")),
                   *(Choice(name, name) for name in self.shown.offices)]
        self.app.push_screen(FormScreen(_("Office counted"), [
            FormField("office", _("Office"), kind="choice", value=self._office(),
                      choices=choices)], submit, choose_with_enter=True), self._chosen)

    def action_export(self) -> None:
        if self.shown is None:
            return
        figures = self.shown.figures

        async def submit(values: Values) -> str:
            return values.get("format") or "md"

        def chosen(fmt: str | None) -> None:
            if fmt is None:
                return

            confirm_then(self.app, _(
                "Write the figures of {start} to {end} to a {format} file? The file will "
                "NOT be encrypted: it holds figures only (no name, no case), and small "
                "figures are hidden, but keep it as you would a printed report.").format(
                    start=figures.start.isoformat(), end=figures.end.isoformat(),
                    format=dict(FORMATS)[fmt]),
                         lambda: self._export(figures, fmt))

        self.app.push_screen(FormScreen(_("Export the figures"), [
            FormField("format", _("Format"), kind="choice", value="md",
                      choices=[Choice(code, label) for code, label in FORMATS])],
            submit, choose_with_enter=True), chosen)

    @work(exclusive=True, group="statistics-export", exit_on_error=False)
    async def _export(self, figures: Statistics, fmt: str) -> None:
        try:
            path = await self.jhro.call_db(export.write, self.jhro.require_session(),
                                           figures.start, figures.end, figures.office, fmt)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Written (not encrypted): {path}").format(path=path), markup=False)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓", _("chart: the bar under the cursor; table: move, with ← →")),
                ("Enter", _("on a bar or a figure: the cases behind it"))]


def _signed(value: int) -> str:
    return f"+{format_number(value)}" if value > 0 else format_number(value)


def _figure(text: str) -> Text:
    figure = plain_text(text)
    figure.justify = "right"
    return figure
