"""A save that fails in a form's worker is said on screen, and the form stays usable."""

from __future__ import annotations

from typing import Any

import pytest
from sqlcipher3 import dbapi2 as sqlcipher
from textual.pilot import Pilot
from textual.widgets import TextArea

from jhro_tui.config import Settings
from jhro_tui.services import cases
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, log_in, screen_text, settle

STATEMENT = "Témoignage recueilli à Kiwanja. " * 1200


def _case(vault: VaultDir) -> int:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        return cases.create_case(session, CaseForm(title="Raid on Kiwanja", narrative="",
                                                   province_code="CD-NK")).id
    finally:
        session.close()


async def _note_form_holding(pilot: Pilot[Any], case_id: int, text: str) -> FormScreen[Any]:
    """The officer's new-note form on the case, its statement typed but not yet saved."""
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    await pilot.app.push_screen(CaseDetailScreen(case_id))
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one("#field-body", TextArea).load_text(text)
    return form


async def test_a_full_disk_keeps_the_form_and_its_text_and_ctrl_s_works_again(
        vault: VaultDir) -> None:
    case_id = _case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _note_form_holding(pilot, case_id, STATEMENT)
        db = app.require_session().vault.db
        (pages,) = await app.call_db(lambda: db.execute_sql("PRAGMA page_count").fetchone())
        await app.call_db(db.execute_sql, f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "The disk is full: nothing was saved; your text is still in the form." \
            in " ".join(screen_text(app).split())
        assert form.query_one("#field-body", TextArea).text == STATEMENT
        await app.call_db(db.execute_sql, f"PRAGMA max_page_count = {pages * 100}")
        await pilot.press("ctrl+s")  # room again: the same form saves
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)
        detail = await app.call_db(cases.get_case, app.require_session(), case_id)
        assert [note.body for note in detail.notes] == [STATEMENT.strip()]


async def test_an_unexpected_failure_in_a_screens_worker_is_said_and_recorded(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = _case(vault)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a fault nobody foresaw")

    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _note_form_holding(pilot, case_id, "Entretien du 12 mars")
        monkeypatch.setattr(cases, "add_note", broken)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert "Something went wrong; the error was recorded." in [
            notice.message for notice in app._notifications]
        assert app.screen is form and form.query_one("#field-body", TextArea).text == \
            "Entretien du 12 mars"
        session = app.require_session()
        rows = await app.call_db(lambda: session.vault.db.execute_sql(
            "SELECT detail FROM audit_event WHERE action = 'app.error'").fetchall())
        assert rows and rows[-1][0].startswith("RuntimeError at ")
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # ctrl+s is not dead
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)


async def test_a_save_kept_waiting_by_another_session_says_busy_and_keeps_the_form(
        vault: VaultDir) -> None:
    case_id = _case(vault)
    holder = sqlcipher.connect(str(vault.paths.database), isolation_level=None)
    holder.execute(f"PRAGMA key = \"x'{vault.db_key().hex()}'\"")
    app = build_app(vault.data_dir)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            form = await _note_form_holding(pilot, case_id, "Entretien du 12 mars")
            db = app.require_session().vault.db
            await app.call_db(db.execute_sql, "PRAGMA busy_timeout = 200")
            holder.execute("BEGIN IMMEDIATE")  # another officer's save, in progress
            await pilot.press("ctrl+s")
            await settle(pilot)
            holder.execute("ROLLBACK")
            assert app.screen is form
            assert "The database is busy (another session is writing); try again." in \
                " ".join(screen_text(app).split())
            assert form.query_one("#field-body", TextArea).text == "Entretien du 12 mars"
            await pilot.press("ctrl+s")  # the other save is done: this one goes through
            await settle(pilot)
            assert not isinstance(app.screen, FormScreen), screen_text(app)
    finally:
        holder.close()
