"""The Advocacy screen's actions (its third view, v twice), at 80×24 by keyboard only: an
action on no law, logged there, found again, opened and changed; its follow-up on the
home screen opens it; the supervisor's keys on an action; and an action logged from the
board goes on the law under the cursor unless another is chosen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot

from jhro_tui.services.advocacy import actions, laws
from jhro_tui.services.advocacy.forms import ActionForm
from jhro_tui.ui.advocacy.screen import ACTIONS, AdvocacyScreen
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import (
    FROZEN_TODAY,
    build_app,
    fill,
    log_in,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)
from tests.ui.test_advocacy_board_ui import DEFENDERS, REPARATIONS, SIZE, record_laws


async def _actions_view(pilot: Pilot[Any], account: str = OFFICER) -> VirtualTable:
    await log_in(pilot, account, PASSPHRASES[account])
    await pilot.press("ctrl+y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AdvocacyScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    await pilot.press("v", "v")
    await settle(pilot)
    table = pilot.app.screen.query_one(f"#{ACTIONS}", VirtualTable)
    assert pilot.app.focused is table
    return table


async def _log_action(pilot: Pilot[Any], summary: str, *, target: str = "",
                      law: str = "") -> None:
    """The action form, from its first field: a letter to the Senate, its follow-up on
    2 December; the law proposed kept unless ``law`` is given."""
    assert isinstance(pilot.app.screen, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    await pilot.press("tab")  # taken today
    await pick(pilot, "Letter")
    await pick(pilot, "Senate")
    await fill(pilot, target)
    await pilot.press("tab")  # no person named
    await type_text(pilot, summary)
    await pilot.press("tab", "tab")  # no outcome yet
    await fill(pilot, "Call the clerk")
    await fill(pilot, "2026-12-02")
    if law:
        await pick(pilot, law)
    await save_form(pilot)


def _row(table: VirtualTable, index: int = 0) -> tuple[int, tuple[str, ...]]:
    row = table.row_at(index)
    assert row is not None
    return row.key, row.cells


def _notes(app: JhroApp) -> str:
    return " ".join(str(note.message) for note in app._notifications)


async def _action(app: JhroApp, action_id: int) -> Any:
    return await app.call_db(actions.advocacy_action, app.require_session(), action_id)


async def test_an_action_on_no_law_is_found_opened_and_changed(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _actions_view(pilot)
        text = screen_text(app)
        assert "Advocacy · actions · 2 actions" in text, text
        assert "From 28 Aug 2026 to 25 Nov 2026" in text, text  # the last 90 days
        assert "no law" not in text
        await pilot.press("a")
        await settle(pilot)
        assert "Change the action" not in screen_text(app)
        await _log_action(pilot, "Wrote on detention conditions", target="Senate bureau")
        assert table.total == 3
        action_id, cells = _row(table)  # today's: the latest first
        assert cells[:6] == ("25 Nov 2026", "Letter", "Senate bureau", "no law",
                             "Wrote on detention conditions", "2 Dec 2026"), cells
        text = screen_text(app)
        assert "Advocacy · actions · 3 actions" in text and "no law" in text, text
        assert "Wrote on detention conditions · next: Call the clerk, by 2 Dec 2026 (open)" \
            in text, text

        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Change the action"
        assert "Wrote on detention conditions" in screen_text(app)
        await pilot.press("tab", "tab", "tab", "ctrl+u")  # the body met, rubbed out
        await type_text(pilot, "Human rights committee")
        await save_form(pilot)
        assert isinstance(app.screen, AdvocacyScreen)
        view = await _action(app, action_id)
        assert (view.target_name, view.law_id, view.summary, view.follow_up_on) == (
            "Human rights committee", None, "Wrote on detention conditions",
            dt.date(2026, 12, 2))
        assert _row(table)[1][2] == "Human rights committee"
        assert table.cursor == 0 and app.focused is table


async def test_enter_on_an_action_on_a_law_opens_the_law(vault: VaultDir) -> None:
    from jhro_tui.ui.advocacy.law_page import LawScreen

    found = record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _actions_view(pilot)
        laws_shown = {_row(table, index)[1][3] for index in range(table.total)}
        assert laws_shown == {DEFENDERS, REPARATIONS}, laws_shown
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LawScreen), screen_text(app)
        assert app.screen.law_id in {found[DEFENDERS], found[REPARATIONS]}


async def test_the_period_key_shows_another_period(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _actions_view(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await fill(pilot, "2026-11-20")
        await save_form(pilot)
        assert table.total == 0
        text = screen_text(app)
        assert "From 20 Nov 2026 to 25 Nov 2026" in text, text
        assert "No action in this period" in text
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await fill(pilot, "2026-11-30")  # after it ends: refused, nothing changes
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "cannot end before it starts" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # the date typed: thrown away?
        await pilot.press("y")
        await settle(pilot)
        assert "From 20 Nov 2026 to 25 Nov 2026" in screen_text(app)


async def test_the_follow_up_of_an_action_on_no_law_opens_the_action(vault: VaultDir
                                                                     ) -> None:
    session = vault.login(OFFICER)
    try:
        added = actions.add_action(session, ActionForm(
            FROZEN_TODAY - dt.timedelta(days=2), "meeting", "government",
            "Met the minister's adviser", next_step="Send the note",
            follow_up_on=FROZEN_TODAY + dt.timedelta(days=3)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert "Send the note" in screen_text(app)
        follow_ups = app.screen.query_one("#home-follow-ups", VirtualTable)
        assert follow_ups.row_at(0).cells[2] == "advocacy"  # type: ignore[union-attr]
        app.screen.query_one("#home-follow-ups", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen), screen_text(app)
        assert form.title_text == "Change the action"
        assert "Met the minister's adviser" in screen_text(app)
        await pilot.press(*["tab"] * 9)  # to the law: the action is put on one
        await pick(pilot, "No law")  # kept on none
        await pilot.press("shift+tab", "shift+tab", "ctrl+u")
        await fill(pilot, "2026-11-30")
        await save_form(pilot)
        view = await _action(app, added.id)
        assert view.follow_up_on == dt.date(2026, 11, 30) and view.law_id is None
        assert "Send the note" in screen_text(app)  # the home again


async def test_the_supervisor_marks_a_follow_up_done_and_removes_an_action(
        vault: VaultDir) -> None:
    record_laws(vault)
    session = vault.login(OFFICER)
    try:
        added = actions.add_action(session, ActionForm(
            FROZEN_TODAY, "report", "government", "Sent the report by mistake",
            next_step="Nothing", follow_up_on=FROZEN_TODAY + dt.timedelta(days=1)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _actions_view(pilot, SUPERVISOR)
        assert _row(table)[0] == added.id
        await pilot.press("d")
        await settle(pilot)
        assert _row(table)[1][5] == "✓26 Nov 2026"
        assert (await _action(app, added.id)).follow_up.done_at is not None
        await pilot.press("d")  # not done after all
        await settle(pilot)
        assert _row(table)[1][5] == "26 Nov 2026"
        await pilot.press("delete")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert question.question.startswith("Remove the action “25 Nov 2026 · Report"), \
            question.question
        await pilot.press("n")  # no: nothing goes
        await settle(pilot)
        assert table.total == 3
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert table.total == 2 and _row(table)[0] != added.id
        assert "Action removed." in _notes(app)


async def test_an_officer_may_not_remove_an_action(vault: VaultDir) -> None:
    record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await _actions_view(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert table.total == 2
        assert "Action removed." not in _notes(app)
        assert "You do not have permission to do this." in _notes(app)


async def test_a_on_the_board_proposes_the_law_under_the_cursor(vault: VaultDir) -> None:
    found = record_laws(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+y")
        await settle(pilot)
        await pilot.press("down", "a")  # the reparations law
        await settle(pilot)
        await _log_action(pilot, "Wrote to the rapporteur")
        view = await app.call_db(laws.law, app.require_session(), found[REPARATIONS])
        assert [action.summary for action in view.actions][0] == "Wrote to the rapporteur"
        await pilot.press("v", "a")  # the list: its first law (the urgent one), another
        await settle(pilot)
        await _log_action(pilot, "Met the rapporteur", law="Reparations")
        view = await app.call_db(laws.law, app.require_session(), found[REPARATIONS])
        assert [action.summary for action in view.actions][:2] == [
            "Met the rapporteur", "Wrote to the rapporteur"]
        await pilot.press("a")  # and the urgent one, as proposed
        await settle(pilot)
        await _log_action(pilot, "Called the rapporteur")
        view = await app.call_db(laws.law, app.require_session(), found[DEFENDERS])
        assert view.actions[0].summary == "Called the rapporteur"
