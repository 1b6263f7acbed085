"""The Advocacy screen (ctrl+y) driven by keyboard only, at 80×24: the board's columns
by stage (three in view, scrolled by the arrows, empty stages folded into one line), the
list and its filters, a law moved along the board, and a law created, an action logged
and the law moved, all from this screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot

from jhro_tui.services.advocacy import actions, laws
from jhro_tui.services.advocacy.forms import ActionForm, LawForm
from jhro_tui.ui.advocacy.law_page import LawScreen
from jhro_tui.ui.advocacy.screen import LIST, AdvocacyScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, VaultDir, services_today
from tests.ui.support import (
    build_app,
    fill,
    freeze_cursors,
    log_in,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

SIZE = (80, 24)
DEFENDERS = "Protection of human rights defenders"
REPARATIONS = "Reparations for survivors of sexual violence"
MILITARY = "Reform of military justice"
PRISONS = "Decree on prison conditions"
PRESS = "Press freedom law"
LAND = "Provincial land policy"
LAWS = (  # title, stage, priority, follow-up of an action on it
    (DEFENDERS, "identified", "urgent", dt.date(2026, 11, 20)),
    (REPARATIONS, "identified", "high", dt.date(2026, 12, 10)),
    (MILITARY, "drafting", "normal", None),
    (PRISONS, "in_committee", "low", None),
    (PRESS, "adopted", "normal", None),
    (LAND, "in_force", "normal", None),
)
"""Six laws in five stages: tabled, promulgated, stalled and rejected are empty."""


def record_laws(vault: VaultDir) -> dict[str, int]:
    """The laws of ``LAWS``, each at its stage since 1 October, and their actions (planned
    on 15 November, so that a follow-up of the 20th is overdue on the frozen day)."""
    session = vault.login(OFFICER)
    found = {}
    try:
        with services_today(dt.date(2026, 11, 15)):
            for title, stage, priority, due in LAWS:
                view = laws.add_law(session, LawForm(
                    title, "law", "national", "defenders", priority=priority, stage=stage,
                    stage_on=dt.date(2026, 10, 1), evidence="Gazette"))
                found[title] = view.id
                if due is not None:
                    actions.add_action(session, ActionForm(
                        dt.date(2026, 11, 14), "meeting", "national_assembly",
                        "Met the committee", law_id=view.id, next_step="Call back",
                        follow_up_on=due))
    finally:
        session.close()
    return found


async def _advocacy(pilot: Pilot[Any]) -> AdvocacyScreen:
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    await pilot.press("ctrl+y")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AdvocacyScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


def _focused(pilot: Pilot[Any]) -> str:
    focused = pilot.app.focused
    assert isinstance(focused, VirtualTable), focused
    return focused.id or ""


async def test_the_arrows_move_across_the_columns_and_within_one(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _advocacy(pilot)
        text = screen_text(app)
        for shown in ("Identified (2)", "Drafting (1)", "In committee (1)",
                      "columns 1–3 of 5",
                      "Empty (e): Tabled, Promulgated, Stalled, Rejected"):
            assert shown in text, text
        assert "Adopted" not in text, text  # the fourth column, out of view at 80
        # The urgent law first, its follow-up of the 20th overdue; the high one's is not.
        assert "!!! Protection" in text and "*20 Nov" in text, text
        assert "!!  Reparations" in text and "10 Dec" in text and "*10 Dec" not in text
        # The law under the cursor, whole, under the board.
        assert f"{DEFENDERS} · Urgent · overdue: 20 Nov 2026" in text, text
        assert _focused(pilot) == "board-identified"
        await pilot.press("down")
        assert screen.query_one("#board-identified", VirtualTable).cursor == 1
        assert f"{REPARATIONS} · High · follow-up: 10 Dec 2026" in screen_text(
            app)
        await pilot.press("right")
        assert f"{MILITARY} · Drafting since 1 Oct 2026" in screen_text(app)
        assert _focused(pilot) == "board-drafting"
        await pilot.press("right", "right")  # in committee, then adopted: the board scrolls
        await pilot.pause()
        assert _focused(pilot) == "board-adopted"
        text = screen_text(app)
        assert "Adopted (1)" in text and "Identified" not in text, text
        assert "columns 2–4 of 5" in text
        await pilot.press("right", "right")  # past the last column: it stays there
        assert _focused(pilot) == "board-in_force"
        await pilot.press(*["left"] * 4)
        assert _focused(pilot) == "board-identified"
        assert screen.query_one("#board-identified", VirtualTable).cursor == 1


async def test_empty_stages_fold_and_show_on_demand(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _advocacy(pilot)
        await pilot.press("right", "right")
        assert _focused(pilot) == "board-in_committee"
        await pilot.press("e")  # every stage a column: tabled comes between
        await pilot.pause()
        text = screen_text(app)
        assert "Tabled (0)" in text and "columns 2–4 of 9" in text, text
        assert "No law at this stage." in text
        await pilot.press("left")
        assert _focused(pilot) == "board-tabled"
        await pilot.press("e")  # folded again: the cursor goes to the nearest stage shown
        await pilot.pause()
        assert _focused(pilot) in {"board-drafting", "board-in_committee"}
        assert "Tabled (0)" not in screen_text(app)


async def test_an_office_with_no_law_is_told_how_to_add_one(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _advocacy(pilot)
        text = screen_text(app)
        assert "Identified (0)" in text, text
        assert "No law or policy recorded yet: n adds one." in text
        assert _focused(pilot) == "board-identified"


async def test_the_list_and_its_filters(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _advocacy(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert _focused(pilot) == LIST
        table = screen.query_one(f"#{LIST}", VirtualTable)
        assert table.total == 6
        text = screen_text(app)
        assert "Advocacy · list · 6 laws" in text and "In committee" in text, text
        assert "*20 Nov 2026" in text, text
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "REFORM military")  # words of the title, any case and order
        await save_form(pilot)
        assert [table.row_at(index).key for index in range(table.total)  # type: ignore[union-attr]
                ] == [_law_id(screen, MILITARY)]
        text = screen_text(app)
        assert "1 law" in text and "“REFORM military”" in text, text
        await pilot.press("f8")
        await settle(pilot)
        assert table.total == 6
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press(*["tab"] * 7)  # to "follow-up overdue only"
        await pick(pilot, "yes")
        await save_form(pilot)
        assert table.total == 1
        assert table.row_at(0).cells[1] == DEFENDERS  # type: ignore[union-attr]
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("tab")
        await pick(pilot, "In committee")
        await save_form(pilot)
        assert table.total == 0  # overdue and in committee: none
        assert "No law matches these filters: F8 clears them." in screen_text(app)
        await pilot.press("f8", "f4")
        await settle(pilot)
        await fill(pilot, "military")
        await save_form(pilot)
        await pilot.press("ctrl+l")  # locked: nothing of the list shows, then it is back
        await settle(pilot)
        assert MILITARY not in screen_text(app)
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen  # type: ignore[assignment]
        assert isinstance(screen, AdvocacyScreen)
        table = screen.query_one(f"#{LIST}", VirtualTable)
        assert table.total == 1 and MILITARY in screen_text(app)
        await pilot.press("v", "v")  # the actions, then the board again
        await settle(pilot)
        assert _focused(pilot) == "board-identified"


def _law_id(screen: AdvocacyScreen, title: str) -> int:
    board = screen.shown
    assert board is not None
    for _stage, lines in board.pages:
        for line in lines:
            if line.title == title:
                return line.id
    raise AssertionError(title)




class TestAdvocacyLooks:
    def test_board(self, snap_compare: Any, vault: VaultDir) -> None:
        record_laws(vault)

        async def run_before(pilot: Pilot[Any]) -> None:
            await _advocacy(pilot)
            await pilot.press("down")
            await settle(pilot)
            freeze_cursors(pilot.app)  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)




async def test_enter_opens_the_law_and_escape_comes_back_to_its_column(
        vault: VaultDir) -> None:
    found = record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _advocacy(pilot)
        await pilot.press("right", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LawScreen), screen_text(app)
        assert app.screen.law_id == found[MILITARY]
        assert MILITARY in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AdvocacyScreen)
        assert _focused(pilot) == "board-drafting"


async def _move_on(pilot: Pilot[Any], on: str, evidence: str) -> None:
    """In the stage form, its stage chosen already: the day and the evidence, saved."""
    assert isinstance(pilot.app.screen, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    await pilot.press("tab", "ctrl+u")  # the day the form proposes (today) rubbed out
    await fill(pilot, on)
    await type_text(pilot, evidence)
    await save_form(pilot)


async def test_a_law_moves_to_the_next_stage_by_keyboard(vault: VaultDir) -> None:
    found = record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _advocacy(pilot)
        await pilot.press("down")  # the reparations law
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert "Move to another stage" in screen_text(app)
        await _move_on(pilot, "2026-11-20", "Bill tabled by the minister")
        assert _focused(pilot) == "board-drafting"
        drafting = screen.query_one("#board-drafting", VirtualTable)
        assert drafting.current_row is not None
        assert drafting.current_row.key == found[REPARATIONS]
        text = screen_text(app)
        assert "Identified (1)" in text and "Drafting (2)" in text, text
        view = await app.call_db(laws.law, app.require_session(), found[REPARATIONS])
        step = view.history[-1]
        assert (step.stage, step.on, step.evidence) == (
            "drafting", dt.date(2026, 11, 20), "Bill tabled by the minister")
        await pilot.press("shift+left")  # and back, by the other key
        await settle(pilot)
        await _move_on(pilot, "2026-11-21", "Withdrawn for rewriting")
        assert _focused(pilot) == "board-identified"
        view = await app.call_db(laws.law, app.require_session(), found[REPARATIONS])
        assert [step.stage for step in view.history] == ["identified", "drafting",
                                                         "identified"]


async def test_a_date_before_the_stage_is_refused_and_nothing_moves(vault: VaultDir) -> None:
    found = record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _advocacy(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pilot.press("tab", "ctrl+u")
        await fill(pilot, "2026-09-01")  # before 1 October, when it reached its stage
        await type_text(pilot, "A letter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "before the law reached its present stage" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        view = await app.call_db(laws.law, app.require_session(), found[DEFENDERS])
        assert len(view.history) == 1 and view.stage == "identified"


async def test_create_a_law_log_an_action_and_move_it_all_by_keyboard(
        vault: VaultDir) -> None:
    """The issue's path from the Advocacy screen: a new law (n), an action on it (a), then
    along the board (>), never leaving the keyboard."""
    record_laws(vault)
    app = build_app(vault.data_dir)
    title = "Law on the freedom of assembly"
    async with app.run_test(size=SIZE) as pilot:
        screen = await _advocacy(pilot)
        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, title)
        await pick(pilot, "Law")
        await pick(pilot, "National")
        await pilot.press("tab")  # no province: a national text
        await pick(pilot, "Freedom of expression")
        await pilot.press("tab")  # no standard
        await pick(pilot, "Urgent")
        await pilot.press("tab", "tab")  # officer: myself; no note
        await pilot.press("tab", "tab")  # identified, since today
        await type_text(pilot, "Announced by the minister")
        await save_form(pilot)
        identified = screen.query_one("#board-identified", VirtualTable)
        assert _focused(pilot) == "board-identified"
        assert identified.current_row is not None
        law_id = identified.current_row.key
        assert identified.current_row.cells[1] == title
        assert "Identified (3)" in screen_text(app)

        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab")  # taken today
        await pick(pilot, "Meeting")
        await pick(pilot, "National Assembly")
        await pilot.press("tab", "tab")  # no body, no person named
        await type_text(pilot, "Met the rapporteur")
        await pilot.press("tab", "tab")  # no outcome yet
        await fill(pilot, "Send comments")
        await fill(pilot, "2026-12-01")
        await pick(pilot, "freedom of assembly")
        await save_form(pilot)
        view = await app.call_db(laws.law, app.require_session(), law_id)
        assert [(action.summary, action.follow_up_on) for action in view.actions] == [
            ("Met the rapporteur", dt.date(2026, 12, 1))]
        assert "follow-up: 1 Dec 2026" in screen_text(app)

        await pilot.press("greater_than_sign")
        await settle(pilot)
        await _move_on(pilot, "2026-11-25", "Draft shared by the ministry")
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await pick(pilot, "Tabled")  # the stage proposed (drafting's next) kept
        await _move_on_here(pilot, "2026-11-25", "Tabled in the Assembly")
        assert _focused(pilot) == "board-tabled"
        tabled = screen.query_one("#board-tabled", VirtualTable)
        assert tabled.current_row is not None and tabled.current_row.key == law_id
        view = await app.call_db(laws.law, app.require_session(), law_id)
        assert [step.stage for step in view.history] == ["identified", "drafting", "tabled"]
        assert "Tabled (1)" in screen_text(app)


async def _move_on_here(pilot: Pilot[Any], on: str, evidence: str) -> None:
    """The stage form, the focus on its day already."""
    await pilot.press("ctrl+u")
    await fill(pilot, on)
    await type_text(pilot, evidence)
    await save_form(pilot)
