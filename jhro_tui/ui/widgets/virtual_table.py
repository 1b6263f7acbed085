"""A table over any number of rows that holds only a few pages in memory.

The built-in ``DataTable`` stores and measures every row (about 12 s and all rows in
memory for 100,000 cases). This widget paints the visible lines from a page cache and
asks its loader for missing pages, so the first screen of a 100,000-row list appears as
fast as one page query. Moving the cursor repaints only the two rows that changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from jhro_tui.i18n import N_, _
from jhro_tui.text import sanitize
from jhro_tui.ui.widgets.scrolling import SteadyScrollView


@dataclass(frozen=True)
class Column:
    title: str
    width: int | None = None
    """Cells wide when there is room; None: a flexible column (a title, a description),
    which takes what the others leave."""
    align: str = "left"
    least: int | None = None
    """A flexible column: the cells it keeps before the others give way. A fixed one:
    the narrowest it may be cut to before it is hidden; None: it is never cut (a status
    reads whole or not at all)."""
    gives_way: int = 0
    """When the table is too narrow, fixed columns give way, the highest first: cut to
    their ``least``, then hidden. 0: never (the reference, the status)."""


@dataclass(frozen=True)
class VirtualRow:
    """One row: its key (a database id), its cells, and the key that orders it."""

    key: int
    cells: tuple[str, ...]
    sort_key: tuple[Any, ...] = ()


PageLoader = Callable[[int, int, "VirtualRow | None"], Awaitable[Sequence[VirtualRow]]]

PAGE_FAILED = N_("Could not be read: scroll away and back to try again")
"""The rows of a page whose load failed, until it is tried again."""
PAGE_FAILED_AGAIN = N_("Could not be read")
"""The rows of a page whose load failed again: the error was said, and tried once more."""


class VirtualTable(SteadyScrollView, can_focus=True):
    """Rows painted on demand from pages of ``page_size`` rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", show=False),
        Binding("down,j", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--cursor", "virtual-table--placeholder"}
    # The gutter is kept when no scrollbar shows, so that the rows and their header keep
    # one layout whatever the count: a scrollbar over the rows hid their last two cells.
    DEFAULT_CSS = """
    VirtualTable { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    VirtualTable > .virtual-table--cursor { background: $primary; color: $text; }
    VirtualTable:blur > .virtual-table--cursor { background: $primary 40%; }
    VirtualTable > .virtual-table--placeholder { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)

    @dataclass
    class Selected(Message):
        """Enter on a row."""

        table: VirtualTable
        row: VirtualRow

    @dataclass
    class PageLoaded(Message):
        generation: int
        page: int
        rows: Sequence[VirtualRow]

    @dataclass
    class PageFailed(Message):
        generation: int
        page: int

    def __init__(self, columns: Sequence[Column], loader: PageLoader, *, page_size: int = 100,
                 cached_pages: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.loader = loader
        self.page_size = page_size
        self.total = 0
        self._pages: LRUCache[int, Sequence[VirtualRow]] = LRUCache(cached_pages)
        self._pending: set[int] = set()
        self._failures: dict[int, int] = {}
        """Pages whose load failed, and how many times."""
        self._retry_when_seen: set[int] = set()
        """Pages that failed once and have been scrolled out of view: read again when
        scrolled back to."""
        self._generation = 0
        self._base = self._cursor_style = self._placeholder_style = Style()
        self.empty_text = ""
        """Painted on the first line while the table has no row (what to do about it)."""

    # -- data ----------------------------------------------------------------------

    def reset(self, total: int, *, keep_cursor: bool = False,
              first_page: Sequence[VirtualRow] | None = None) -> None:
        """A new result set of ``total`` rows: forget every page and start again.

        ``first_page``, read with the count, paints at once instead of being asked for.
        """
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._failures.clear()
        self._retry_when_seen.clear()
        if first_page is not None:
            self._pages.set(0, first_page)
        self.total = max(0, total)
        # Rows are cut to the width, never scrolled sideways: the virtual width stays 0,
        # so a resize changes nothing to lay out again. A new total needs no layout
        # either, only the scrollbar brought up to date now, to be painted with the rows
        # (showing or hiding it still lays the screen out).
        self.set_reactive(VirtualTable.virtual_size, Size(0, self.total))
        self._scroll_update(self.virtual_size)
        cursor = min(self.cursor, self.total - 1) if keep_cursor else 0
        self.set_reactive(VirtualTable.cursor, max(0, cursor))
        if not keep_cursor:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def grow(self, total: int) -> None:
        """More rows than the count said (a count that stopped at a cap): the pages read
        stay, and so does the cursor."""
        if total <= self.total:
            return
        self.total = total
        self.set_reactive(VirtualTable.virtual_size, Size(0, self.total))
        self._scroll_update(self.virtual_size)
        self.refresh()

    def row_at(self, index: int) -> VirtualRow | None:
        page = self._pages.get(index // self.page_size)
        if page is None:
            return None
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    @property
    def current_row(self) -> VirtualRow | None:
        return self.row_at(self.cursor) if self.total else None

    def _request(self, page: int, *, again: bool = False) -> None:
        """Load ``page`` unless it is on its way, past the end, or failed (``again``: a
        failed page, read once more)."""
        if page in self._pending or (page in self._failures and not again) \
                or page * self.page_size >= self.total:
            return
        self._pending.add(page)
        previous = self.row_at(page * self.page_size - 1) if page else None
        self._load_page(self._generation, page, previous)

    @work(group="virtual-table-pages", exit_on_error=False)
    async def _load_page(self, generation: int, page: int, previous: VirtualRow | None) -> None:
        try:
            rows = await self.loader(page * self.page_size, self.page_size, previous)
        except Exception:
            self.post_message(self.PageFailed(generation, page))
            raise  # the app's one handler of failed workers says what went wrong
        self.post_message(self.PageLoaded(generation, page, rows))

    def on_virtual_table_page_failed(self, message: PageFailed) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._failures[message.page] = self._failures.get(message.page, 0) + 1
        self.refresh_lines(message.page * self.page_size, self.page_size)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        top, height = round(new_value), self.scrollable_content_region.height
        for page, failures in self._failures.items():
            start = page * self.page_size
            out_of_view = start + self.page_size <= top or start >= top + height
            if failures == 1 and page not in self._pending and out_of_view:
                self._retry_when_seen.add(page)

    def on_virtual_table_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._pending.discard(message.page)
        self._failures.pop(message.page, None)
        self._pages.set(message.page, message.rows)
        start = message.page * self.page_size
        self.refresh_lines(start, len(message.rows))

    # -- painting ------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The same styles serve every line of one paint; asked for per line, each is a
        # walk up the DOM.
        self._base = self.rich_style
        self._cursor_style = self._base + self.get_component_rich_style("virtual-table--cursor")
        self._placeholder_style = self._base + self.get_component_rich_style(
            "virtual-table--placeholder")
        return super().render_lines(crop)

    @property
    def row_width(self) -> int:
        """Cells a row takes: the table's width less its scrollbar's gutter (0 before the
        first layout)."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self.row_width
        index = self.scroll_offset.y + y
        if index >= self.total:
            if index == 0 and self.empty_text:
                text = Text(sanitize(self.empty_text), no_wrap=True, overflow="ellipsis",
                            end="")
                text.truncate(width, overflow="ellipsis", pad=True)
                return Strip(list(text.render(self.app.console)), width).apply_style(
                    self._placeholder_style)
            return Strip.blank(width, self._base)
        page = index // self.page_size
        row = self.row_at(index)
        if row is None:
            if page in self._retry_when_seen:
                self._retry_when_seen.discard(page)
                self._request(page, again=True)
            failures = self._failures.get(page, 0)
            if failures and page not in self._pending:
                return self._placeholder(fit(_(PAGE_FAILED if failures == 1
                                               else PAGE_FAILED_AGAIN), width), width)
            self._request(page)
            return self._placeholder("…", width)
        # Prefetch the neighbouring page so scrolling rarely meets a placeholder.
        if index % self.page_size > self.page_size * 3 // 4:
            self._request(page + 1)
        style = self._cursor_style if index == self.cursor else self._base
        return self._format(row, width, style)

    def _placeholder(self, text: str, width: int) -> Strip:
        return Strip([Segment(text.ljust(width), self._placeholder_style)], width)

    def _format(self, row: VirtualRow, width: int, style: Style) -> Strip:
        line = Text(no_wrap=True, overflow="ellipsis", style=style, end="")
        widths = column_widths(self.columns, width)
        first = True
        for number, (column, cell_width) in enumerate(zip(self.columns, widths, strict=True)):
            if not cell_width:
                continue  # given way to the columns that matter more
            value = fit(sanitize(row.cells[number] if number < len(row.cells) else ""),
                        cell_width, at_word=column.width is None)
            cell = Text(value, no_wrap=True, end="")
            if column.align == "right":
                cell.pad_left(cell_width - cell.cell_len)
            else:
                cell.pad_right(cell_width - cell.cell_len)
            if not first:
                line.append(" ")
            first = False
            line.append_text(cell)
        line.truncate(width, pad=True)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).apply_style(style)

    # -- cursor --------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_select(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, row))


