"""The key bar: the keys that apply, whole, and never without Help and Lock."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType

from jhro_tui.ui.widgets.key_bar import KeyBar
from tests.ui.support import screen_text


class BarApp(App[None]):
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f4", "noop", "Filters of every kind"),
        Binding("f5", "noop2", "Sort by any column"),
        Binding("f6", "noop3", "Export the selection"),
        Binding("f1", "noop4", "Help", id="app.help"),
        Binding("ctrl+l", "noop5", "Lock", id="session.lock"),
        Binding("ctrl+x", "noop6", "Hidden", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_noop(self) -> None: ...
    def action_noop2(self) -> None: ...
    def action_noop3(self) -> None: ...
    def action_noop4(self) -> None: ...
    def action_noop5(self) -> None: ...
    def action_noop6(self) -> None: ...


def bar_line(app: App[None]) -> str:
    """The bar's line, keys in lower case (a plain App shows them so; jhro capitalises)."""
    return screen_text(app).splitlines()[-1].lower()  # type: ignore[arg-type]


async def test_every_shown_key_when_there_is_room() -> None:
    app = BarApp()
    async with app.run_test(size=(120, 3)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert " f4 filters of every kind  f5 sort by any column  f6 export" in line
        assert "f1 help" in line and "^l lock" in line and "hidden" not in line


async def test_a_narrow_bar_keeps_help_and_lock_and_never_cuts_a_key() -> None:
    app = BarApp()
    async with app.run_test(size=(50, 3)) as pilot:
        await pilot.pause()
        line = bar_line(app)
        assert "f1 help" in line and "^l lock" in line
        assert "f4 filters of every kind" in line  # the first keys, in order, as room allows
        # Keys left out are left out whole: no description cut half-way.
        for description in ("sort by any column", "export the selection"):
            assert description in line or description.split()[0] not in line.split()
        assert len(line.rstrip()) <= 50
