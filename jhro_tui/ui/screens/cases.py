"""The case list: instant search, filters, sorting, over any number of cases.

A little past 500 lines: the screen and its filter form, which reads the first page with
the screen's own query and page size before it closes; apart, each would import the
other."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import choice_label, choices
from jhro_tui.services.listing import (
    DESCENDING_FIRST,
    SORTS,
    CaseQuery,
    find_cases,
    list_cases,
    search_expression,
)
from jhro_tui.services.session import Session
from jhro_tui.services.views import CaseSummary
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.choices import closed_choices, reference_choices, reference_label
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import Route
from jhro_tui.ui.screens.case_marks import MARK_ACTIONS, Marking, MarkingTable
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, VirtualRow, VirtualTable, header_line

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold
    from jhro_tui.ui.shell import Shell

SEARCH_DELAY = 0.12
"""Keystrokes closer together than this (seconds) are one burst: the list follows the
search box at the first keystroke, then once the burst ends."""

SORT_LABELS = {
    "updated_at": N_("last change"),
    "opened_on": N_("opening date"),
    "incident_date": N_("incident date"),
    "reference": N_("reference"),
    "title": N_("title"),
    "priority": N_("priority"),
    "status": N_("status"),
}
COUNT_WIDTH = 20
"""Cells the bar gives the count, with its margin and the bar's padding (app.tcss)."""
PRIORITY_MARK = {"urgent": "!!!", "high": "!!", "normal": "", "low": ""}
"""The ``!`` column: a case's priority, when it is above normal."""

for _action in (
    # Priority: the keys typed after it in one burst (a fast typist, a slow SSH link) must
    # reach the search box, not the list they were typed over.
    Action("cases.search", "ctrl+f,slash", "focus_search", N_("case"), N_("Find…"),
           scope="cases", priority=True),
    Action("cases.filter", "f4", "filters", N_("case"), N_("Filters"), scope="cases"),
    Action("cases.sort", "f5", "next_sort", N_("case"), N_("Sort"), scope="cases"),
    Action(
        "cases.reverse",
        "f6",
        "reverse_sort",
        N_("case"),
        N_("Reverse order"),
        scope="cases",
        show=False,
    ),
    Action(
        "cases.clear",
        "f8",
        "clear_filters",
        N_("case"),
        N_("Clear filters"),
        scope="cases",
        show=False,
    ),
    # Priority: the keys typed after it in one burst belong to the case it opens
    # (``key_scheduler``: hold_keys_behind).
    Action("cases.open", "enter", "open_case", N_("case"), N_("Open"), scope="cases",
           show=False, priority=True),
    Action("cases.back", "escape", "back", N_("go"), N_("Back"), scope="cases"),
    *MARK_ACTIONS,
):
    register(_action)


def case_columns() -> list[Column]:
    """The list's columns. On a narrow terminal the province gives way first, then the
    officer, then the priority mark; the title gives way last (below 24 cells it tells
    little) and a status is always whole."""
    return [
        Column(_("Reference"), 15),
        Column("!", 3, gives_way=1),
        Column(_("Title"), least=24),
        status_column(),
        Column(_("Province"), 14, least=10, gives_way=3),
        Column(_("Officer"), 24, least=14, gives_way=2),
    ]


def status_column() -> Column:
    """As wide as the longest status in the installed language ("In follow-up")."""
    title = _("Status")
    return Column(title, max(len(title), *(len(label) for _code, label in choices("status"))))


def count_and_first_page(session: Session, query: CaseQuery, size: int
                         ) -> tuple[int, list[CaseSummary]]:
    """How many cases ``query`` finds, and the first ``size`` of them: one trip to the
    database thread (one transaction, one audit event), so the list paints its rows with
    its count."""
    return find_cases(session, query, size)


def _searched(query: CaseQuery) -> CaseQuery:
    """``query`` as the database sees it: its text reduced to what is searched."""
    return replace(query, text=search_expression(query.text) or "")


def case_row(case: CaseSummary) -> VirtualRow:
    return VirtualRow(case.id, case_cells(case), case.cursor)


def case_cells(case: CaseSummary) -> tuple[str, ...]:
    return (
        case.reference,
        PRIORITY_MARK.get(case.priority, ""),
        case.title,
        choice_label("status", case.status),
        case.province_label,
        case.officer_full_name or case.officer,
    )


