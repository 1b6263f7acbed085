"""What the terminal shows, row by row, so that a repaint sends only the rows that changed.

Textual repaints a whole screen several times as one opens (its first paint, its resume,
the end of its mount: three frames of the same picture, 12 KB at 80×24 for the case list)
and on every full refresh. Over a 64 kbit/s SSH link each frame costs most of a second.
The shadow keeps, for each cell of the terminal, the styled character last written there;
a full update, and each span of a partial one, is cut down to the stretch of each row
from its first changed cell to its last. So a dialog over a screen sends the cells it
covers, not the rows it crosses, and a partial update that paints again what is shown
sends nothing. A new size, a resumed terminal or any other kind of write forgets
everything.

Textual's ``CompositorUpdate`` classes are private API, used here as of the pinned minor
version (pyproject.toml); tests/ui/test_terminal_bytes.py fails if they change shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Size
from textual.strip import SGR_STYLES, Strip


class Look(NamedTuple):
    """What a style shows: the same for two styles the terminal paints alike."""

    color: Color | None
    bgcolor: Color | None
    attributes: int
    link: str | None

Cell = tuple[str, Look]
"""One cell as the terminal shows it: its character (``""`` for the second half of a wide
one, with combining marks kept on their base) and its look."""


@lru_cache(maxsize=4096)
def _look(style: Style | None) -> Look:
    """The style as painted: Textual writes each segment after a reset, so a default
    colour is no colour, and the meta data a widget attaches (offsets for the mouse)
    paints nothing. A background screen under a dialog comes back with both changed."""
    if style is None:
        return Look(None, None, 0, None)
    color, bgcolor = (None if colour is None or colour.is_default else colour
                      for colour in (style.color, style.bgcolor))
    return Look(color, bgcolor, style._attributes & style._set_attributes, style.link)


def _cells(strips: Iterable[Strip]) -> list[Cell]:
    """The cells the strips fill, left to right, however Textual cut them into segments."""
    cells: list[Cell] = []
    for strip in strips:
        for segment in strip:
            if segment.control:
                continue
            for char in segment.text:
                width = cell_len(char)
                if width == 0 and cells:
                    cells[-1] = (cells[-1][0] + char, cells[-1][1])
                elif width:
                    look = _look(segment.style)
                    cells.append((char, look))
                    if width == 2:
                        cells.append(("", look))
    return cells


class RowsUpdate(CompositorUpdate):
    """Stretches of rows, each written from the column given."""

    def __init__(self, rows: Sequence[tuple[int, int, Sequence[Strip]]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: object) -> Iterable[Segment]:
        for y, x, strips in self.rows:
            yield Segment(f"\x1b[{y + 1};{x + 1}H")
            for strip in strips:
                yield from strip

    def render_segments(self, console: Console) -> str:
        """Each stretch with its styles set where they change, not around every segment
        as Textual writes them (a reset and a style per segment: a third of a dialog's
        bytes), and its long runs of blanks erased."""
        color_system = console._color_system or ColorSystem.TRUECOLOR
        out: list[str] = []
        for y, x, strips in self.rows:
            out.append(f"\x1b[{y + 1};{x + 1}H")
            runs: list[tuple[Look, list[str]]] = []
            for strip in strips:
                for segment in strip:
                    if segment.control:
                        continue
                    style = segment.style
                    if style is not None and style.link:
                        runs.append((_look(style), [Strip.render_style(
                            style, segment.text, color_system)]))
                        continue
                    look = _look(style)
                    if runs and runs[-1][0] == look and runs[-1][0].link is None:
                        runs[-1][1].append(segment.text)
                    else:
                        runs.append((look, [segment.text]))
            for look, texts in runs:
                text = "".join(texts)
                if look.link is not None:
                    out.append(text)
                    continue
                out.append(f"\x1b[0;{_sgr(look, color_system)}m")
                out.append(_BLANKS.sub(_erase, text) if look.bgcolor is None
                           and not look.attributes else text)
            out.append("\x1b[0m")
        return "".join(out)


@lru_cache(maxsize=4096)
def _sgr(look: Look, color_system: ColorSystem) -> str:
    """The codes that paint ``look`` after a reset (as ``Strip.render_ansi``, without
    the default colours a reset has set already)."""
    codes = [SGR_STYLES[bit] for bit in range(look.attributes.bit_length())
             if look.attributes & (1 << bit)]
    if look.color is not None:
        codes.extend(look.color.downgrade(color_system).get_ansi_codes())
    if look.bgcolor is not None:
        codes.extend(look.bgcolor.downgrade(color_system).get_ansi_codes(False))
    return ";".join(codes)


_BLANKS = re.compile(" {12,}")
"""A run of blanks worth erasing rather than writing (a dialog's rows end in dozens)."""


def _erase(blanks: re.Match[str]) -> str:
    """Blank cells with no background and no attribute, erased (ECH) and stepped over
    (CUF): the same cells on any terminal, in 10 bytes instead of one per cell."""
    count = len(blanks.group())
    return f"\x1b[{count}X\x1b[{count}C"


Row = list[Cell | None]
"""A row as the terminal shows it, ``None`` where the cell is unknown."""


def _changed(shown: Row, cells: Sequence[Cell], x: int) -> tuple[int, int] | None:
    """The stretch of ``cells`` (placed at column ``x``) from its first cell the
    terminal does not show to its last, widened to whole wide characters; None if the
    terminal shows them all."""
    differ = [index for index, cell in enumerate(cells) if shown[x + index] != cell]
    if not differ:
        return None
    first, last = differ[0], differ[-1] + 1
    while first > 0 and cells[first][0] == "":
        first -= 1
    while last < len(cells) and cells[last][0] == "":
        last += 1
    return first, last


class TerminalShadow:
    """The cells the terminal shows, as last written by the app."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self._size: Size | None = None

    def forget(self) -> None:
        """The terminal may show anything: write every cell next time."""
        self._rows.clear()

    def reduce(self, update: object, size: Size) -> object | None:
        """``update`` without what the terminal already shows; ``None`` if nothing is
        left to write."""
        if size != self._size:
            self._size = size
            self.forget()
        if isinstance(update, LayoutUpdate):
            return self._reduce_layout(update, size.width)
        if isinstance(update, ChopsUpdate):
            return self._reduce_chops(update, size.width)
        self.forget()
        return update

    def _row(self, y: int, width: int) -> Row:
        return self._rows.setdefault(y, [None] * width)

    def _write(self, changed: list[tuple[int, int, Sequence[Strip]]], y: int, x: int,
               line: Strip, cells: Sequence[Cell], width: int) -> None:
        """Keep the part of ``line`` (its ``cells``, at column ``x``) the terminal does
        not show, and remember it as shown."""
        row = self._row(y, width)
        stretch = _changed(row, cells, x)
        if stretch is None:
            return
        first, last = stretch
        row[x + first:x + last] = cells[first:last]
        changed.append((y, x + first, [line.crop(first, last)]))

    def _reduce_layout(self, update: LayoutUpdate, width: int) -> RowsUpdate | None:
        changed: list[tuple[int, int, Sequence[Strip]]] = []
        for y, strips in enumerate(update.strips, update.region.y):
            line = Strip.join(list(strips))
            cells = _cells([line])
            if update.region.x + len(cells) > width:
                self._rows.pop(y, None)
                changed.append((y, update.region.x, [line]))
            else:
                self._write(changed, y, update.region.x, line, cells, width)
        return RowsUpdate(changed) if changed else None

    def _reduce_chops(self, update: ChopsUpdate, width: int) -> RowsUpdate | None:
        """Each span cut down to what the terminal does not show. A chop whose cells do
        not add up (a character wider than its strip) is written over the span whole,
        and leaves its cells unknown."""
        changed: list[tuple[int, int, Sequence[Strip]]] = []
        for y, x1, x2 in update.spans:
            for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(),
                                       strict=False):
                if strip is None or x >= x2 or end <= x1:
                    continue
                cells = _cells([strip])
                if len(cells) != end - x or end > width:
                    self._rows.pop(y, None)
                    changed.append((y, x, [strip]))
                    continue
                # Whole wide characters: what the chop draws past the span is what the
                # screen shows there too.
                start, stop = max(x1, x) - x, min(x2, end) - x
                while start > 0 and cells[start][0] == "":
                    start -= 1
                while stop < len(cells) and cells[stop][0] == "":
                    stop += 1
                self._write(changed, y, x + start, strip.crop(start, stop),
                            cells[start:stop], width)
        return RowsUpdate(changed) if changed else None
