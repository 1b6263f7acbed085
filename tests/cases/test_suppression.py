"""Small-cell suppression on random tables: no small count is published, and no hidden
cell can be worked out from what is published, by subtraction or any combination of the
tables' sums (checked here by exact rational elimination, apart from the module's own
modular arithmetic)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jhro_tui.services.statistics import suppression
from jhro_tui.services.statistics.tables import TOTAL_ROW, Column, Row, Table

THRESHOLD = 5


def _grid(values: list[list[int]], *, children: int = 0) -> Table:
    """Rows of counts with a row-total column and a total row; the first row's
    ``children`` next rows are its parts."""
    columns = tuple(Column(f"c{index}", f"C{index}", "victims")
                    for index in range(len(values[0]))) + (
        Column("total", "Total", "victims", measure="victims", row_total=True),)
    rows: list[Row] = []
    for index, line in enumerate(values):
        rows.append(Row(f"r{index}", f"R{index}", (*line, sum(line))))
    if children and len(rows) > children:
        parts = rows[1:children + 1]
        summed = tuple(sum(row.values[i] for row in parts) for i in range(len(columns)))
        rows[0] = Row("r0", "R0", summed)
        rows[1:children + 1] = [Row(row.key, row.label, row.values, parent="r0")
                                for row in parts]
    top = [row for row in rows if not row.parent]
    total = Row(TOTAL_ROW, "Total", tuple(sum(row.values[i] for row in top)
                                          for i in range(len(columns))))
    return Table("grid", "Grid", "Counts victims.", columns, tuple(rows), total)


def _determined_exactly(table: Table, hidden: set[tuple[str, str, int]]) -> list[tuple]:
    """Hidden cells fixed by the published ones: Gauss-Jordan over the rationals."""
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    matrix: list[list[Fraction]] = []
    for equation in suppression.equations([table]):
        row = [Fraction(0)] * len(unknowns)
        for cell, coefficient in equation:
            if cell in index:
                row[index[cell]] += coefficient
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    rank = 0
    for column in range(len(unknowns)):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [value / lead for value in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column]:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank],
                                                            strict=True)]
        pivots.append(column)
        rank += 1
    return [unknowns[column] for r, column in enumerate(pivots)
            if all(not matrix[r][c] for c in range(len(unknowns)) if c != column)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=4), min_size=2, max_size=6)
       .filter(lambda rows: len({len(row) for row in rows}) == 1),
       st.integers(0, 3))
def test_no_hidden_cell_can_be_worked_out(values: list[list[int]], children: int) -> None:
    table = _grid(values, children=children)
    protected = suppression.protect([table], THRESHOLD)
    for row in [*table.rows, table.total]:
        assert row is not None
        for column, value in enumerate(row.values):
            shown = protected.shown(table.key, row.key, column, value)
            if 0 < value < THRESHOLD:
                assert shown == "<5"
            assert shown in ("<5", "x") or shown == str(value)
    assert _determined_exactly(table, set(protected.hidden)) == []


def test_one_small_cell_in_a_row_hides_a_second_and_the_subtraction_fails() -> None:
    table = _grid([[3, 40, 12], [20, 30, 25]])
    protected = suppression.protect([table], THRESHOLD)
    hidden_in_first = [column for column in range(3)
                       if protected.is_hidden("grid", "r0", column)]
    assert 0 in hidden_in_first and len(hidden_in_first) >= 2
    hidden_in_column = [row for row in ("r0", "r1", TOTAL_ROW)
                        if protected.is_hidden("grid", row, 0)]
    assert len(hidden_in_column) >= 2
    assert protected.shown("grid", "r0", 0, 3) == "<5"


def test_a_table_without_small_cells_is_published_whole() -> None:
    table = _grid([[10, 40], [20, 30]])
    assert suppression.protect([table], THRESHOLD).hidden == {}
