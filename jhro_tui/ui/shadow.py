"""What the terminal shows, row by row, so that a repaint sends only the rows that changed.

Textual repaints a whole screen several times as one opens (its first paint, its resume,
the end of its mount: three frames of the same picture, 12 KB at 80×24 for the case list)
and on every full refresh. Over a 64 kbit/s SSH link each frame costs most of a second.
The shadow keeps, for each row of the terminal, the styled text last written there; a
full update, and each whole-row span of a partial one, is cut down to the rows that
differ. A row only partly written becomes unknown, and is written whole next time. A new
size, a resumed terminal or any other kind of write forgets everything.

Textual's ``CompositorUpdate`` classes are private API, used here as of the pinned minor
version (pyproject.toml); tests/ui/test_terminal_bytes.py fails if they change shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Size
from textual.strip import Strip

Cell = tuple[str, Style | None]
"""One cell as the terminal shows it: its character (``""`` for the second half of a wide
one, with combining marks kept on their base) and its style."""


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
                    cells.append((char, segment.style))
                    if width == 2:
                        cells.append(("", segment.style))
    return cells


class RowsUpdate(CompositorUpdate):
    """Whole rows of the screen, each written from its start."""

    def __init__(self, rows: Sequence[tuple[int, int, Sequence[Strip]]]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: object) -> Iterable[Segment]:
        for y, x, strips in self.rows:
            yield Segment(f"\x1b[{y + 1};{x + 1}H")
            for strip in strips:
                yield from strip

    def render_segments(self, console: Console) -> str:
        return "".join(f"\x1b[{y + 1};{x + 1}H" + "".join(strip.render(console)
                                                            for strip in strips)
                       for y, x, strips in self.rows)


class TerminalShadow:
    """The cells the terminal shows, as last written by the app, row by row."""

    def __init__(self) -> None:
        self._rows: dict[int, list[Cell]] = {}
        self._size: Size | None = None

    def forget(self) -> None:
        """The terminal may show anything: write every row next time."""
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

    def _reduce_layout(self, update: LayoutUpdate, width: int) -> RowsUpdate | None:
        changed = []
        for y, line in enumerate(update.strips, update.region.y):
            strips = list(line)
            cells = _cells(strips)
            if update.region.x != 0 or len(cells) != width:
                self._rows.pop(y, None)
                changed.append((y, update.region.x, strips))
            elif self._rows.get(y) != cells:
                self._rows[y] = cells
                changed.append((y, update.region.x, strips))
        return RowsUpdate(changed) if changed else None

    def _reduce_chops(self, update: ChopsUpdate, width: int) -> ChopsUpdate | None:
        """Spans whose cells the terminal shows already are dropped. A whole row written
        becomes known; a part of one, which Textual may write past the span's ends,
        makes the row unknown."""
        kept = []
        for y, x1, x2 in update.spans:
            line = update.chops[y]
            cells = self._span_cells(line, update.chop_ends[y], x1, x2)
            shown = self._rows.get(y)
            if cells is not None and shown is not None and shown[x1:x2] == cells:
                continue
            kept.append((y, x1, x2))
            if cells is not None and x1 == 0 and x2 >= width and len(cells) == width:
                self._rows[y] = cells
            else:
                self._rows.pop(y, None)
        if not kept:
            return None
        return ChopsUpdate(update.chops, kept, update.chop_ends)

    @staticmethod
    def _span_cells(line: Mapping[int, Strip | None], ends: Sequence[int], x1: int,
                    x2: int) -> list[Cell] | None:
        """The cells from ``x1`` to ``x2`` as the chops draw them, or ``None`` when a chop
        over the span was not rendered."""
        cells: list[Cell] = []
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if x >= x2 or end <= x1:
                continue
            if strip is None:
                return None
            drawn = _cells([strip])
            if len(drawn) != end - x:
                return None
            cells.extend(drawn[max(x1 - x, 0):min(x2, end) - x])
        return cells if len(cells) == x2 - x1 else None
