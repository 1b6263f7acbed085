"""What the Advocacy screen reads and how a law shows in it: the board's first read (every
stage's count, the first page of each, where a law just moved now stands), the list's
filters and their form, a law's row and its line under the board. Apart from the screen,
which keeps to keys and layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from textual.message import Message

from jhro_tui.i18n import _, current_locale, format_date, widest_date
from jhro_tui.services.advocacy.board import LawFilter, count_laws, first_pages, laws_page
from jhro_tui.services.advocacy.views import LawLine, LawView, StageCount
from jhro_tui.services.forms import choice_label
from jhro_tui.services.session import Session
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice
from jhro_tui.ui.widgets.virtual_table import Column, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

PAGE_SIZE = 40
"""Rows read at a time for a column: a column at 200×50 shows 45."""
LOCATE_LIMIT = 1000
"""Rows of a column read at most to put the cursor on a law just moved or added; past it
the cursor stays at the top (a law just moved is among the latest of its priority)."""
OVERDUE_MARK = "*"
"""Before a follow-up's date when it is past: the legend under the title says so."""


@dataclass(frozen=True)
class Board:
    """What the board shows first: the count of every stage, and the first page of each
    stage that has laws (read together, so the board paints whole)."""

    counts: tuple[StageCount, ...]
    pages: tuple[tuple[str, tuple[LawLine, ...]], ...]
    focus: tuple[str, int] | None = None
    """(stage, row) of the law to put the cursor on."""

    def count(self, stage: str) -> int:
        return next((count.laws for count in self.counts if count.stage == stage), 0)

    @property
    def total(self) -> int:
        return sum(count.laws for count in self.counts)


def read_board(session: Session, focus_law: LawView | None = None) -> Board:
    """The board as it opens; with ``focus_law``, where that law now stands in its
    column."""
    counts, pages = first_pages(session, PAGE_SIZE)
    focus = None
    if focus_law is not None:
        row = _position(session, focus_law, dict(pages).get(focus_law.stage, ()))
        focus = (focus_law.stage, row) if row is not None else None
    return Board(counts, pages, focus)


def _position(session: Session, view: LawView, first: Sequence[LawLine]) -> int | None:
    lines = list(first)
    offset = len(lines)
    while True:
        found = next((number for number, line in enumerate(lines) if line.id == view.id),
                     None)
        if found is not None:
            return offset - len(lines) + found
        if len(lines) < PAGE_SIZE or offset >= LOCATE_LIMIT:
            return None
        lines = list(laws_page(session, LawFilter(stage=view.stage), offset, PAGE_SIZE))
        offset += len(lines)


@dataclass(frozen=True)
class Listed:
    """The list's filters with what they find: the filter form closes on the results."""

    filters: LawFilter
    total: int
    first_page: tuple[LawLine, ...]


def read_list(session: Session, filters: LawFilter) -> Listed:
    return Listed(filters, count_laws(session, filters),
                  laws_page(session, filters, 0, PAGE_SIZE))


def short_due(day: dt.date, today: dt.date) -> str:
    """A follow-up's date in a card: the day and month this year, the month and year
    another (a follow-up left overdue since a year ago is not one of this one)."""
    skeleton = "MMMd" if day.year == today.year else "yM"
    return str(format_skeleton(skeleton, day, locale=current_locale()))


def widest_due() -> int:
    """Cells a card's date takes at most in the installed language, its mark counted."""
    return len(OVERDUE_MARK) + max(
        len(short_due(dt.date(2000, month, 28), today))
        for month in range(1, 13) for today in (dt.date(2000, 1, 1), dt.date(2001, 1, 1)))


def due_text(line: LawLine, today: dt.date, *, short: bool) -> str:
    if line.next_due is None:
        return ""
    text = short_due(line.next_due, today) if short else format_date(line.next_due)
    return OVERDUE_MARK + text if line.next_due < today else text


def summary(line: LawLine, today: dt.date) -> str:
    """The line under the board: the law under the cursor, its title whole (the last cell
    of its row, which no column shows)."""
    parts = [line.title]
    if line.priority in ("urgent", "high"):
        parts.append(choice_label("priority", line.priority))
    if line.next_due is not None:
        parts.append((_("overdue: {date}") if line.next_due < today
                      else _("follow-up: {date}")).format(date=format_date(line.next_due)))
    parts.append(_("{stage} since {date}").format(
        stage=choice_label("law_stage", line.stage), date=format_date(line.stage_on)))
    return " · ".join(parts)


def card_columns() -> list[Column]:
    return [Column("!", 3, gives_way=1), Column(_("Law"), least=8),
            Column(_("Next"), widest_due(), gives_way=2)]


def list_columns() -> list[Column]:
    date = widest_date()
    return [Column("!", 3, gives_way=1), Column(_("Title"), least=20),
            Column(_("Stage"), 14, least=9, gives_way=2),
            Column(_("Since"), date, gives_way=4),
            Column(_("Officer"), 14, least=10, gives_way=3),
            Column(_("Follow-up"), date + 1, gives_way=5)]


class LawTable(VirtualTable):
    """A column of the board or the list: says when the law under its cursor changes, so
    that the line under the board gives that law's title whole."""

    class Moved(Message):
        pass

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self.post_message(self.Moved())

    def on_virtual_table_page_loaded(self, message: VirtualTable.PageLoaded) -> None:
        super().on_virtual_table_page_loaded(message)
        self.post_message(self.Moved())

    def on_focus(self) -> None:
        self.post_message(self.Moved())


def filter_form(app: Shell, filters: LawFilter) -> FormScreen[Listed]:
    """The list's filters; the form reads what they find before it closes, as the case
    list's does."""

    async def submit(values: Values) -> Listed:
        chosen = replace(
            filters,
            stage=values.get("stage") or "", kind=values.get("kind") or "",
            jurisdiction=values.get("jurisdiction") or "", theme=values.get("theme") or "",
            priority=values.get("priority") or "",
            officer=(values.get("officer") or "").strip(),
            text=(values.get("text") or "").strip(),
            overdue=values.get("overdue") == "yes")
        return await app.call_db(read_list, app.require_session(), chosen)

    return FormScreen(_("Filter the laws and policies"), [
        FormField("text", _("Words of the title"), "text", filters.text),
        FormField("stage", _("Stage"), "choice", filters.stage, closed_choices("law_stage")),
        FormField("kind", _("Kind"), "choice", filters.kind, closed_choices("law_kind")),
        FormField("jurisdiction", _("Jurisdiction"), "choice", filters.jurisdiction,
                  closed_choices("law_jurisdiction")),
        FormField("theme", _("Theme"), "choice", filters.theme, closed_choices("law_theme")),
        FormField("priority", _("Priority"), "choice", filters.priority,
                  closed_choices("priority")),
        FormField("officer", _("Officer"), "text", filters.officer,
                  placeholder=_("account name")),
        FormField("overdue", _("Follow-up overdue only"), "choice",
                  "yes" if filters.overdue else "",
                  [Choice("yes", _("Yes"), keywords=("yes",))]),
    ], submit, intro=_("Leave a field empty to keep every value."))
