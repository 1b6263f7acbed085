"""Nothing leaves through Textual's own features: screenshots, clipboard, crash output, env."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from jhro_tui.config import Settings
from jhro_tui.security.hygiene import TEXTUAL_LEAKY_ENVIRONMENT, scrub_environment
from jhro_tui.services.session import login
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.sealed import CRASH_MESSAGE
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, log_in, settle


class Boom(Exception):
    """Raised inside a handler, holding a secret in a local variable."""


async def test_a_crash_shows_a_short_message_and_records_a_redacted_report(
        vault: VaultDir, capsys: pytest.CaptureFixture[str]) -> None:
    app = build_app(vault.data_dir)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            secret_victim_name = "ZZ-SECRET-VICTIM"

            def explode() -> None:
                raise Boom(secret_victim_name)

            app.call_later(explode)
            await pilot.pause()
    assert app.crashed
    printed = capsys.readouterr()
    assert " ".join(printed.err.split()) == CRASH_MESSAGE
    assert "Traceback" not in printed.out + printed.err
    assert "ZZ-SECRET-VICTIM" not in printed.out + printed.err
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    try:
        errors = [row for row in session.vault.audit.rows() if row.action == "app.error"]
    finally:
        session.close()
    assert errors and errors[-1].detail.startswith("Boom at ")
    assert "ZZ-SECRET-VICTIM" not in errors[-1].detail


async def test_screenshot_and_clipboard_write_nothing(vault: VaultDir, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        written: list[str] = []
        assert app._driver is not None
        monkeypatch.setattr(app._driver, "write", written.append)
        app.action_screenshot()
        app.copy_to_clipboard("case text")
        await pilot.press("ctrl+l")
        await settle(pilot)
        field = app.screen.query_one(Input)
        field.value = "typed"
        await pilot.press("ctrl+a", "ctrl+c", "ctrl+x")
        await settle(pilot)
        assert not any("\x1b]52" in chunk for chunk in written)
        assert app.clipboard in ("", None) or "case text" not in app.clipboard
    assert not list(tmp_path.glob("*.svg"))
    assert JhroApp.ALLOW_SELECT is False


def test_textual_debug_variables_are_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in TEXTUAL_LEAKY_ENVIRONMENT:
        monkeypatch.setenv(name, "1")
    scrub_environment()
    assert not [name for name in TEXTUAL_LEAKY_ENVIRONMENT if name in os.environ]
