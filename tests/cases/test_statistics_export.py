"""Statistics exports (JSON, CSV, Markdown, PDF) of the hand-made Goma dataset: each file
is read back as a reader would, and checked as an attacker would try it.

- no count from 1 to 4 is in any file, and no hidden figure can be worked out by
  subtracting the visible ones from a total (tried here, equation by equation, and over
  every equation at once);
- no name, contact, victim code, case reference, title or narrative is in the bytes;
- a written file is new, 0600, audited; an officer is refused, and that is audited too.

The PDF's text is read back with pypdf; its figures are checked on the published model it
is drawn from (``export.publish``), since a PDF's text has no table structure to parse.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import io
import json
import math
import os
import re
import stat
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import install
from jhro_tui.security import exchange
from jhro_tui.services.statistics import export, suppression
from jhro_tui.services.statistics.figures import ALL_OFFICES, NATIONAL, Statistics, statistics
from jhro_tui.services.statistics.pdf import as_pdf
from jhro_tui.services.statistics.tables import COUNT, DIFFERENCE, TOTAL_ROW, Table
from jhro_tui.store.models import Account, Case, Victim
from tests.cases.test_statistics import MARCH, YEAR, _validate, goma  # noqa: F401
from tests.conftest import CliResult, run_cli

from .conftest import PASSPHRASE, World

APRIL = (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
Grid = dict[str, dict[str, tuple[str, ...]]]
"""Per table, per row key, the cells as the file shows them."""

TITLE = "Zephyrine-Title-8841"
NARRATIVE = "Quokkanarrative survived the crossing 5529"
NAME = "Xanthippe Mbalamwezi"
CONTACT = "+243 81 000 0000"
LOCATION = "Bushushu"
INCIDENT_TEXT = "Pillage du marché et viols"


@pytest.fixture
def marked(goma: World) -> tuple[World, list[str]]:  # noqa: F811
    """The Goma dataset and one more validated case of distinctive text; returns the
    strings no export may hold (every case reference and victim code included)."""
    made = goma.make_case("olga", title=TITLE, narrative=NARRATIVE, victim_name=NAME,
                          date="2024-03")
    _validate(goma, made.case)
    secrets = [TITLE, NARRATIVE, NAME, CONTACT, LOCATION, INCIDENT_TEXT, "Furaha",
               "Dossier", "Récit"]
    secrets += [case.reference for case in Case.select(Case.reference)]
    secrets += [victim.code for victim in Victim.select(Victim.code)]
    return goma, secrets


def _year(world: World) -> Statistics:
    return statistics(world.login("sue"), *YEAR)


# --- reading each format back --------------------------------------------------------------------

def _from_json(data: bytes, counted: Statistics) -> Grid:
    document = json.loads(data)
    grid: Grid = {}
    for table in document["tables"]:
        rows = table["rows"] + ([table["total"]] if table["total"] else [])
        grid[table["key"]] = {row["key"]: tuple(str(value) for value in row["values"])
                              for row in rows}
    return grid


def _from_csv(data: bytes, counted: Statistics) -> Grid:
    grid: Grid = {}
    reader = csv.DictReader(io.StringIO(data.decode()))
    assert tuple(reader.fieldnames or ()) == export.CSV_HEADER
    for line in reader:
        if line["kind"] == "cell":
            row = grid.setdefault(line["table"], {}).setdefault(line["row"], ())
            grid[line["table"]][line["row"]] = (*row, line["value"])
    return grid


def _from_markdown(data: bytes, counted: Statistics) -> Grid:
    """The Markdown tables, rows matched to the service's in order (the file has labels,
    not keys)."""
    grid: Grid = {}
    text = data.decode()
    for table in counted.tables:
        section = text.split(f"## {table.title}\n", 1)[1].split("\n## ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("| ")][1:]
        rows = [*table.rows, *([table.total] if table.total else [])]
        assert len(lines) == len(rows), table.key
        grid[table.key] = {row.key: tuple(cell.strip() for cell in re.split(
            r"(?<!\\)\|", line)[-1 - len(table.columns):-1]) for row, line in zip(
            rows, lines, strict=True)}
    return grid


def _from_published(data: bytes, counted: Statistics) -> Grid:
    """What the PDF is drawn from: ``publish`` at the same threshold."""
    report = export.publish(counted, 5)
    assert as_pdf(report) == data
    return {sheet.key: {line.key: line.cells for line in sheet.lines}
            for sheet in report.sheets}


READERS: dict[str, Callable[[bytes, Statistics], Grid]] = {
    "json": _from_json, "csv": _from_csv, "md": _from_markdown, "pdf": _from_published}


def _every_cell(table: Table) -> list[tuple[str, int, int]]:
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [(row.key, index, value) for row in rows for index, value in enumerate(row.values)]


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_no_file_shows_a_count_from_one_to_four(goma: World, fmt: str) -> None:  # noqa: F811
    small = 0
    for counted in _periods(goma):
        _check_small(fmt, counted)
        small += sum(1 for table in counted.tables for _row, index, value in _every_cell(table)
                     if table.columns[index].kind == COUNT and 0 < value < 5)
    assert small >= 10  # the dataset has small cells: the check is not empty


def _periods(world: World) -> list[Statistics]:
    """The year; March, full of small figures; April, empty after a small March (tables
    without a row, and trends against small figures)."""
    session = world.login("sue")
    return [statistics(session, *period) for period in (YEAR, MARCH, APRIL)]


def _check_small(fmt: str, counted: Statistics) -> None:
    grid = READERS[fmt](export.render(counted, fmt, 5), counted)
    for table in counted.tables:
        for row, index, value in _every_cell(table):
            shown = grid[table.key][row][index]
            if table.columns[index].kind == COUNT:
                assert shown not in {"1", "2", "3", "4"}, (fmt, table.key, row, index)
            if table.columns[index].kind == COUNT and 0 < value < 5:
                # "x" where "<5" would bound a total too well (see suppression)
                assert shown in {"<5", "x"}
            if shown not in {"<5", "x"}:
                assert shown == str(value), (table.key, row, index)


def _links(table: Table) -> list[tuple[list[tuple[str, int]], tuple[str, int]]]:
    """Each (parts, whole) a reader would subtract: a total over the top rows, a category
    over its types, a row total over its row, a difference over its two columns (as
    minuend = subtrahend + difference)."""
    found = []
    counts = [index for index, column in enumerate(table.columns) if column.kind == COUNT]
    rows = [*table.rows, *([table.total] if table.total else [])]
    for index in counts:
        if table.total is not None:
            found.append(([(row.key, index) for row in table.top_rows], (TOTAL_ROW, index)))
        for parent in rows:
            if table.children(parent.key):
                found.append(([(row.key, index) for row in table.children(parent.key)],
                              (parent.key, index)))
    totals = [index for index, column in enumerate(table.columns) if column.row_total]
    for total in totals:
        for row in rows:
            found.append(([(row.key, index) for index in counts if index != total],
                          (row.key, total)))
    for difference, minuend, subtrahend in table.differences:
        assert table.columns[difference].kind == DIFFERENCE
        for row in rows:
            found.append(([(row.key, subtrahend), (row.key, difference)], (row.key, minuend)))
    return found


def _range(table: Table, shown: dict[str, tuple[str, ...]], parts: list[tuple[str, int]],
           whole: tuple[str, int], unknown: list[tuple[str, int]]) -> tuple[float, float]:
    """The least and greatest value the hidden cells can give (parts less whole)."""
    low = high = 0.0
    for row, index in unknown:
        if shown[row][index] == "<5":
            least, most = 1.0, 4.0
        else:
            least = 0.0 if table.columns[index].kind == COUNT else -math.inf
            most = math.inf
        sign = -1 if (row, index) == whole else 1
        low += sign * (least if sign > 0 else most)
        high += sign * (most if sign > 0 else least)
    return low, high


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_no_hidden_figure_can_be_worked_out_by_subtraction(
        goma: World, fmt: str) -> None:  # noqa: F811
    tried = sum(_try_subtraction(fmt, counted) for counted in _periods(goma))
    assert tried >= 5  # hidden cells sit in totals' equations: the loop above tried them


def _try_subtraction(fmt: str, counted: Statistics) -> int:
    """Fails if a hidden cell of ``counted``'s file can be worked out; returns how many
    equations with hidden cells were tried."""
    grid = READERS[fmt](export.render(counted, fmt, 5), counted)
    tried = 0
    for table in counted.tables:
        shown = grid[table.key]
        true = {(row, index): value for row, index, value in _every_cell(table)}
        for parts, whole in _links(table):
            if sum(true[part] for part in parts) != true[whole]:
                continue  # not a sum for a reader either: victims do not add up (notes)
            cells = [*parts, whole]
            unknown = [cell for cell in cells if export.number(shown[cell[0]][cell[1]]) is None]
            known = {cell: export.number(shown[cell[0]][cell[1]]) or 0 for cell in cells}
            if len(unknown) == 1:  # the subtraction a reader would do
                recovered = (known[whole] - sum(known[part] for part in parts)
                             if unknown[0] != whole else sum(known[part] for part in parts))
                pytest.fail(f"{fmt}: {table.key} {unknown[0]} = {recovered} by subtraction")
            if unknown:
                # And with what the signs say: "<5" is 1 to 4 (0 is shown), a withheld
                # count at least 0. At either end of its range, every hidden cell is known.
                low, high = _range(table, shown, parts, whole, unknown)
                rest = known[whole] - sum(known[part] for part in parts)
                assert low < rest < high, (fmt, table.key, unknown, rest)
            tried += len(unknown) >= 2
    # A total counted in two tables is the same figure: shown in one, it shows the other.
    for same in suppression.grand_totals(counted.tables).values():
        visible = {export.number(grid[key][row][index]) is not None
                   for key, row, index in same}
        assert len(visible) == 1, same
    # And no combination of every link at once (a row with a column) gives one either.
    hidden = {(table.key, row, index): "hidden" for table in counted.tables
              for row, index, _value in _every_cell(table)
              if export.number(grid[table.key][row][index]) is None}
    assert not suppression.determined(hidden, suppression.equations(counted.tables))
    return tried


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_no_file_holds_a_name_a_contact_a_code_a_reference_or_free_text(
        marked: tuple[World, list[str]], fmt: str) -> None:
    world, secrets = marked
    data = export.render(_year(world), fmt, 5)
    readable = _pdf_text(data) if fmt == "pdf" else data.decode()
    assert "Human rights statistics" in readable  # the reading worked
    for secret in secrets:
        assert secret.encode() not in data, (fmt, secret)
        assert secret not in readable, (fmt, secret)


def test_the_pdf_sets_accents_dashes_and_any_office_name_and_is_the_same_each_time(
        goma: World) -> None:  # noqa: F811
    install("fr")
    try:
        counted = dataclasses.replace(_year(goma),
                                      office="Île-Ébène =cmd \x1b[2J 北京 ‮évil")
        data = export.render(counted, "pdf", 5)
        assert export.render(counted, "pdf", 5) == data
    finally:
        install("en")
    text = _pdf_text(data)
    assert "Île-Ébène" in text
    assert "2024-01-01 – 2024-12-31" in text
    assert "\x1b" not in text and "\u202e" not in text


def test_a_hidden_figure_has_no_bar_in_the_markdown_chart(goma: World) -> None:  # noqa: F811
    counted = _year(goma)
    text = export.render(counted, "md", 5).decode()
    charts = re.findall(r"```text\n(.*?)```", text, re.S)
    assert charts
    bars = [line for chart in charts for line in chart.splitlines() if "│" in line]
    hidden = [line for line in bars if line.endswith((" <5", " x"))]
    assert hidden
    assert all("█" not in line and "▏" not in line for line in hidden)
    # A visible figure's bar is as long as its value says (the longest is 40).
    victims = next(line for line in bars if line.startswith("Victims ") and "15" in line)
    assert victims.count("█") == export.BAR_WIDTH


# --- writing a file ------------------------------------------------------------------------------

def _exports(world: World) -> list[tuple[str, str, str, str, str]]:
    world.login("sid")
    return world.audit(export.ACTION)


def test_a_file_is_new_private_named_for_the_office_and_period_and_audited(
        goma: World) -> None:  # noqa: F811
    session = goma.login("sue")
    path = export.write(session, *MARCH, "", "csv")
    assert path == goma.exchange("sue") / "jhro-statistics-goma-2024-03-01-2024-03-31.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"kind,table,row")
    with pytest.raises(ValidationError, match="already exists"):
        export.write(goma.login("sue"), *MARCH, "", "csv")
    assert path.read_bytes().startswith(b"kind,table,row")
    audited = _exports(goma)
    assert audited[0][:3] == ("sue", export.ACTION, "statistics:Goma")
    assert f"format=csv file={path}" in audited[0][3]
    assert audited[0][4] == "ok"
    assert audited[1][4] == "failed"


def test_every_office_is_one_file_for_a_national_supervisor(goma: World) -> None:  # noqa: F811
    Account.update(scope=NATIONAL).where(Account.name == "sue").execute()
    path = export.write(goma.login("sue"), *MARCH, ALL_OFFICES, "md")
    assert path.name == "jhro-statistics-all-offices-2024-03-01-2024-03-31.md"
    assert b"All offices" in path.read_bytes()


def test_a_link_or_a_fifo_at_the_name_is_refused_and_nothing_is_followed(
        goma: World, tmp_path: Path) -> None:  # noqa: F811
    folder = goma.exchange("sue")
    name = export.file_name("Goma", *MARCH, "json")
    target = tmp_path / "elsewhere"
    target.write_bytes(b"kept")
    (folder / name).symlink_to(target)
    with pytest.raises(ValidationError):
        export.write(goma.login("sue"), *MARCH, "", "json")
    assert target.read_bytes() == b"kept"
    (folder / name).unlink()
    os.mkfifo(folder / name)
    with pytest.raises(ValidationError):
        export.write(goma.login("sue"), *MARCH, "", "json")


def test_a_full_disk_says_so_and_leaves_no_partial_file(goma: World,  # noqa: F811
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    session = goma.login("sue")
    disk = types.ModuleType("os")  # the exchange module's os only: the audit trail's works
    disk.__dict__.update(vars(os))
    disk.fsync = full  # type: ignore[attr-defined]
    monkeypatch.setattr(exchange, "os", disk)
    with pytest.raises(ValidationError, match="the disk is full"):
        export.write(session, *MARCH, "", "pdf")
    monkeypatch.undo()
    assert list(goma.exchange("sue").iterdir()) == []
    assert _exports(goma)[-1][4] == "failed"


def test_an_officer_exports_nothing_and_the_refusal_is_audited(goma: World) -> None:  # noqa: F811
    with pytest.raises(PermissionDenied):
        export.write(goma.login("olga"), *MARCH, "", "md")
    assert list(goma.exchange("olga").iterdir()) == []
    assert _exports(goma) == [("olga", export.ACTION, "statistics:own", "role=officer",
                               "denied")]


# --- jhro report stats ---------------------------------------------------------------------------

def jhro(world: World, *args: str, user: str = "sue") -> CliResult:
    world.close()
    return run_cli(["report", "stats", "--user", user, "--passphrase-stdin",
                    "--from", "2024-01", "--to", "2024-12", *args],
                   data_dir=world.paths.data_dir, stdin=[PASSPHRASE])


def test_the_command_prints_a_text_format_and_audits_it(goma: World) -> None:  # noqa: F811
    result = jhro(goma, "--format", "md")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.startswith("# Human rights statistics: Goma, 2024-01-01 – 2024-12-31")
    (row,) = _exports(goma)
    assert result.stdout == export.render(_year(goma), "md", 5).decode()
    assert row[0] == "sue" and "format=md to=stdout" in row[3]


def test_the_command_writes_a_pdf_only_to_a_new_private_file(goma: World,  # noqa: F811
                                                             tmp_path: Path) -> None:
    refused = jhro(goma, "--format", "pdf")
    assert (refused.code, refused.stderr) == (2, "jhro: A PDF is written to a file: give "
                                                 "--output FILE.\n")
    nowhere = jhro(goma, "--format", "pdf", "--output", str(tmp_path / "no" / "march.pdf"))
    assert nowhere.code == 2
    assert nowhere.stderr.endswith("/no is not a folder.\n")
    assert not (tmp_path / "no").exists()
    target = tmp_path / "march.pdf"
    result = jhro(goma, "--format", "pdf", "--output", str(target))
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr_lines == [f"jhro: Wrote {target}: it is not encrypted, and holds "
                                   "figures only (no names); keep it as a printed report."]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "By month" in _pdf_text(target.read_bytes())
    again = jhro(goma, "--format", "pdf", "--output", str(target))
    assert again.code == 2
    assert "already exists" in again.stderr
    assert [row[3].split()[-1] for row in _exports(goma)] == [f"file={target}"]


def test_the_command_refuses_an_officer_as_every_report_does(goma: World) -> None:  # noqa: F811
    result = jhro(goma, "--format", "json", user="olga")
    assert result.code == 5
    assert result.stdout == ""
    assert _exports(goma)[-1][4] == "denied"


def test_the_office_name_is_text_in_every_format(goma: World) -> None:  # noqa: F811
    hostile = '=HYPERLINK("x") [red]cachot[/] \x1b[2J|*'
    counted = dataclasses.replace(_year(goma), office=hostile)
    for fmt in export.FORMATS:
        data = export.render(counted, fmt, 5)
        readable = _pdf_text(data) if fmt == "pdf" else data.decode()
        assert "\x1b" not in readable, fmt
    rows = list(csv.DictReader(io.StringIO(export.render(counted, "csv", 5).decode())))
    (office,) = [row["text"] for row in rows if row["row"] == "office"]
    assert office.startswith("'=HYPERLINK")
    title = export.render(counted, "md", 5).decode().splitlines()[0]
    assert title.startswith("# Human rights statistics: =HYPERLINK(\"x\") \\[red\\]cachot")
    assert "\\|\\*" in title