def column_widths(columns: Sequence[Column], width: int) -> list[int]:
    """Each column's cells in ``width`` (0: hidden), by priority.

    Fixed columns take their width and the flexible ones share the rest. When that rest
    is less than the flexible columns' ``least``, the fixed columns give way in order:
    first each is cut to its ``least``, then, if that is not enough, hidden, and what a
    hidden column frees goes back to those cut before the flexible ones get it. A
    flexible column shrinks below its ``least`` only when nothing else can give way.
    """
    widths = [column.width or 0 for column in columns]
    flexible = [number for number, column in enumerate(columns) if column.width is None]
    wanted = sum(columns[number].least or 1 for number in flexible)

    def spare() -> int:
        """Cells left once the flexible columns have their least, separators counted."""
        shown = sum(1 for number, cells in enumerate(widths) if cells or number in flexible)
        return width - sum(widths) - max(0, shown - 1) - wanted

    giving = sorted((number for number, column in enumerate(columns)
                     if column.gives_way and column.width is not None),
                    key=lambda number: -columns[number].gives_way)
    for number in giving:
        least = columns[number].least or widths[number]
        widths[number] -= min(widths[number] - least, max(0, -spare()))
    hidden = set()
    for number in giving:
        if spare() >= 0:
            break
        widths[number] = 0
        hidden.add(number)
    for number in reversed(giving):
        if number not in hidden:
            full = columns[number].width or 0
            widths[number] += min(full - widths[number], max(0, spare()))
    rest = max(len(flexible), spare() + wanted)
    for share, number in enumerate(flexible):
        widths[number] = rest // len(flexible) + (share < rest % len(flexible))
    return widths


