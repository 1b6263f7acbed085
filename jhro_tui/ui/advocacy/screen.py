"""The Advocacy screen: the office's laws and policies as a board, one column per stage
(the way a text goes, left to right), or as one list with filters, or the office's actions
of a period (``action_list``). Every column and list pages from the database; the board
shows a few columns at a time and scrolls to the one the arrow keys reach, and empty
stages fold into one line until asked for.

A move to the next or previous stage opens the stage form with that stage chosen (it asks
for the day and the evidence); once saved, the board is read again with the cursor on the
law in its new column.

Past 500 lines: three views of one screen share its keys (``v`` goes from one to the
next, ``a`` logs an action from any), its header and the line under the views; what each
reads and how its rows look are in ``lines`` and ``action_list``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext
from jhro_tui.services.advocacy import actions
from jhro_tui.services.advocacy.board import LawFilter, actions_page, laws_page
from jhro_tui.services.advocacy.forms import LAW_STAGES
from jhro_tui.services.advocacy.laws import law
from jhro_tui.services.advocacy.views import ActionView, LawLine, LawView
from jhro_tui.services.forms import choice_label
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.advocacy.action_list import (
    DONE_MARK,
    ActionsRead,
    action_columns,
    action_row,
    default_period,
    period_form,
    read_actions,
)
from jhro_tui.ui.advocacy.forms import action_form, law_form, stage_form
from jhro_tui.ui.advocacy.law_page import action_heading, open_action, open_law
from jhro_tui.ui.advocacy.lines import (
    OVERDUE_MARK,
    PAGE_SIZE,
    Board,
    LawTable,
    Listed,
    card_columns,
    due_text,
    filter_form,
    list_columns,
    read_board,
    read_list,
    summary,
)
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.cases import PRIORITY_MARK
from jhro_tui.ui.screens.form import FormScreen, confirm_then
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import VirtualRow, VirtualTable, fit, header_line

for _action in (
    Action("advocacy.new_law", "n", "new_law", N_("advocacy"), N_("New law or policy"),
           scope="advocacy", footer=N_("Law")),
    Action("advocacy.new_action", "a", "new_action", N_("advocacy"),
           N_("Log an advocacy action"), scope="advocacy",
           footer=N_("Action")),
    Action("advocacy.forward", "shift+right,greater_than_sign", "move(1)", N_("advocacy"),
           N_("Move the law to the next stage (also shift+→)"), scope="advocacy",
           footer=N_("Next stage"),
           key_display=">"),
    Action("advocacy.backward", "shift+left,less_than_sign", "move(-1)", N_("advocacy"),
           N_("Move the law to the previous stage (also shift+←)"), scope="advocacy",
           show=False,
           key_display="<"),
    Action("advocacy.view", "v", "switch_view", N_("advocacy"),
           N_("Switch the view: the board, the list of laws, the actions"),
           scope="advocacy", footer=N_("View")),
    Action("advocacy.period", "p", "period", N_("advocacy"),
           N_("Change the period of the actions"), scope="advocacy", footer=N_("Period")),
    Action("advocacy.done", "d", "follow_up_done", N_("advocacy"),
           N_("Mark the action's follow-up done (or not done)"), scope="advocacy",
           footer=N_("Done")),
    Action("advocacy.remove_action", "delete", "remove_action", N_("advocacy"),
           N_("Remove the action (a mistake; supervisor)"),
           scope="advocacy", show=False),
    Action("advocacy.filter", "f4", "filters", N_("advocacy"), N_("Filter the list"),
           scope="advocacy", footer=N_("Filters")),
    Action("advocacy.clear", "f8", "clear_filters", N_("advocacy"), N_("Clear the filters"),
           scope="advocacy", show=False),
    Action("advocacy.empty", "e", "toggle_empty", N_("advocacy"),
           N_("Show or fold the empty stages of the board"), scope="advocacy", show=False),
    Action("advocacy.left", "left", "column(-1)", N_("advocacy"),
           N_("Board: the column on the left"), scope="advocacy",
           show=False, key_display="←"),
    Action("advocacy.right", "right", "column(1)", N_("advocacy"),
           N_("Board: the column on the right"), scope="advocacy",
           show=False, key_display="→"),
    Action("advocacy.reload", "f5", "reload", N_("advocacy"), N_("Reload"),
           scope="advocacy", show=False),
    Action("advocacy.back", "escape", "back", N_("go"), N_("Back"), scope="advocacy"),
):
    register(_action)

T = TypeVar("T")

COLUMN_WIDTH = 26
"""Cells a column of the board takes at least: three columns at 80, seven at 200."""
LIST = "advocacy-list"
ACTIONS = "advocacy-actions"
BOARD, LISTING, ACTING = "board", "list", "actions"
VIEWS = (BOARD, LISTING, ACTING)
"""The views, in the order ``v`` goes through them."""


class AdvocacyScreen(JhroScreen):
    """The office's laws and policies by stage, and as a filtered list (officers and
    supervisors)."""

    SCOPE = "advocacy"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    AdvocacyScreen #advocacy-header { height: 2; padding: 0 1; }
    AdvocacyScreen #advocacy-title { text-style: bold; width: 1fr; height: 1; }
    AdvocacyScreen #advocacy-note { color: $text-muted; width: 1fr; height: 1; }
    AdvocacyScreen #advocacy-board { height: 1fr; }
    AdvocacyScreen .board-column { width: 1fr; height: 1fr; }
    AdvocacyScreen .board-column > Label { width: 1fr; height: 1; text-style: bold;
                                           background: $boost; padding: 0 1; }
    AdvocacyScreen .board-column.-current > Label { background: $primary; color: $text; }
    AdvocacyScreen .board-column VirtualTable { height: 1fr; }
    AdvocacyScreen #advocacy-current { height: 1; width: 1fr; padding: 0 1;
                                       background: $boost; }
    AdvocacyScreen .board-column VirtualTable:blur > .virtual-table--cursor {
        background: $primary 15%; }
    AdvocacyScreen .advocacy-box { height: 1fr; }
    AdvocacyScreen .advocacy-table-header { height: 1; text-style: bold;
                                            background: $boost; }
    """

    def __init__(self, shown: Board | None = None, *, showing: str = BOARD,
                 filters: LawFilter | None = None,
                 period: tuple[dt.date, dt.date] | None = None) -> None:
        """``shown``, when it was read before the screen was put up, shows at once;
        ``showing``: the view (``VIEWS``), the list with ``filters``, the actions of
        ``period`` (None: ``default_period``)."""
        super().__init__()
        self.shown = shown
        self.showing = showing
        self.period = period
        self.actions_total = 0
        self._actions_read = False
        self._actions: dict[int, ActionView] = {}
        """The actions of the rows painted, for the keys that act on the one under the
        cursor."""
        self._lines: dict[int, LawLine] = {}
        """The laws of the rows painted: the action form offers them."""
        self.show_empty = False
        self.stage = next(iter(LAW_STAGES))
        """The column the cursor is in (or goes back to from the list)."""
        self.first = 0
        """The first of the shown stages in view."""
        self.filters = filters or LawFilter()
        self.list_total = 0
        self._list_read = False
        self._resumed_before = False
        self._from_form = False
        """A form of this screen is up: it reads what it changed itself before it
        closes, so coming back from it needs no read."""

    def compose(self) -> ComposeResult:
        with Vertical(id="advocacy-header"):
            yield Label("", id="advocacy-title")
            yield Label("", id="advocacy-note")
        with Horizontal(id="advocacy-board"):
            for stage in LAW_STAGES:
                with Vertical(classes="board-column", id=f"column-{stage}"):
                    yield Label("", id=f"head-{stage}")
                    yield LawTable(card_columns(), self._column_loader(stage),
                                   page_size=PAGE_SIZE, id=f"board-{stage}")
        with Vertical(id="advocacy-list-box", classes="advocacy-box"):
            yield Static("", id="advocacy-list-header", classes="advocacy-table-header")
            yield LawTable(list_columns(), self._load_list, page_size=PAGE_SIZE, id=LIST)
        with Vertical(id="advocacy-actions-box", classes="advocacy-box"):
            yield Static("", id="advocacy-actions-header", classes="advocacy-table-header")
            yield LawTable(action_columns(), self._load_actions, page_size=PAGE_SIZE,
                           id=ACTIONS)
        yield Label("", id="advocacy-current")
        yield KeyBar()

    @property
    def listing(self) -> bool:
        return self.showing == LISTING

    def on_mount(self) -> None:
        self._display()
        if self.shown is not None:
            self.show(self.shown)
        else:
            self.load()
        if self.listing:
            self.load_list(self.filters)
        elif self.showing == ACTING:
            self.load_actions()

    def _display(self) -> None:
        self.query_one("#advocacy-board").display = self.showing == BOARD
        self.query_one("#advocacy-list-box").display = self.listing
        self.query_one("#advocacy-actions-box").display = self.showing == ACTING

    def on_screen_resume(self) -> None:
        """Back from a law's page: the board as it is now."""
        if self._resumed_before and not self._from_form:
            self.action_reload()
        self._resumed_before = True
        self._from_form = False

    def on_resize(self) -> None:
        if self.shown is not None:
            self._lay_out()
        self._paint_list_header()

    def route(self) -> Route:
        showing, filters, period = self.showing, self.filters, self.period
        return lambda: AdvocacyScreen(showing=showing, filters=filters, period=period)

    # -- the board ---------------------------------------------------------------------

    def _column_loader(self, stage: str) -> Callable[..., Any]:
        async def load(offset: int, limit: int, previous: VirtualRow | None
                       ) -> list[VirtualRow]:
            lines = await self.jhro.call_db(laws_page, self.jhro.require_session(),
                                            LawFilter(stage=stage), offset, limit)
            return [self._card(line) for line in lines]

        return load

    def _card(self, line: LawLine) -> VirtualRow:
        self._lines[line.id] = line
        today = self.jhro.today()
        return VirtualRow(line.id, (PRIORITY_MARK.get(line.priority, ""), line.title,
                                    due_text(line, today, short=True),
                                    summary(line, today)))

    @work(exclusive=True, group="advocacy-board", exit_on_error=False)
    async def load(self, focus_law: LawView | None = None) -> None:
        shown = await self.read_or_say(read_board, focus_law)
        if shown is not None:
            self.show(shown)

    def show(self, shown: Board) -> None:
        self.shown = shown
        self._lines.clear()  # read again: a law removed meanwhile is no longer offered
        pages = dict(shown.pages)
        for stage in LAW_STAGES:
            table = self.query_one(f"#board-{stage}", VirtualTable)
            table.empty_text = _("No law at this stage.") if shown.total else _(
                "No law or policy recorded yet: n adds one.")
            keep = shown.focus is None and stage == self.stage
            table.reset(shown.count(stage), keep_cursor=keep,
                        first_page=[self._card(line) for line in pages.get(stage, ())])
        if shown.focus is not None:
            self.stage, row = shown.focus
            self.query_one(f"#board-{self.stage}", VirtualTable).cursor = row
        self._lay_out()

    def _stages(self) -> list[str]:
        """The stages the board shows as columns, in order."""
        if self.shown is None:
            return list(LAW_STAGES)
        shown = [stage for stage in LAW_STAGES if self.show_empty or self.shown.count(stage)]
        # No law at all: the first column, which says how to add one.
        return shown or list(LAW_STAGES)[:1]

    def _in_view(self) -> int:
        return max(1, (self.size.width or 80) // COLUMN_WIDTH)

    def _lay_out(self) -> None:
        """The columns in view, the one with the cursor among them and focused."""
        stages = self._stages()
        if stages and self.stage not in stages:
            self.stage = min(stages, key=lambda stage: abs(
                list(LAW_STAGES).index(stage) - list(LAW_STAGES).index(self.stage)))
        count = self._in_view()
        at = stages.index(self.stage) if stages else 0
        self.first = max(0, min(self.first, at, len(stages) - count))
        if at >= self.first + count:
            self.first = at - count + 1
        in_view = stages[self.first:self.first + count]
        # Each column's head in one line, the count whole (the label is cut first).
        room = (self.size.width or 80) // max(1, len(in_view)) - 2
        for stage in LAW_STAGES:
            column = self.query_one(f"#column-{stage}")
            column.display = stage in in_view
            column.set_class(stage == self.stage, "-current")
            counted = f"({format_number(self.shown.count(stage) if self.shown else 0)})"
            self.query_one(f"#head-{stage}", Label).update(plain(
                f"{fit(choice_label('law_stage', stage), room - len(counted) - 1)} {counted}"))
        self._describe()
        if self.showing == BOARD and stages:
            self.query_one(f"#board-{self.stage}", VirtualTable).focus(scroll_visible=False)
        self._say_current()

    def _describe(self) -> None:
        title, note = self.query_one("#advocacy-title", Label), self.query_one(
            "#advocacy-note", Label)
        if self.showing == ACTING:
            start, end = self.period or default_period(self.jhro.today())
            title.update(plain(_("Advocacy · actions · {count}").format(count=ngettext(
                "{count} action", "{count} actions", self.actions_total).format(
                    count=format_number(self.actions_total)))))
            note.update(plain(_("From {start} to {end} (p: another period) · {done} done  "
                                "{mark}overdue").format(
                start=format_date(start), end=format_date(end), done=DONE_MARK,
                mark=OVERDUE_MARK)))
            return
        if self.listing:
            title.update(plain(_("Advocacy · list · {count}").format(count=ngettext(
                "{count} law", "{count} laws", self.list_total).format(
                    count=format_number(self.list_total)))))
            note.update(plain(self._filters_text()))
            return
        shown = self.shown
        total = shown.total if shown is not None else 0
        stages = self._stages()
        count = self._in_view()
        parts = [_("Advocacy · board · {count}").format(count=ngettext(
            "{count} law", "{count} laws", total).format(count=format_number(total)))]
        if len(stages) > count:
            parts.append(_("columns {first}–{last} of {count} (← →)").format(
                first=self.first + 1, last=min(len(stages), self.first + count),
                count=len(stages)))
        title.update(plain(" · ".join(parts)))
        empty = [choice_label("law_stage", stage) for stage in LAW_STAGES
                 if shown is not None and not shown.count(stage)]
        legend = _("{urgent} urgent  {high} high  {mark}overdue").format(
            urgent=PRIORITY_MARK["urgent"], high=PRIORITY_MARK["high"], mark=OVERDUE_MARK)
        if empty and not self.show_empty:
            note.update(plain(_("Empty (e): {stages} · {legend}").format(
                stages=", ".join(empty), legend=legend)))
        else:
            note.update(plain(legend))

    def action_column(self, step: int) -> None:
        stages = self._stages()
        if self.showing != BOARD or not stages:
            return
        at = stages.index(self.stage) + step if self.stage in stages else 0
        self.stage = stages[max(0, min(len(stages) - 1, at))]
        self._lay_out()

    def action_toggle_empty(self) -> None:
        self.show_empty = not self.show_empty
        self._lay_out()

    @on(VirtualTable.Selected)
    def _open(self, event: VirtualTable.Selected) -> None:
        if event.table.id != ACTIONS:
            open_law(self, event.row.key)
            return
        shown = self._actions.get(event.row.key)
        if shown is not None and shown.law_id is not None:
            open_law(self, shown.law_id)
        else:
            open_action(self, event.row.key, self._push)

    @on(LawTable.Moved)
    def _say_current(self) -> None:
        """The law under the cursor, whole: a column cuts its title to a dozen cells."""
        row = self._current()
        self.query_one("#advocacy-current", Label).update(
            plain(row.cells[-1] if row is not None else ""), layout=False)

    def _current(self) -> VirtualRow | None:
        table_id = {LISTING: LIST, ACTING: ACTIONS}.get(self.showing, f"board-{self.stage}")
        return self.query_one(f"#{table_id}", VirtualTable).current_row

    # -- moving a law --------------------------------------------------------------

    def action_move(self, step: int) -> None:
        row = self._current()
        if row is None:
            self.notify(_("Choose a law first (the arrow keys)."), markup=False)
            return
        self._move(row.key, step)

    @work(exclusive=True, group="advocacy-move", exit_on_error=False)
    async def _move(self, law_id: int, step: int) -> None:
        with self.jhro.hold_keys():
            view = await self.read_or_say(law, law_id)
            if view is None:
                return
            stages = list(LAW_STAGES)
            at = stages.index(view.stage) + step
            if not 0 <= at < len(stages):
                self.notify(_("The law is at the last stage of the board.") if step > 0
                            else _("The law is at the first stage of the board."),
                            markup=False)
                return
            self._push(stage_form(self.jhro, view, stages[at]), focus=True)

    # -- forms -------------------------------------------------------------------------

    def _push(self, form: FormScreen[T], *, focus: bool = False) -> None:
        """``form``; once saved, the board (and the list, if it shows) is read again
        before it comes down; ``focus``: the cursor on the law saved (a ``LawView``)."""

        async def read_back(saved: T) -> T:
            focus_law = saved if focus and isinstance(saved, LawView) else None
            shown = await self.read_or_say(read_board, focus_law)
            if shown is not None:
                self.show(shown)
            if self.listing:
                self.load_list(self.filters, keep_cursor=True)
            if self._actions_read:
                self.load_actions(keep_cursor=True)
            return saved

        form.then(read_back)
        self._from_form = True
        self.app.push_screen(form)

    def action_new_law(self) -> None:
        self._push(law_form(self.jhro), focus=True)

    def action_new_action(self) -> None:
        """On the law under the cursor, unless another is chosen (the actions: none)."""
        row = self._current() if self.showing != ACTING else None
        current = self._lines.get(row.key) if row is not None else None
        self._push(action_form(self.jhro, laws=self._laws_read(current),
                               default_law_id=current.id if current else None))

    def _laws_read(self, current: LawLine | None) -> tuple[LawLine, ...]:
        """What the action form offers: the laws of the rows painted (every column's, the
        list's), ``current`` first, then by title."""
        lines = dict(self._lines)
        if current is not None:
            lines.pop(current.id, None)
        ordered = sorted(lines.values(), key=lambda line: line.title.casefold())
        return ((current,) if current else ()) + tuple(ordered)

    # -- the list ----------------------------------------------------------------------

    async def _load_list(self, offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
        lines = await self.jhro.call_db(laws_page, self.jhro.require_session(),
                                        self.filters, offset, limit)
        return [self._list_row(line) for line in lines]

    def _list_row(self, line: LawLine) -> VirtualRow:
        self._lines[line.id] = line
        return VirtualRow(line.id, (
            PRIORITY_MARK.get(line.priority, ""), line.title,
            choice_label("law_stage", line.stage), format_date(line.stage_on), line.officer,
            due_text(line, self.jhro.today(), short=False),
            summary(line, self.jhro.today())))

    @work(exclusive=True, group="advocacy-list", exit_on_error=False)
    async def load_list(self, filters: LawFilter, *, keep_cursor: bool = False) -> None:
        listed = await self.read_or_say(read_list, filters)
        if listed is not None:
            self._show_list(listed, keep_cursor=keep_cursor)

    def _show_list(self, listed: Listed, *, keep_cursor: bool = False) -> None:
        self.filters = listed.filters
        self.list_total = listed.total
        self._list_read = True
        table = self.query_one(f"#{LIST}", VirtualTable)
        table.empty_text = (_("No law matches these filters: F8 clears them.")
                            if self.filters != LawFilter()
                            else _("No law or policy recorded yet: n adds one."))
        table.reset(listed.total, keep_cursor=keep_cursor,
                    first_page=[self._list_row(line) for line in listed.first_page])
        self._describe()
        self._say_current()

    def _paint_list_header(self) -> None:
        for table_id, header in ((LIST, "advocacy-list-header"),
                                 (ACTIONS, "advocacy-actions-header")):
            table = self.query_one(f"#{table_id}", VirtualTable)
            width = table.row_width or self.size.width - table.styles.scrollbar_size_vertical
            self.query_one(f"#{header}", Static).update(header_line(table.columns, width),
                                                        layout=False)

    def _filters_text(self) -> str:
        chosen = self.filters
        parts = [choice_label(name, getattr(chosen, field))
                 for field, name in (("stage", "law_stage"), ("kind", "law_kind"),
                                     ("jurisdiction", "law_jurisdiction"),
                                     ("theme", "law_theme"), ("priority", "priority"))
                 if getattr(chosen, field)]
        if chosen.officer:
            parts.append(chosen.officer)
        if chosen.text.strip():
            parts.append(f"“{chosen.text.strip()}”")
        if chosen.overdue:
            parts.append(_("follow-up overdue"))
        if not parts:
            return _("Every law of the office (F4: filters)")
        return _("Filters (F8 clears them): {filters}").format(filters=" · ".join(parts))

    def action_switch_view(self) -> None:
        self.showing = VIEWS[(VIEWS.index(self.showing) + 1) % len(VIEWS)]
        self._display()
        if self.showing != BOARD:
            table_id = LIST if self.listing else ACTIONS
            self.query_one(f"#{table_id}", VirtualTable).focus(scroll_visible=False)
            self._paint_list_header()
            if self.listing and not self._list_read:
                self.load_list(self.filters)
            if self.showing == ACTING and not self._actions_read:
                self.load_actions()
        self._lay_out()
        self.refresh_bindings()

    def action_filters(self) -> None:
        def chosen(listed: Listed | None) -> None:
            if listed is not None:
                self._show_list(listed)

        self._from_form = True
        self.app.push_screen(filter_form(self.jhro, self.filters), chosen)

    def action_clear_filters(self) -> None:
        self.load_list(LawFilter())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filters", "clear_filters"):
            return self.listing
        if action in ("column", "toggle_empty"):
            return self.showing == BOARD
        if action == "move":
            return self.showing != ACTING
        if action in ("period", "follow_up_done", "remove_action"):
            return self.showing == ACTING
        return super().check_action(action, parameters)

    def action_reload(self) -> None:
        self.load()
        if self._list_read:
            self.load_list(self.filters, keep_cursor=True)
        if self._actions_read:
            self.load_actions(keep_cursor=True)

    def action_back(self) -> None:
        self.jhro.go_back()

    # -- the actions -------------------------------------------------------------------

    async def _load_actions(self, offset: int, limit: int, previous: VirtualRow | None
                            ) -> list[VirtualRow]:
        start, end = self.period or default_period(self.jhro.today())
        views = await self.jhro.call_db(actions_page, self.jhro.require_session(), start,
                                        end, offset, limit)
        return [self._action_row(view) for view in views]

    def _action_row(self, view: ActionView) -> VirtualRow:
        self._actions[view.id] = view
        return action_row(view, self.jhro.today())

    @work(exclusive=True, group="advocacy-actions", exit_on_error=False)
    async def load_actions(self, *, keep_cursor: bool = False) -> None:
        listed = await self.read_or_say(read_actions, *(
            self.period or default_period(self.jhro.today())))
        if listed is not None:
            self._show_actions(listed, keep_cursor=keep_cursor)

    def _show_actions(self, listed: ActionsRead, *, keep_cursor: bool = False) -> None:
        self.actions_total = listed.total
        self._actions_read = True
        self._actions.clear()
        table = self.query_one(f"#{ACTIONS}", VirtualTable)
        table.empty_text = _("No action in this period: p chooses another, a logs one.")
        table.reset(listed.total, keep_cursor=keep_cursor,
                    first_page=[self._action_row(view) for view in listed.first_page])
        self._describe()
        self._say_current()

    def action_period(self) -> None:
        def chosen(listed: ActionsRead | None) -> None:
            if listed is not None:
                self.period = (listed.start, listed.end)
                self._show_actions(listed)

        self._from_form = True
        self.app.push_screen(period_form(self.jhro, *(
            self.period or default_period(self.jhro.today()))), chosen)

    def _current_action(self) -> ActionView | None:
        row = self._current()
        return self._actions.get(row.key) if row is not None else None

    def action_follow_up_done(self) -> None:
        shown = self._current_action()
        if shown is None or shown.follow_up is None:
            self.notify(_("Choose an action with a follow-up first (the arrow keys)."),
                        markup=False)
            return
        self._toggle_done(shown)

    @work(exclusive=True, group="advocacy-done", exit_on_error=False)
    async def _toggle_done(self, shown: ActionView) -> None:
        task = shown.follow_up
        assert task is not None
        try:
            await call(self.jhro, actions.complete_follow_up, task.id,
                       expected_version=task.version, done=task.done_at is None)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.load_actions(keep_cursor=True)

    def action_remove_action(self) -> None:
        shown = self._current_action()
        if shown is None:
            self.notify(_("Choose an action first (the arrow keys)."), markup=False)
            return
        confirm_then(self.app, _(
            "Remove the action “{action}”, with its follow-up and its links to cases? "
            "Only for an action recorded by mistake.").format(
                action=action_heading(shown)), lambda: self._remove_action(shown))

    @work(exclusive=True, group="advocacy-remove-action", exit_on_error=False)
    async def _remove_action(self, shown: ActionView) -> None:
        try:
            await call(self.jhro, actions.remove_action, shown.id,
                       expected_version=shown.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Action removed."), markup=False)
        self.load_actions(keep_cursor=True)
        if shown.law_id is not None:
            self.load()  # the law's next follow-up may have gone with it

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓ PgUp PgDn", _("a column, a list: move")),
                ("Enter", _("the law's page; on an action on no law, its form")),
                ("v", _("board, then list of laws, then actions (last 90 days)")),
                ("!!! !!", _("the law's priority: urgent, high")),
                (OVERDUE_MARK, _("before a date: the follow-up is overdue")),
                (DONE_MARK, _("before a date: the follow-up is done"))]
