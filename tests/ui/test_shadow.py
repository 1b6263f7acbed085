"""The terminal shadow: a repaint sends only the rows the terminal does not show already,
and what the terminal ends up showing is exactly what Textual meant it to show."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region, Size
from textual.strip import Strip

from jhro_tui.ui.shadow import TerminalShadow

WIDTH, HEIGHT = 30, 4
SIZE = Size(WIDTH, HEIGHT)
CONSOLE = Console(width=WIDTH, height=HEIGHT, force_terminal=True, color_system="standard",
                  legacy_windows=False)
STYLES = [Style(), Style(bold=True), Style(color="red"), Style(bgcolor="blue")]
"""Styles a cell may have; ``Style()`` is painted as no SGR, so the terminal model writes
its blanks as an erase does."""
_BACKGROUND = re.compile(r";(3[0-9]|9[0-7])(?=;|$)")
"""A foreground colour's code, as the standard colour system writes it."""
_SEQUENCE = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|(\r)|(\n)|([^\x1b\r\n])")


class Screen:
    """Just enough of a terminal for Textual's updates: absolute moves, SGR, text."""

    def __init__(self) -> None:
        self.cells = [[("?", "")] * WIDTH for _ in range(HEIGHT)]
        self.y = self.x = 0
        self.style = ""

    def feed(self, data: str) -> None:
        for params, final, carriage, newline, char in _SEQUENCE.findall(data):
            if final == "H":
                row, column = (params.split(";") + ["1", "1"])[:2]
                self.y, self.x = int(row or 1) - 1, int(column or 1) - 1
            elif final == "X":  # erased: blank with no style, the cursor stays
                for x in range(self.x, min(self.x + int(params or 1), WIDTH)):
                    self.cells[self.y][x] = (" ", "")
            elif final == "C":
                self.x = min(self.x + int(params or 1), WIDTH - 1)
            elif final == "m":
                for code in params.split(";"):
                    self.style = "" if code in ("", "0") else self.style + ";" + code
            elif carriage:
                self.x = 0
            elif newline:
                self.y += 1
            elif char:
                # A blank shows no foreground: written or erased, it looks the same.
                self.cells[self.y][self.x] = (char, _BACKGROUND.sub("", self.style)
                                              if char == " " else self.style)
                self.x += 1


def _strip(text: str, style: Style) -> Strip:
    return Strip([Segment(text, style)], len(text))


Picture = list[list[tuple[str, Style]]]


def _strips(draw: st.DrawFn, row: list[tuple[str, Style]]) -> list[Strip]:
    """The row cut, as Textual cuts it between widgets, into one to three strips."""
    cuts = sorted(draw(st.sets(st.integers(1, WIDTH - 1), max_size=2)))
    bounds = [0, *cuts, WIDTH]
    return [Strip(Segment.simplify(Segment(char, style) for char, style in row[start:end]),
                  end - start)
            for start, end in zip(bounds, bounds[1:], strict=False)]


@st.composite
def repaints(draw: st.DrawFn) -> list[LayoutUpdate | ChopsUpdate]:
    """What Textual sends: a full update first, then full or partial ones. A partial one
    changes the picture only inside its spans (Textual's contract: what is outside a
    dirty region is as painted before), though it may write more of the row."""
    # Runs of a character, as a screen has them: long runs of blanks are erased.
    run = st.tuples(st.sampled_from("ab  "), st.sampled_from(STYLES), st.integers(1, 16))
    cells = st.lists(run, min_size=WIDTH, max_size=WIDTH).map(
        lambda runs: [(char, style) for char, style, count in runs
                      for _ in range(count)][:WIDTH])
    sent: list[LayoutUpdate | ChopsUpdate] = []
    picture: Picture = []
    for step in range(draw(st.integers(1, 8))):
        new = [draw(cells) for _ in range(HEIGHT)]
        if step == 0 or draw(st.booleans()):
            picture = new
            sent.append(LayoutUpdate([_strips(draw, row) for row in picture],
                                     Region(0, 0, WIDTH, HEIGHT)))
            continue
        spans = []
        for y in sorted(draw(st.sets(st.integers(0, HEIGHT - 1), min_size=1))):
            x1 = draw(st.integers(0, WIDTH - 1))
            x2 = draw(st.integers(x1 + 1, WIDTH))
            spans.append((y, x1, x2))
            picture[y][x1:x2] = new[y][x1:x2]
        chops: list[dict[int, Strip | None]] = []
        ends = []
        for row in picture:
            line: dict[int, Strip | None] = {}
            x = 0
            for strip in _strips(draw, row):
                line[x] = strip
                x += strip.cell_length
            chops.append(line)
            ends.append([*list(line)[1:], WIDTH])
        sent.append(ChopsUpdate(chops, spans, ends))
    return sent


@settings(max_examples=400, deadline=None)
@given(repaints())
def test_the_terminal_shows_what_every_update_meant_with_rows_shown_already_left_out(
        sequence: list[LayoutUpdate | ChopsUpdate]) -> None:
    meant, shown = Screen(), Screen()
    shadow = TerminalShadow()
    for update in sequence:
        meant.feed(update.render_segments(CONSOLE))
        reduced = shadow.reduce(update, SIZE)
        if reduced is not None:
            shown.feed(reduced.render_segments(CONSOLE))  # type: ignore[attr-defined]
        assert shown.cells == meant.cells


def test_the_same_picture_painted_again_sends_nothing_and_a_new_size_everything() -> None:
    picture = LayoutUpdate([[_strip("x" * WIDTH, Style())] for _ in range(HEIGHT)],
                           Region(0, 0, WIDTH, HEIGHT))
    shadow = TerminalShadow()
    assert shadow.reduce(picture, SIZE) is not None
    assert shadow.reduce(picture, SIZE) is None
    assert shadow.reduce(picture, Size(WIDTH, HEIGHT + 1)) is not None
    shadow.forget()  # a terminal resumed after a suspend shows anything
    assert shadow.reduce(picture, Size(WIDTH, HEIGHT + 1)) is not None


def test_a_dialog_sends_the_cells_it_covers_and_a_style_that_paints_alike_nothing() -> None:
    """A dialog in the middle of a row is sent from its first changed cell to its last,
    wide characters whole; the screen behind it painted again with a default colour
    named and mouse offsets attached (as Textual paints a screen under a dialog) sends
    nothing."""
    plain = Style()
    behind = Style(color="default", bgcolor="default", meta={"offset": (0, 0)})
    shadow = TerminalShadow()
    picture: list[Iterable[Strip]] = [[_strip("x" * WIDTH, plain)] for _ in range(HEIGHT)]
    assert shadow.reduce(LayoutUpdate(picture, Region(0, 0, WIDTH, HEIGHT)), SIZE)
    again: list[Iterable[Strip]] = [[_strip("x" * WIDTH, behind)] for _ in range(HEIGHT)]
    assert shadow.reduce(LayoutUpdate(again, Region(0, 0, WIDTH, HEIGHT)), SIZE) is None
    over = Strip([Segment("xx", behind), Segment("a界b", plain), Segment("x" * 6, behind)],
                 WIDTH)
    dialog: list[Iterable[Strip]] = [again[0], [over], *again[2:]]
    reduced = shadow.reduce(LayoutUpdate(dialog, Region(0, 0, WIDTH, HEIGHT)), SIZE)
    assert reduced is not None
    sent = [(y, x, "".join(strip.text for strip in strips))
            for y, x, strips in reduced.rows]  # type: ignore[attr-defined]
    assert sent == [(1, 2, "a界b")]
