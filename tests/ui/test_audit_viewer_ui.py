"""The audit viewer by keyboard at 80x24: open it, filter by account, page down, check."""

from __future__ import annotations

from typing import Any

import pytest

from jhro_tui.services import audit_view
from jhro_tui.ui.screens.audit import AuditScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import build_app, log_in, screen_text, settle, type_text

SIZE = (80, 24)


def officer_events(vault: VaultDir, count: int) -> None:
    """``count`` events by the officer (of the supervisor's office), before the app runs."""
    session = vault.login(OFFICER)
    try:
        for number in range(count):
            session.audit("case.view", f"case:GOM-2026-{number:04d}", "")
    finally:
        session.close()


async def open_viewer(pilot: Any, account: str) -> AuditScreen:
    await log_in(pilot, account, PASSPHRASES[account])
    await pilot.press("f10")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AuditScreen), screen_text(pilot.app)
    return screen


async def test_filter_by_account_page_down_and_check_the_chain(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    officer_events(vault, 150)
    # Counted 120 at a time: the list grows as it is scrolled to its end.
    monkeypatch.setattr(audit_view, "COUNT_CAP", 120)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_viewer(pilot, SUPERVISOR)
        assert "Audit trail: Goma" in screen_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "nobody")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "There is no account named nobody." in screen_text(app)
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, OFFICER)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        text = screen_text(app)
        assert "account officer" in text
        table = screen.query_one(VirtualTable)
        # The officer's 150 views, their login and logout: more than one count.
        assert table.total == 120 and "more than 120 events" in text
        assert "supervisor" not in {row.cells[2] for row in
                                    (table.row_at(index) for index in range(100)) if row}
        for _press in range(6):
            await pilot.press("pagedown")
            await settle(pilot)
        assert table.cursor > 100
        assert table.total == 152 and "152 events" in screen_text(app)
        row = table.current_row
        assert row is not None and row.cells[2] == OFFICER
        assert f"{row.key} · officer · " in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert "Audit chain intact" in screen_text(app)


async def test_an_admin_reaches_the_viewer_from_the_accounts_screen(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        await pilot.press("f7")
        await settle(pilot)
        assert "F10: its events" in screen_text(app)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert "Audit trail: every office" in screen_text(app)


async def test_an_officer_has_no_key_to_the_viewer(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f10")
        await settle(pilot)
        assert not isinstance(app.screen, AuditScreen)
        assert "Audit" not in screen_text(app)

