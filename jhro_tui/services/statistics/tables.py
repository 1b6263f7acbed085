"""Tables of figures as the screen, the report and the exports show them: every column
says what it counts, every row where its cases can be listed.

A table's structure is also what links its cells (a total is the sum of its rows, a
type's rows make up their category, a difference is one column less another), which is
what ``suppression`` protects.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNT = "count"
DIFFERENCE = "difference"
TOTAL_ROW = "total"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str
    """What the column counts (translated): violations, victims, incidents…"""
    measure: str = ""
    """The population the column counts (``violations``, ``victims``…): tables over the
    same period share their totals of a measure."""
    kind: str = COUNT
    """``count``, or ``difference`` (of two other columns, see ``Table.differences``)."""
    row_total: bool = False
    """The sum of the row's other count columns."""


@dataclass(frozen=True)
class Drill:
    """How to list the cases behind a figure: a dimension of ``counting``, its key, and
    whether the figure counts victims (the cases where one of them counts) or violations."""

    dimension: str
    key: str
    victims: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: tuple[int, ...]
    parent: str = ""
    """The key of the row it is part of (a type in its category), or ''."""
    unit: str = ""
    """What the row counts, where a table's rows count different things (the summary)."""
    measure: str = ""
    drills: tuple[Drill | None, ...] = ()
    """Per column: how to list the cases behind the figure, or None."""

    def drill(self, column: int) -> Drill | None:
        return self.drills[column] if 0 <= column < len(self.drills) else None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    counts: str
    """What the table counts, in a sentence shown under its title."""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    """The sum of the top-level rows (or, for a column that does not add up, the count
    over all of them, as its note says)."""
    notes: tuple[str, ...] = ()
    chart: int | None = 0
    """The column drawn as bars, or None for a table without a chart."""
    differences: tuple[tuple[int, int, int], ...] = ()
    """(difference, minuend, subtrahend) column indexes."""

    def value(self, row: Row, column: int) -> int:
        return row.values[column]

    def children(self, parent: str) -> list[Row]:
        return [row for row in self.rows if row.parent == parent]

    @property
    def top_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.parent]
