"""The Statistics screen by keyboard only, on October's figures (``statistics_data``): a
supervisor moves to a bar and lists the cases behind it, turns the chart into its table
and lists a cell's cases; an officer has no key to it and sees no figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.statistics.behind import CasesBehindScreen
from jhro_tui.ui.statistics.chart import BarChart
from jhro_tui.ui.statistics.screen import StatisticsScreen
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.statistics_data import record_october
from tests.ui.support import build_app, log_in, screen_text, settle

SIZE = (80, 24)


async def _statistics(pilot: Pilot[Any]) -> StatisticsScreen:
    await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
    await pilot.press("ctrl+t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def test_a_bar_and_a_cell_open_the_cases_behind_them(vault: VaultDir) -> None:
    october = record_october(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _statistics(pilot)
        shown = screen_text(app)
        assert "Statistics · Goma · 2026-10-01 to 2026-10-31" in shown, shown
        await pilot.press("n", "n")
        await pilot.pause()
        shown = screen_text(app)
        assert "By category and type of violation" in shown, shown
        chart = app.screen.query_one(BarChart)
        assert [(bar.label, bar.value) for bar in chart.bars] == [
            ("Right to physical integrity", 1), ("Sexual and gender-based violence", 1),
            ("Right to liberty and security of person", 1)]
        await pilot.press("down")
        await pilot.pause()
        shown = screen_text(app)
        assert "Sexual and gender-based violence — violations: 1" in shown, shown
        assert "▶ Sexual and gender-based vi" in shown, shown

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CasesBehindScreen), screen_text(app)
        shown = screen_text(app)
        assert "1 case" in shown and october.a in shown, shown
        assert october.d not in shown and october.draft not in shown, shown
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen), screen_text(app)

        await pilot.press("t")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.has_focus
        shown = screen_text(app)
        assert "  Arbitrary arrest" in shown and "Counts violations and victims." in shown
        # Integrity, torture, sexual violence, rape, liberty: the category's violations.
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CasesBehindScreen), screen_text(app)
        shown = screen_text(app)
        assert "Right to liberty and security of person ·" in shown, shown
        assert october.d in shown and october.a not in shown, shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "Choose a figure of this row" in notes, notes


async def test_the_summary_s_change_lists_no_cases_and_the_period_form_reads_a_month(
        vault: VaultDir) -> None:
    record_october(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _statistics(pilot)
        await pilot.press("t", "right", "right", "enter")
        await pilot.pause()
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "A change between two periods lists no cases" in notes, notes
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"2026-09", "tab", "end", "ctrl+u", "ctrl+s")
        await settle(pilot)
        shown = screen_text(app)
        assert "2026-09-01 to 2026-09-30" in shown, shown


async def test_an_officer_has_no_statistics_key_and_sees_no_figure(vault: VaultDir) -> None:
    record_october(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        await pilot.press("f1")
        await settle(pilot)
        assert "Statistics" not in screen_text(app)


async def test_an_export_says_the_file_is_not_encrypted_then_writes_it(vault: VaultDir
                                                                       ) -> None:
    record_october(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _statistics(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"csv", "enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "NOT be encrypted" in shown, shown
        await pilot.press("y")
        await settle(pilot)
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "Written (not encrypted):" in notes, notes
        written = Path(notes.split("Written (not encrypted): ", 1)[1].split()[0])
        assert written.suffix == ".csv" and written.stat().st_mode & 0o077 == 0
        assert "Furaha" not in written.read_text(encoding="utf-8")
