"""The cases behind one figure of the Statistics screen, paged from the database: how
many there are, how many of them this account may open (a national supervisor counts
other offices' cases it does not see), and Enter opens a case file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from jhro_tui.i18n import N_, _, format_number, ngettext
from jhro_tui.services.statistics.figures import CasesBehind, cases_behind
from jhro_tui.services.statistics.tables import Drill
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.navigation import read_then_push
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, PacedScreen
from jhro_tui.ui.screens.cases import case_columns, case_row
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import ColumnHeader, VirtualRow, VirtualTable

PAGE = 50

register(Action("statistics_cases.back", "escape", "back", N_("go"), N_("Back"),
                scope="statistics_cases"))


def open_cases_behind(screen: PacedScreen[Any], start: dt.date, end: dt.date,
                      office: str, drill: Drill, title: str) -> None:
    """Read the first page of the cases behind ``drill``, then put up their list."""
    screen.run_worker(read_then_push(
        screen.jhro, screen.app, cases_behind, (start, end, office, drill, title),
        lambda found: CasesBehindScreen(found, start, end, office, drill),
        screen.jhro.hold_keys()), group="statistics-cases", exclusive=True,
        exit_on_error=False)


class CasesBehindScreen(JhroScreen):
    """The cases one figure counts, those this account may open listed."""

    SCOPE = "statistics_cases"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "VirtualTable"

    def __init__(self, found: CasesBehind, start: dt.date, end: dt.date, office: str,
                 drill: Drill) -> None:
        super().__init__()
        self.found = found
        self.query_args = (start, end, office, drill, found.title)

    def compose(self) -> ComposeResult:
        with Vertical(classes="bar"):
            yield Static(plain(self.found.title), id="behind-title")
            yield Static(plain(self._count()), id="behind-count")
        yield KeyBar()
        table = VirtualTable(case_columns(), self._page, page_size=PAGE, id="behind-cases")
        yield ColumnHeader(table)
        yield table

    def _count(self) -> str:
        found = self.found
        count = ngettext("{count} case", "{count} cases", found.total).format(
            count=format_number(found.total))
        if found.visible < found.total:
            return _("{cases}, {visible} you may open (the others are of another office)"
                     ).format(cases=count, visible=format_number(found.visible))
        return count

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.empty_text = _("None of these cases is open to you.")
        table.reset(self.found.visible,
                    first_page=[case_row(case) for case in self.found.page])

    async def _page(self, offset: int, limit: int, previous: VirtualRow | None
                    ) -> Sequence[VirtualRow]:
        found = await self.jhro.call_db(cases_behind, self.jhro.require_session(),
                                        *self.query_args, offset=offset, limit=limit)
        return [case_row(case) for case in found.page]

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        self.jhro.open_case(event.row.key)

    def action_back(self) -> None:
        self.jhro.go_back()

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓ PgUp PgDn", _("list: move")), ("Enter", _("the case file"))]
