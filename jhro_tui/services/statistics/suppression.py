"""Small cells: no published figure may single out a few people, directly or by
subtraction.

- **Primary**: a count from 1 to ``threshold - 1`` (setting ``statistics_small_cells``,
  default 5) is published as ``<5``. Zero is published: it singles out no one.
- **Secondary**: every link between published cells is written as a linear equation (a
  total is the sum of its rows, a category of its types, a row total of its row, a
  difference of its two columns, the same total in two tables). While any hidden cell
  can be worked out exactly from the cells left visible, the smallest visible cell of
  one of its equations is hidden too, published as ``x``. "Worked out" is decided by
  linear algebra over every equation at once, not one row at a time, so a value cannot
  be recovered by combining a row with a column either. Totals are hidden last: a
  visible total is more use to a reader than a visible small cell.
- **Bounds**: a ``<5`` is known to lie from 1 to 4, so an equation whose hidden cells
  must add up to their least or greatest possible sum gives them all away (10 + <5 + <5
  = 12: both are 1). Such an equation gets one more hidden cell too, or, when all its
  cells are hidden already (four ``<5`` types under a ``<5`` category: 1 each), its
  total (or largest) small cell is published as ``x``, which bounds nothing.
- A cell the structure alone fixes (the total of a table without rows) is published: no
  hiding would keep it from a reader.

Ranges are not protected beyond that: a reader may still learn that a hidden cell lies
between 0 and some bound, never its value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from jhro_tui.services.statistics.tables import COUNT, TOTAL_ROW, Table

Cell = tuple[str, str, int]
"""(table key, row key, column index)."""
Equation = tuple[tuple[Cell, int], ...]
"""Cells and their coefficients, whose weighted sum is zero."""

SMALL = "small"
WITHHELD = "withheld"
_PRIME = (1 << 61) - 1
"""Ranks are computed modulo this prime: exact for equations of small integer
coefficients (a rank could only differ over the rationals if the prime divided a minor,
far beyond any table here)."""


@dataclass(frozen=True)
class Protected:
    """Which cells are hidden, and why."""

    hidden: dict[Cell, str]
    threshold: int

    def shown(self, table: str, row: str, column: int, value: int) -> str:
        reason = self.hidden.get((table, row, column))
        if reason == SMALL:
            return f"<{self.threshold}"
        if reason == WITHHELD:
            return "x"
        return str(value)

    def is_hidden(self, table: str, row: str, column: int) -> bool:
        return (table, row, column) in self.hidden


def cells(tables: Iterable[Table]) -> dict[Cell, tuple[int, bool, bool]]:
    """Every published cell: (value, is a count, is a total)."""
    found: dict[Cell, tuple[int, bool, bool]] = {}
    for table in tables:
        rows = list(table.rows) + ([table.total] if table.total else [])
        for row in rows:
            is_total_row = table.total is row
            for index, column in enumerate(table.columns):
                found[(table.key, row.key, index)] = (
                    row.values[index], column.kind == COUNT,
                    is_total_row or column.row_total or bool(table.children(row.key)))
    return found


def equations(tables: Sequence[Table]) -> list[Equation]:
    """Every link between published cells (see the module's docstring)."""
    found: list[Equation] = []
    for table in tables:
        counted = [index for index, column in enumerate(table.columns) if column.kind == COUNT]
        rows = list(table.rows) + ([table.total] if table.total else [])
        for index in counted:
            if table.total is not None:
                found.append(tuple(((table.key, row.key, index), 1) for row in table.top_rows)
                             + (((table.key, TOTAL_ROW, index), -1),))
            for parent in rows:
                children = table.children(parent.key)
                if children:
                    found.append(tuple(((table.key, row.key, index), 1) for row in children)
                                 + (((table.key, parent.key, index), -1),))
        totals = [index for index, column in enumerate(table.columns) if column.row_total]
        parts = [index for index in counted if index not in totals]
        for total in totals:
            for row in rows:
                found.append(tuple(((table.key, row.key, index), 1) for index in parts)
                             + (((table.key, row.key, total), -1),))
        for difference, minuend, subtrahend in table.differences:
            for row in rows:
                found.append((((table.key, row.key, minuend), 1),
                              ((table.key, row.key, subtrahend), -1),
                              ((table.key, row.key, difference), -1)))
    for same in grand_totals(tables).values():
        found.extend(((first, 1), (other, -1))
                     for first, other in zip(same, same[1:], strict=False))
    return found


def grand_totals(tables: Sequence[Table]) -> dict[str, list[Cell]]:
    """Per measure, the cells that count all of it in the period: the same number."""
    found: dict[str, list[Cell]] = {}
    for table in tables:
        if table.total is None:
            for row in table.rows:  # the summary: one measure a row, this period first
                if row.measure:
                    found.setdefault(row.measure, []).append((table.key, row.key, 0))
            continue
        totals = [index for index, column in enumerate(table.columns) if column.row_total]
        for index in totals or range(len(table.columns)):
            column = table.columns[index]
            if column.measure and column.kind == COUNT:
                found.setdefault(column.measure, []).append((table.key, TOTAL_ROW, index))
    return found


def protect(tables: Sequence[Table], threshold: int) -> Protected:
    """Hide the small cells of ``tables``, then as few others as keep them hidden."""
    every = cells(tables)
    hidden: dict[Cell, str] = {cell: SMALL for cell, (value, is_count, _total)
                               in every.items() if is_count and 0 < value < threshold}
    links = [equation for equation in equations(tables)
             if all(cell in every for cell, _coefficient in equation)]
    # What the structure alone fixes (the total of a table without rows: 0) no hiding
    # keeps from a reader: it is published, and never withheld in vain.
    fixed = set(determined(dict.fromkeys(every, WITHHELD), links))
    while True:
        exposed = determined(hidden, links) or bounded(hidden, links, every, threshold)
        if not exposed:
            return Protected(hidden, threshold)
        taken = hidden.keys() | fixed
        options = _complements(sorted(exposed), links, taken) or [
            other for equation in links if any(cell in hidden for cell, _ in equation)
            for other, _coefficient in equation if other not in taken]
        if not options:
            # Every cell of the equation is hidden and the signs alone pin them (four
            # <5 types under a <5 category: 1 each): the one that says least is shown
            # as x, which bounds nothing.
            small = [cell for cell in exposed if hidden[cell] == SMALL]
            if not small:
                raise AssertionError("no cell left to hide: every linked cell is hidden")
            hidden[max(small, key=lambda cell: (every[cell][2], every[cell][0], cell))] = \
                WITHHELD
            continue
        choice = min(options, key=lambda other: (every[other][2], not every[other][1],
                                                 every[other][0] == 0, every[other][0],
                                                 other))
        hidden[choice] = WITHHELD


def _complements(exposed: list[Cell], links: Sequence[Equation], taken: AbstractSet[Cell]
                 ) -> list[Cell]:
    """The cells still free to hide in the equations of the first exposed cell that has
    any (a cell may be exposed through others, every one of its own equations already
    hidden)."""
    for cell in exposed:
        options = [other for equation in links if any(c == cell for c, _ in equation)
                   for other, _coefficient in equation if other not in taken]
        if options:
            return options
    return []


def bounded(hidden: dict[Cell, str], links: Sequence[Equation],
            every: dict[Cell, tuple[int, bool, bool]], threshold: int) -> list[Cell]:
    """The hidden cells an equation pins through what their signs say: a ``<5`` lies
    from 1 to ``threshold - 1`` (zero is published), a withheld count is at least 0. When
    the visible cells leave an equation's hidden ones exactly their least or their
    greatest possible sum (10 + <5 + <5 = 12), every one of them is known."""
    found: set[Cell] = set()
    for equation in links:
        unknown = [(cell, coefficient) for cell, coefficient in equation if cell in hidden]
        if len(unknown) < 2:
            continue  # one unknown: ``determined`` finds it
        rest = -sum(coefficient * every[cell][0] for cell, coefficient in equation
                    if cell not in hidden)
        low = high = 0.0
        for cell, coefficient in unknown:
            least, most = ((1.0, float(threshold - 1)) if hidden[cell] == SMALL
                           else (0.0 if every[cell][1] else -math.inf, math.inf))
            low += coefficient * (least if coefficient > 0 else most)
            high += coefficient * (most if coefficient > 0 else least)
        if rest in (low, high):
            found.update(cell for cell, _coefficient in unknown)
    return sorted(found)


def determined(hidden: dict[Cell, str], links: Sequence[Equation]) -> list[Cell]:
    """The hidden cells whose value follows from the visible ones through ``links``."""
    unknowns = sorted(hidden)
    position = {cell: index for index, cell in enumerate(unknowns)}
    rows: list[dict[int, int]] = []
    for equation in links:
        row: dict[int, int] = {}
        for cell, coefficient in equation:
            if cell in position:
                index = position[cell]
                row[index] = (row.get(index, 0) + coefficient) % _PRIME
        row = {index: value for index, value in row.items() if value}
        if row:
            rows.append(row)
    pivots = _reduce(rows)
    free = set(range(len(unknowns))) - set(pivots)
    return [unknowns[column] for column, row in pivots.items()
            if not any(index in free for index in row)]


def _reduce(rows: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Sparse Gauss-Jordan elimination modulo ``_PRIME``: pivot column -> its row."""
    pivots: dict[int, dict[int, int]] = {}
    for row in rows:
        row = dict(row)
        for column, pivot in pivots.items():
            factor = row.get(column)
            if factor:
                for index, value in pivot.items():
                    row[index] = (row.get(index, 0) - factor * value) % _PRIME
                row = {index: value for index, value in row.items() if value}
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], _PRIME - 2, _PRIME)
        row = {index: value * inverse % _PRIME for index, value in row.items()}
        for other_column, other in list(pivots.items()):
            factor = other.get(column)
            if factor:
                for index, value in row.items():
                    other[index] = (other.get(index, 0) - factor * value) % _PRIME
                pivots[other_column] = {index: value for index, value in other.items()
                                        if value}
        pivots[column] = row
    return pivots