def fit(text: str, width: int, *, at_word: bool = False) -> str:
    """``text`` in at most ``width`` cells, an ellipsis where it is cut; ``at_word``: cut
    after the last whole word, unless that loses more than a third of the width."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = set_cell_size(text, width - 1).rstrip()
    if at_word:
        space = cut.rfind(" ")
        if space >= (width * 2) // 3:
            cut = cut[:space].rstrip(" ,;:-–—")
    return cut + "…"


class ColumnHeader(Widget):
    """The titles of a table's columns, laid out as the table lays out its cells."""

    DEFAULT_CSS = """
    ColumnHeader { height: 1; text-style: bold; background: $boost; }
    """

    def __init__(self, table: VirtualTable, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table

    def render(self) -> Text:
        return header_line(self.table.columns, self.table.row_width or (
            self.size.width - self.table.styles.scrollbar_size_vertical))


def header_line(columns: Sequence[Column], width: int) -> Text:
    """The column titles laid out as the table lays out its cells."""
    widths = column_widths(columns, width)
    line = Text(no_wrap=True, end="")
    for column, cell_width in zip(columns, widths, strict=True):
        if not cell_width:
            continue
        cell = Text(fit(sanitize(column.title), cell_width), no_wrap=True, end="")
        cell.pad_right(cell_width - cell.cell_len)
        if line:
            line.append(" ")
        line.append_text(cell)
    return line
