"""A bar chart drawn by plotext (``textual-plotext``) with a cursor on one bar.

Horizontal bars, one line each, so that a label reads whole enough at 80 columns (a
vertical chart cut "Atteintes au droit à la vie" to "Atteintes"); each label carries
its value, and the bar under the cursor is marked by a sign as well as a colour, so that
neither colour (16-colour terminals, colour blindness) nor the chart itself is needed
to read it. Only the bars that fit are drawn, the window following the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from jhro_tui.i18n import format_number
from jhro_tui.text import sanitize
from jhro_tui.ui.widgets.virtual_table import fit

MARK = "▶ "
BAR = "blue"
CURSOR = "bold yellow"
AXIS = "┤"
FRAME = 3
"""Lines plotext draws besides the bars: the top of the frame, the axis, its ticks."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


class BarChart(PlotextPlot, can_focus=True):
    """Bars of ``bars``; ↑ ↓ move the cursor, Enter says which bar was chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", show=False),
        Binding("down,j", "move(1)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("home", "move(-1000000)", show=False),
        Binding("end", "move(1000000)", show=False),
        Binding("enter", "select", show=False),
    ]
    DEFAULT_CSS = """
    BarChart { height: 1fr; }
    """

    cursor: reactive[int] = reactive(0, init=False)

    @dataclass
    class Moved(Message):
        chart: BarChart
        index: int

    @dataclass
    class Selected(Message):
        chart: BarChart
        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[Bar] = []
        self._first = 0
        """The first bar drawn (the window that fits follows the cursor)."""

    def show_bars(self, bars: list[Bar], cursor: int = 0) -> None:
        self.bars = bars
        self._first = 0
        # One line a bar: a table of few rows draws a short chart, not bars stretched.
        self.styles.max_height = len(bars) + FRAME
        self.set_reactive(BarChart.cursor, max(0, min(cursor, len(bars) - 1)))
        self.refresh()
        self.post_message(self.Moved(self, self.cursor))

    def action_move(self, by: int) -> None:
        if self.bars:
            self.cursor = max(0, min(self.cursor + by, len(self.bars) - 1))

    def watch_cursor(self) -> None:
        self.refresh()
        self.post_message(self.Moved(self, self.cursor))

    def action_select(self) -> None:
        if self.bars:
            self.post_message(self.Selected(self, self.cursor))

    def _window(self) -> range:
        fits = max(1, self.size.height - FRAME)
        if self.cursor < self._first:
            self._first = self.cursor
        elif self.cursor >= self._first + fits:
            self._first = self.cursor - fits + 1
        self._first = max(0, min(self._first, max(0, len(self.bars) - fits)))
        return range(self._first, min(len(self.bars), self._first + fits))

    def render(self):  # type: ignore[no-untyped-def]
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        window = self._window()
        if window:
            shown = [self.bars[index] for index in window]
            values = [format_number(bar.value) for bar in shown]
            digits = max(cell_len(value) for value in values)
            room = max(8, self.size.width * 2 // 5 - digits - 1 - len(MARK))
            labels = [f"{MARK if index == self.cursor else '  '}"
                      f"{fit(sanitize(bar.label), room)} {value:>{digits}}"
                      for index, bar, value in zip(window, shown, values, strict=True)]
            # plotext draws the first bar at the bottom: reversed, the list reads down.
            # plotext draws the first bar at the bottom: reversed, the list reads down.
            plt.bar(labels[::-1], [bar.value for bar in shown][::-1],
                    orientation="horizontal", width=1 / 5, color=BAR)
            step = max(1, -(-max(bar.value for bar in self.bars) // 4))
            plt.xticks([step * tick for tick in range(5)])
            plt.xlim(0, step * 4)
        drawn = super().render()
        if isinstance(drawn, Text):
            _highlight(drawn)
        return drawn


def _highlight(drawn: Text) -> None:
    """The line of the bar under the cursor, in reverse up to the axis and its bar in a
    colour of its own (plotext colours a series, not one bar)."""
    plain = drawn.plain
    mark = plain.find(MARK)
    if mark < 0:
        return
    start = plain.rfind("\n", 0, mark) + 1
    end = plain.find("\n", mark)
    end = len(plain) if end < 0 else end
    axis = plain.find(AXIS, mark, end)
    if axis < 0:
        return
    drawn.stylize("reverse", start, axis)
    drawn.stylize(CURSOR, axis + 1, end)
