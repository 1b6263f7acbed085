"""A module's screen of lists (Justice, Detention): a service reads every list at once,
each list shows the rows the service gives with a title that says how many there are,
``Tab`` goes from list to list, and coming back to the screen reads it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from jhro_tui.i18n import _, format_number
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

Shown = TypeVar("Shown")


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """Each list holds all the rows its service gave, given whole to ``reset``."""
    return []


def list_box(table_id: str, columns: list[Column]) -> ComposeResult:
    """One list: its title, its column header, its rows, and a line when it is empty."""
    with Vertical(id=f"{table_id}-box", classes="home-list"):
        yield Label("", classes="section-title", id=f"{table_id}-title")
        table = VirtualTable(columns, _no_more_pages, id=table_id)
        yield ColumnHeader(table)
        yield table
        yield Label(plain(_("Nothing to show.")), classes="placeholder",
                    id=f"{table_id}-none")


class ListsScreen(JhroScreen, Generic[Shown]):
    """Subclasses say which service reads the lists (``reader``), compose their boxes
    (``list_box``) and show what was read (``show``)."""

    LISTS: ClassVar[tuple[str, ...]] = ()
    """The lists ``Tab`` goes through, in order; the first one shown takes the focus."""
    LIST_LIMIT: ClassVar[int]
    """Where the service cuts each list (its overview's ``LIST_LIMIT``)."""

    def __init__(self, shown: Shown | None = None) -> None:
        """``shown``, when it was read before the screen was put up, shows at once."""
        super().__init__()
        self.shown = shown
        self._resumed_before = False

    def reader(self) -> tuple[Callable[..., Shown], tuple[Any, ...]]:
        """The service that reads the lists, and its arguments after the session."""
        raise NotImplementedError

    def show(self, shown: Shown) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.shown is not None:
            self.show(self.shown)
        else:
            self.load()

    def on_screen_resume(self) -> None:
        """Back from a record opened from a list: the lists as they are now."""
        if self._resumed_before:
            self.load()
        self._resumed_before = True

    async def read(self) -> Shown:
        service, args = self.reader()
        return await self.jhro.call_db(service, self.jhro.require_session(), *args)

    @work(exclusive=True, group="lists", exit_on_error=False)
    async def load(self) -> None:
        service, args = self.reader()
        shown = await self.read_or_say(service, *args)
        if shown is not None:
            self.show(shown)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.jhro.go_back()

    def title_list(self, table_id: str, title: str, shown: int, total: int,
                   note: str = "") -> None:
        """The title with its count; a list cut at ``LIST_LIMIT`` says how many it shows."""
        if total > shown or shown >= self.LIST_LIMIT:
            counted = _("{title} (the first {shown} of {total})").format(
                title=title, shown=format_number(shown),
                total=format_number(total) if total > shown else f"{format_number(total)}+")
        else:
            counted = f"{title} ({format_number(total)})"
        self.query_one(f"#{table_id}-title", Label).update(plain(
            f"{counted} · {note}" if note else counted))

    def fill_list(self, table_id: str, rows: list[VirtualRow]) -> None:
        table = self.query_one(f"#{table_id}", VirtualTable)
        table.reset(len(rows), first_page=rows)
        table.display = bool(rows)
        self.query_one(f"#{table_id}-box ColumnHeader").display = bool(rows)
        self.query_one(f"#{table_id}-none").display = not rows

    def focus_first_list(self) -> None:
        """Unless something has the focus already: the first list that shows rows."""
        if self.focused is not None:
            return
        first = next((self.query_one(f"#{table_id}", VirtualTable) for table_id in self.LISTS
                      if self.query_one(f"#{table_id}", VirtualTable).display), None)
        if first is not None:
            first.focus(scroll_visible=False)
