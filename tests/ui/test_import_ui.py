"""The Import screen (issue 21), by keyboard only: a file of the exchange folder named with
Tab completion, imported, its case opened; a faulty file's every problem listed with its
line and nothing written; hostile text shown as text; an encrypted bundle's passphrase
asked on the screen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar

from jhro_tui.config import Settings
from jhro_tui.security import bundle
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services.exchange.graph import CASE_TABLE
from jhro_tui.store.models import Case
from jhro_tui.ui.exchange.screen import ImportScreen
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import (
    HOSTILE_TEXT,
    OFFICE_ZONE,
    build_app,
    freeze_cursors,
    log_in,
    screen_text,
    settle,
    type_text,
)

GOOD = {"format": "jhro.cases", "version": 1, "tables": {
    CASE_TABLE: [{"id": 1, "reference": "PARTNER-7", "title": "Looting in Rutshuru",
                  "opened_on": "2024-05-01", "priority": "urgent"},
                 {"id": 2, "reference": "PARTNER-8", "title": HOSTILE_TEXT,
                  "opened_on": "2024-05-02"}],
    "incident": [{"id": 1, "case": 1, "date": "~2024-04", "province_code": "Nord-Kivu",
                  "territory_code": "Rutshuru"}],
    "violation": [{"id": 1, "case": 1, "incident": 1, "type_code": "Pillage"}],
}}

FAULTY = {"format": "jhro.cases", "version": 1, "tables": {
    CASE_TABLE: [{"id": 1, "reference": "P-1", "title": "Attack on Kiwanja",
                  "opened_on": "2024-04-02"},
                 {"id": 2, "reference": "P-2", "title": "", "opened_on": "2024-04-02"}],
    "incident": [{"id": 1, "case": 1, "date": "2031-03", "province_code": "CD-NK"},
                 {"id": 2, "case": 1, "date": HOSTILE_TEXT, "province_code": "CD-NK"},
                 {"id": 3, "case": 1, "date": "2024-03", "province_code": "Nowhere"}],
    "victim": [{"id": 1, "case": 1, "code": "V01", "sex": "female", "age": 400}],
}}


def _put(tmp_path: Path, name: str, content: bytes, account: str = OFFICER) -> Path:
    """A file in the account's exchange folder (``build_app``'s), where sftp puts it."""
    folder = tmp_path / "exchange" / account
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    return folder / name


def _cases(vault: VaultDir) -> list[tuple[str, str]]:
    session = vault.login(OFFICER)
    try:
        return [(case.reference, case.title) for case in Case.select()]
    finally:
        session.close()


def _pretty(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=1).encode()


async def _open_import(pilot: Any, account: str = OFFICER) -> ImportScreen:
    await log_in(pilot, account, PASSPHRASES[account])
    await pilot.press("ctrl+o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen), screen_text(pilot.app)
    return screen


def _rows(app: Any) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#import-results", VirtualTable)
    return [table.row_at(index).cells for index in range(table.total)]


async def test_a_file_named_with_tab_is_imported_and_its_case_opens(
        vault: VaultDir, tmp_path: Path) -> None:
    _put(tmp_path, "partner-rutshuru.json", _pretty(GOOD))
    _put(tmp_path, "partner-goma.csv", b"case_reference\r\n")
    _put(tmp_path, "evil\x1b]2;pwned\x07[b]x.json", b"{}")  # a partner's file name
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot)
        text = screen_text(app)
        assert "partner-goma.csv" in text and "evil␛]2;pwned␇[b]x.json" in text, text
        await type_text(pilot, "ev")
        await pilot.press("tab")
        assert screen.file_field.value == "evil\x1b]2;pwned\x07[b]x.json"
        assert "\x1b" not in screen_text(app) and "\x07" not in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "part")
        await pilot.press("tab")  # the prefix both names share
        assert screen.file_field.input.value == "partner-"
        await type_text(pilot, "r")
        await pilot.press("tab")  # the one name left
        assert screen.file_field.value == "partner-rutshuru.json"
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "2 cases imported as drafts" in text, text
        bar = screen.query_one(ProgressBar)  # followed the rows written, to the last
        assert (bar.progress, bar.total) == (4, 4)
        rows = _rows(app)
        assert [cells[1] for cells in rows] == ["imported as a draft, from PARTNER-7",
                                                "imported as a draft, from PARTNER-8"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert "Looting in Rutshuru" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)
        # The same file again: both cases are duplicates, nothing is imported.
        await pilot.press("shift+tab")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "No case imported; 2 already imported, left out" in text, text
        assert [cells[0] for cells in _rows(app)] == ["PARTNER-7", "PARTNER-8"]
        # The hostile title, in the case list, is literal text.
        await pilot.press("f3")
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]Kivu[/]" in text and "\x1b" not in text, text


async def test_every_problem_of_a_faulty_file_is_listed_and_nothing_is_written(
        vault: VaultDir, tmp_path: Path) -> None:
    _put(tmp_path, "faulty.json", _pretty(FAULTY))
    before = _cases(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot)
        await type_text(pilot, "fa")
        await pilot.press("tab", "ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "5 problems in the file: nothing was imported." in text, text
        rows = _rows(app)
        lines = _pretty(FAULTY).decode().splitlines()
        assert {(cells[1], cells[2]) for cells in rows} == {
            ("case_file 2", "title"), ("incident 1", "date"), ("incident 2", "date"),
            ("incident 3", "province_code"), ("victim 1", "age")}
        for cells in rows:  # each at the line its row starts on
            assert f'"id": {cells[1].split()[-1]}' in lines[int(cells[0])]
        # The hostile value the reason quotes is text, under the list as in it.
        table = screen.query_one("#import-results", VirtualTable)
        hostile = next(index for index, cells in enumerate(rows)
                       if cells[1] == "incident 2")
        for _ in range(hostile):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor == hostile
        text = screen_text(app)
        assert "\x1b" not in text
        assert "incident 2, date" in text and "[bold red]Kivu" in text, text
        await pilot.press("f3")  # the case list is as it was
        await settle(pilot)
        assert "Attack on Kiwanja" not in screen_text(app)
    assert _cases(vault) == before


async def test_a_bundle_asks_its_passphrase_and_a_supervisor_names_the_holder(
        vault: VaultDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "DEFAULT_KDF", TEST_KDF)
    sealed = bundle.seal(_pretty(GOOD), "river stone 8812 kivu", params=TEST_KDF)
    _put(tmp_path, "sealed.jhro", sealed, SUPERVISOR)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, SUPERVISOR)
        await type_text(pilot, "s")
        await pilot.press("tab", "tab")  # the file, then the officer's field
        await type_text(pilot, OFFICER)
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert "an encrypted bundle: type its passphrase" in screen_text(app)
        await type_text(pilot, "wrong passphrase 1")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#import-passphrase").value == ""  # never kept
        assert "wrong passphrase 1" not in screen_text(app)
        await type_text(pilot, "river stone 8812 kivu")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "2 cases imported as drafts held by Olivier Mbuyi" in text, text
        assert "river stone" not in text
        await pilot.press("escape")  # back where ctrl+o was pressed
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


SNAPSHOT_EXCHANGE = Path("/tmp/jhro-import-snapshot")
"""A fixed exchange folder: the screen names it, and a snapshot cannot name a test's own
temporary folder."""


def test_the_problem_list_at_80_by_24(snap_compare: Any, vault: VaultDir) -> None:
    """Every problem a line, the hostile value of incident 2 as text, the whole of the
    problem under the cursor below the list."""
    folder = SNAPSHOT_EXCHANGE / OFFICER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "faulty.json").write_bytes(_pretty(FAULTY))
    app = build_app(vault.data_dir, Settings(time_zone=OFFICE_ZONE,
                                             exchange_dir=str(SNAPSHOT_EXCHANGE)))

    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_import(pilot)
        await type_text(pilot, "fa")
        await pilot.press("tab", "ctrl+s")
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        freeze_cursors(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
