"""The Justice screen and a mobile court session's view, driven by keyboard only, on court
work recorded through the services (``justice_data``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from textual.pilot import Pilot

from jhro_tui.services.forms import PROCEEDING_STAGES
from jhro_tui.services.justice import figures
from jhro_tui.services.justice.overview import LIST_LIMIT, JusticeOverview, ProceedingLine
from jhro_tui.ui.justice.screen import JusticeScreen
from jhro_tui.ui.justice.session import FigureScreen, SessionScreen
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.cases import CaseListScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir, run_cli, services_today
from tests.justice_session import FIGURES, RECORDED_ON, START, record_issue_session
from tests.ui.justice_data import Court, record_court_work, validated_case
from tests.ui.support import (
    build_app,
    fill,
    freeze_cursors,
    log_in,
    painted_text,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

SIZE = (80, 24)


async def _justice(pilot: Pilot[Any], account: str = OFFICER) -> JusticeScreen:
    await log_in(pilot, account, PASSPHRASES[account])
    await pilot.press("f12")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JusticeScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def _session_view(pilot: Pilot[Any], account: str = OFFICER) -> SessionScreen:
    screen = await _justice(pilot, account)
    screen.query_one("#justice-sessions", VirtualTable).focus()
    await pilot.press("enter")
    await settle(pilot)
    view = pilot.app.screen
    assert isinstance(view, SessionScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return view


def _list_text(screen: JusticeScreen, table_id: str) -> str:
    return painted_text(screen.query_one(f"#{table_id}", VirtualTable))


async def test_the_justice_key_opens_the_screen_from_the_case_list(vault: VaultDir) -> None:
    record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, JusticeScreen), screen_text(app)


async def test_hearings_next_week_and_stalled_proceedings_show(vault: VaultDir) -> None:
    record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _justice(pilot)
        hearings = _list_text(screen, "justice-hearings")
        assert "1 Dec 2026" in hearings and "RP 101" in hearings
        quiet = _list_text(screen, "justice-quiet")
        assert "RP 7" in quiet and "never" in quiet and "RP 101" not in quiet
        text = screen_text(app)
        assert "No hearing for 90 days (1)" in text
        assert "Investigation: 1" in text and "Trial: 2" in text and "Judgment: 3" in text


async def test_enter_on_a_proceeding_opens_the_case_file_of_its_case(vault: VaultDir) -> None:
    made = record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _justice(pilot)
        screen.query_one("#justice-quiet", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_id == made.case_id


async def test_a_session_opens_on_its_figures_and_each_on_its_list(vault: VaultDir) -> None:
    made = record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await _session_view(pilot)
        text = screen_text(app)
        for label, count, unit in (("Proceedings heard, first instance", "4", "proceedings"),
                                   ("Accused convicted", "2", "accused"),
                                   ("of them for sexual violence", "1", "accused"),
                                   ("Detainees released", "12", "detainees"),
                                   ("Days sitting", "12", "days")):
            line = next(row for row in text.splitlines() if label in row)
            assert f" {count} " in line and unit in line, line
        assert "Minova" in text and "2 Nov 2026" in text
        # The third figure, accused tried: one line per accused.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        listed = app.screen
        assert isinstance(listed, FigureScreen), screen_text(app)
        assert listed.figure == "tried" and len(listed.rows) == 5
        assert "Accused tried: 5 accused" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_id == made.case_id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is view


async def test_creating_a_session_and_recording_a_release_by_keyboard(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _justice(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Choose the court from the list." in screen_text(app)
        await pick(pilot, "garrison")
        await pick(pilot, "South Kivu")
        await pick(pilot, "Kalehe")
        await fill(pilot, "Minova")
        await fill(pilot, "2026-11-02")
        await fill(pilot, "2026-11-13")
        await type_text(pilot, "Tenue avec l'appui du bureau")
        await save_form(pilot)
        view = app.screen
        assert isinstance(view, SessionScreen), screen_text(app)
        assert view.found is not None
        shown, counted = view.found
        assert (shown.court_code, shown.locality, shown.territory_code) == (
            "MOBILE.TMG", "Minova", "CD-SK.KALEHE")
        assert counted.values["days"] == 12
        await pilot.press("r")
        await settle(pilot)
        await fill(pilot, "25")
        await fill(pilot, "2026-11-13")
        await pick(pilot, "held unlawfully")
        await save_form(pilot)
        assert app.screen is view
        # Read back before the form came down: the figure shows the release.
        assert view.found is not None and view.found[1].values["released"] == 25
        line = next(row for row in screen_text(app).splitlines() if "Detainees released" in row)
        assert " 25 " in line
        session = vault.login(OFFICER)
        try:
            assert figures.session_figures(session, shown.id)[1].values["released"] == 25
        finally:
            session.close()


async def test_only_the_supervisor_removes_a_session(vault: VaultDir) -> None:
    record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        view = await _session_view(pilot)
        assert view.check_action("remove", ()) is False
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _session_view(pilot, SUPERVISOR)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JusticeScreen), screen_text(app)
        assert screen.shown is not None and screen.shown.sessions == ()


async def test_home_shows_next_hearings_and_overdue_court_steps(vault: VaultDir) -> None:
    made = record_court_work(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        hearings = app.screen.query_one("#home-hearings", VirtualTable)
        assert "1 Dec 2026" in painted_text(hearings) and "RP 101" in painted_text(hearings)
        assert not app.screen.query("#home-justice-overdue")  # a supervisor's line
        hearings.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert app.screen.case_id == made.case_id
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        # The stalled proceeding, with no hearing since January.
        assert "Justice: 1 proceeding with a next step overdue (F12)" in screen_text(app)
        assert not app.screen.query("#home-hearings-box")  # an officer's list


async def test_a_list_cut_at_the_limit_says_how_many_there_are(vault: VaultDir) -> None:
    day = dt.date(2026, 11, 25)
    quiet = tuple(ProceedingLine(n, f"RP {n}", "investigation", day, None, None, False)
                  for n in range(1, LIST_LIMIT + 1))
    shown = JusticeOverview(day, (), dict.fromkeys(PROCEEDING_STAGES, 0), 90, quiet, 250, (),
                            0, ())
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await app.push_screen(JusticeScreen(shown))
        await settle(pilot)
        text = screen_text(app)
        assert "No hearing for 90 days (the first 200 of 250)" in text
        assert "Hearings this week and next (0)" in text


class TestJusticeLooks:
    def test_session_view(self, snap_compare: Any, vault: VaultDir) -> None:
        """A session of four proceedings, five accused and a release, at 80x24."""
        made: Court = record_court_work(vault)
        assert made.session_id

        async def run_before(pilot: Pilot[Any]) -> None:
            await _session_view(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)


async def test_the_issue_s_session_reads_the_same_on_screen_and_in_the_report(
        vault: VaultDir) -> None:
    """The session of the issue, recorded by hand: its view shows each figure the
    services count, and ``jhro report justice`` prints the same."""
    case_id, _reference = validated_case(vault)
    session = vault.login(OFFICER)
    try:
        with services_today(RECORDED_ON):
            session_id = record_issue_session(session, case_id)
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _session_view(pilot, SUPERVISOR)
        text = screen_text(app)
    shown = {}
    for figure, (label, _unit) in figures.FIGURES.items():
        line = next(row for row in text.splitlines() if row.strip().startswith(label))
        shown[figure] = int(line.split()[-2].replace(",", ""))  # "… 9 accused"
    assert shown == FIGURES
    printed = run_cli(["report", "justice", "--user", SUPERVISOR, "--passphrase-stdin",
                       "--session", str(session_id), "--from", START.isoformat(),
                       "--to", RECORDED_ON.isoformat(), "--format", "json"],
                      data_dir=vault.data_dir, stdin=[PASSPHRASES[SUPERVISOR]])
    assert printed.code == 0, printed.stderr
    [reported] = json.loads(printed.stdout)["sessions"]
    assert {figure: reported["figures"][figure]["value"] for figure in FIGURES} == shown