class CaseListScreen(Marking):
    """Every case this account may see, paged from the database; a supervisor marks
    cases in it and reassigns them (``case_marks``)."""

    SCOPE = "cases"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ".first-focus"
    PAGE_SIZE: ClassVar[int] = 100

    def __init__(self, query: CaseQuery | None = None, *, focus_table: bool = False,
                 found: tuple[int, list[CaseSummary]] | None = None) -> None:
        """``found`` (the count and first page of ``query``, read before the screen was put
        up) shows at once."""
        super().__init__()
        self.case_query = query or CaseQuery()
        self.focus_table = focus_table
        self._found = found
        self._search_timer: Timer | None = None
        self._last_keystroke = 0.0
        self._filters_shown: str | None = None
        self._marks_shown = ""
        self.total = 0

    def compose(self) -> ComposeResult:
        search = Input(
            value=self.case_query.text,
            id="case-search",
            placeholder=_('Find: words (from 3 letters), "a phrase", -leave out (/ or ctrl+f)'),
        )
        marking = self.jhro.require_session().user.role == "supervisor"
        table = (MarkingTable if marking else VirtualTable)(
            case_columns(), self._load_page, page_size=self.PAGE_SIZE, id="case-table"
        )
        (table if self.focus_table else search).add_class("first-focus")
        yield search
        with Horizontal(id="case-list-bar"):
            yield Label("", id="case-count")
            yield Label("", id="case-filters")
            yield Label(plain(priority_legend()), id="case-legend")
        yield Static("", id="case-header")
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self._paint_header()
        found, self._found = self._found, None
        if found is None:
            self.reload()
        else:
            self._describe_filters()
            self._show_found(*found)

    def on_resize(self) -> None:
        self._paint_header()
        self._fit_legend()

    def _paint_header(self) -> None:
        table = self.query_one(VirtualTable)
        width = table.row_width or self.size.width - table.styles.scrollbar_size_vertical
        # A line of fixed height: its new text needs a repaint, not a layout of the screen.
        self.query_one("#case-header", Static).update(header_line(table.columns, width),
                                                      layout=False)

    def route(self) -> Route:
        query = self.case_query
        return lambda: CaseListScreen(query, focus_table=True)

    # -- loading -----------------------------------------------------------------------

    async def _load_page(
        self, offset: int, limit: int, previous: VirtualRow | None
    ) -> Sequence[VirtualRow]:
        app = self.jhro
        query = self.case_query
        if previous is None and self.total and offset > self.total // 2:
            # Far down, OFFSET walks every row above the page: read it from the other end
            # (the reverse order, a short OFFSET) and turn it round.
            size = max(0, min(limit, self.total - offset))
            backwards = replace(query, descending=not query.descending)
            rows = await app.call_db(
                list_cases, app.require_session(), backwards, self.total - offset - size, size,
                total=self.total,
            )
            return [case_row(row) for row in reversed(rows)]
        after = previous.sort_key if previous is not None and previous.sort_key else None
        rows = await app.call_db(
            list_cases, app.require_session(), query, offset, limit, after, total=self.total
        )
        return [case_row(row) for row in rows]

    def reload(self) -> None:
        self._describe_filters()
        self._count(self.case_query)

    @work(exclusive=True, group="case-count", exit_on_error=False)
    async def _count(self, query: CaseQuery) -> None:
        app = self.jhro
        try:
            total, rows = await app.call_db(
                count_and_first_page, app.require_session(), query, self.PAGE_SIZE
            )
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        if _searched(query) == _searched(self.case_query):
            self._show_found(total, rows)

    def _show_found(self, total: int, rows: Sequence[CaseSummary]) -> None:
        self.total = total
        # Both labels of the bar have a fixed size: new text is a repaint, not a layout.
        self.query_one("#case-count", Label).update(
            plain(
                ngettext("{count} case", "{count} cases", total).format(count=format_number(total))
            ),
            layout=False,
        )
        table = self.query_one(VirtualTable)
        table.empty_text = self._nothing_found() if not total else ""
        table.reset(total, first_page=[case_row(row) for row in rows])

    def _nothing_found(self) -> str:
        """What the empty list says: why it is empty, and the key that widens it."""
        query = self.case_query
        filtered = query != CaseQuery(text=query.text, sort=query.sort,
                                      descending=query.descending)
        if filtered and query.text.strip():
            return _("No case matches these words and filters: Esc clears the words, F8 "
                     "the filters.")
        if filtered:
            return _("No case matches these filters: F8 clears them.")
        if query.text.strip():
            return _("No case matches these words: Esc clears them.")
        return _("No case to show yet: ctrl+n opens a new one.")

    def _describe_filters(self) -> None:
        query = self.case_query
        parts = [self._marks_shown] if self._marks_shown else []
        if query.status:
            parts.append(choice_label("status", query.status))
        if query.priority:
            parts.append(choice_label("priority", query.priority))
        if query.province:
            parts.append(reference_label("province", query.province))
        if query.violation_type:
            parts.append(reference_label("violation_type", query.violation_type))
        if query.perpetrator:
            parts.append(reference_label("perpetrator_category", query.perpetrator))
        if query.officer:
            parts.append(query.officer)
        if query.unassigned:
            parts.append(_("unassigned"))
        if query.follow_up_of or query.follow_up_before:
            parts.append(_("follow-ups late") + (f" ({query.follow_up_of})"
                                                 if query.follow_up_of else ""))
        if query.office:
            parts.append(query.office)
        if query.date_from or query.date_to:
            start = format_date(query.date_from) if query.date_from else "…"
            end = format_date(query.date_to) if query.date_to else "…"
            parts.append(f"{start} – {end}")
        order = "↓" if query.descending else "↑"
        parts.append(f"{_('by')} {_(SORT_LABELS[query.sort])} {order}")
        described = " · ".join(parts)
        if described != self._filters_shown:  # a search keystroke leaves them as they are
            self._filters_shown = described
            self.query_one("#case-filters", Label).update(plain(described), layout=False)
            self._fit_legend()

    def _fit_legend(self) -> None:
        """The priority legend gives way to filters that need its room."""
        legend = self.query_one("#case-legend", Label)
        bar = self.query_one("#case-list-bar")
        room = (bar.size.width or self.size.width) - COUNT_WIDTH - len(priority_legend()) - 1
        legend.display = len(self._filters_shown or "") <= room

    # -- search as you type ----------------------------------------------------------------

    @on(Input.Changed, "#case-search")
    def _search_typed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = event.value
        if text == self.case_query.text:
            return  # set by the screen itself (Escape), already applied
        now = time.monotonic()
        in_burst = now - self._last_keystroke < SEARCH_DELAY
        self._last_keystroke = now
        if in_burst:
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._apply_text(text))
        else:
            self._apply_text(text)

    def _apply_text(self, text: str) -> None:
        if text == self.case_query.text:
            return
        before = self.case_query
        self.case_query = replace(before, text=text)
        # A letter that does not change what is searched (the first two of a word) would
        # reload the same list and record the same query again.
        if _searched(self.case_query) != _searched(before):
            self.reload()

    @on(Input.Submitted, "#case-search")
    def _search_done(self) -> None:
        self._apply_text(self.query_one("#case-search", Input).value)
        self.query_one(VirtualTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ``focused``, not the box's ``has_focus``: that follows only once the box has
        # handled its Focus event, after the keys of a burst have been dispatched.
        if action == "focus_search" and self.focused is self.query_one("#case-search", Input):
            return False  # in the search box, "/" is text and ctrl+f the box's own key
        if action == "open_case" and (self.focused is None or self.focused.id != "case-table"):
            return False  # Enter in the search box runs the search
        return super().check_action(action, parameters)

    def show_marks(self, text: str) -> None:
        self._marks_shown = text
        self._describe_filters()

    def marks_reassigned(self) -> None:
        self.reload()

    def action_focus_search(self) -> None:
        # Focused now, not once the keys already typed have gone to the list.
        self.set_focus(self.query_one("#case-search", Input))

    def on_key(self, event: object) -> None:
        from textual.events import Key

        search = self.query_one("#case-search", Input)
        if isinstance(event, Key) and event.key == "down" and search.has_focus:
            event.stop()
            self.query_one(VirtualTable).focus()

    # -- filters and order ----------------------------------------------------------------

    def action_next_sort(self) -> None:
        """The next order, in its natural direction (the latest first, titles from A);
        F6 turns it round."""
        keys = list(SORTS)
        sort = keys[(keys.index(self.case_query.sort) + 1) % len(keys)]
        self.case_query = replace(self.case_query, sort=sort,
                                  descending=sort in DESCENDING_FIRST)
        self.reload()

    def action_reverse_sort(self) -> None:
        self.case_query = replace(self.case_query, descending=not self.case_query.descending)
        self.reload()

    def action_clear_filters(self) -> None:
        self.case_query = CaseQuery(
            text=self.case_query.text,
            sort=self.case_query.sort,
            descending=self.case_query.descending,
        )
        self.reload()

    def action_filters(self) -> None:
        self.app.push_screen(filter_form(self.jhro, self.case_query), self._filters_chosen)

    def _filters_chosen(self, chosen: Filtered | None) -> None:
        if chosen is not None:
            self.case_query = chosen.query
            self._describe_filters()
            self._show_found(chosen.total, chosen.first_page)

    # -- opening ----------------------------------------------------------------------------

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        self.open_case(event.row.key)

    def action_open_case(self) -> None:
        table = self.query_one(VirtualTable)

        def open_current(hold: KeyHold) -> None:
            row = table.current_row
            if row is None:
                hold.release()
            else:
                self.jhro.open_case(row.key, hold)

        self.jhro.hold_keys_behind(table, open_current)

    def open_case(self, case_id: int) -> None:
        self.jhro.open_case(case_id)

    def help_notes(self) -> list[tuple[str, str]]:
        return [
            ("Enter", _("case: Open (in the search box: go to the list)")),
            ("Tab, ↓", _("list: from the search box to the list (Tab: and back)")),
            ("↑ ↓ PgUp PgDn", _("list: move (Home, End: first, last case)")),
            ("!!! !!", _("list: the ! column, a case's priority: urgent, high")),
        ]

    def action_back(self) -> None:
        search = self.query_one("#case-search", Input)
        if search.value:
            search.value = ""
            self._apply_text("")
            return
        self.jhro.go_back()


CASE_ROLES = frozenset({"officer", "supervisor"})
"""Case files are for officers and supervisors; administrators manage accounts."""


def first_cases(session: Session) -> tuple[int, list[CaseSummary]]:
    """The count and first page of the list as it opens: no search, no filter."""
    return count_and_first_page(session, CaseQuery(), CaseListScreen.PAGE_SIZE)


def _to_the_table(screen: CaseListScreen) -> None:
    screen.query_one("#case-table").focus()


declare(Destination(
    go_action("go.cases", "f3", N_("go"), N_("Cases")), CaseListScreen, CASE_ROLES,
    first_cases, lambda found: CaseListScreen(CaseQuery(), focus_table=True, found=found),
    again=_to_the_table), before="case.new")
declare(Destination(
    go_action("case.find", "ctrl+f", N_("case"), N_("Find…"), show=False), CaseListScreen,
    CASE_ROLES, first_cases,
    lambda found: CaseListScreen(CaseQuery(), focus_table=False, found=found),
    again=CaseListScreen.action_focus_search, yields_to_text_fields=True), before="case.new")


def priority_legend() -> str:
    return _("{urgent} urgent  {high} high").format(urgent=PRIORITY_MARK["urgent"],
                                                   high=PRIORITY_MARK["high"])


def _date_or_none(values: Values, key: str) -> dt.date | None:
    text = (values.get(key) or "").strip()
    if not text:
        return None
    partial = PartialDate.parse(text, key)
    return partial.last_day() if key == "date_to" else partial.first_day()


@dataclass(frozen=True)
class Filtered:
    """Filters chosen in the form, with what they find: the form closes on the results."""

    query: CaseQuery
    total: int
    first_page: list[CaseSummary]


def filter_form(app: Shell, query: CaseQuery) -> FormScreen[Filtered]:
    async def submit(values: Values) -> Filtered:
        # ``replace``: what the form does not show (the caseload's unassigned cases,
        # late follow-ups) stays until F8 clears it.
        chosen = replace(
            query,
            status=values.get("status") or None,
            priority=values.get("priority") or None,
            province=values.get("province") or None,
            violation_type=values.get("violation_type") or None,
            perpetrator=values.get("perpetrator") or None,
            officer=(values.get("officer") or "").strip() or None,
            office=(values.get("office") or "").strip() or None,
            date_from=_date_or_none(values, "date_from"),
            date_to=_date_or_none(values, "date_to"),
        )
        # Read before the form closes: closing it while the query runs would make the two
        # share the interpreter, and the list would be painted twice.
        total, rows = await app.call_db(count_and_first_page, app.require_session(), chosen,
                                        CaseListScreen.PAGE_SIZE)
        return Filtered(chosen, total, rows)

    def date_text(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    fields = [
        FormField("status", _("Status"), "choice", query.status, closed_choices("status")),
        FormField("priority", _("Priority"), "choice", query.priority, closed_choices("priority")),
        FormField(
            "province", _("Province"), "choice", query.province, reference_choices("province")
        ),
        FormField(
            "violation_type",
            _("Violation"),
            "choice",
            query.violation_type,
            reference_choices("violation_type"),
        ),
        FormField(
            "perpetrator",
            _("Perpetrator"),
            "choice",
            query.perpetrator,
            reference_choices("perpetrator_category"),
        ),
        FormField(
            "officer", _("Officer"), "text", query.officer or "", placeholder=_("account name")
        ),
        FormField("office", _("Office"), "text", query.office or ""),
        FormField(
            "date_from",
            _("Incident from"),
            "text",
            date_text(query.date_from),
            placeholder=_("YYYY, YYYY-MM or YYYY-MM-DD"),
        ),
        FormField(
            "date_to",
            _("Incident to"),
            "text",
            date_text(query.date_to),
            placeholder=_("YYYY, YYYY-MM or YYYY-MM-DD"),
        ),
    ]
    return FormScreen(
        _("Filter cases"), fields, submit, intro=_("Leave a field empty to keep every value.")
    )
