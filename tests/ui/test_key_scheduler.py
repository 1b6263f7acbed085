"""Every screen read before it is put up gets the keys typed while it was read
(``key_scheduler``'s rule): each destination a module declares, and a case file.

F1 typed in the same burst as the key that opens the screen must open help over the new
screen; a screen that forgot to hold keys would get help under it (help opened over the
old screen, the new one pushed on top of it).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import events

from jhro_tui.ui import navigation
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.cases import CaseListScreen
from jhro_tui.ui.screens.help import HelpScreen
from tests.conftest import OFFICER, PASSPHRASES, ROLES, VaultDir
from tests.ui.support import build_app, log_in, screen_text, settle
from tests.ui.test_type_ahead import _one_case

navigation.load_modules()

CHARACTERS = {"enter": "\r", "ctrl+f": "\x06"}


def burst(app: JhroApp, *keys: str) -> None:
    """Keys (Textual names) all at once, none waiting for the one before to be handled."""
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key))
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


def read_slowly(app: JhroApp) -> None:
    """Every read takes 0.3 s from now: a large caseload, a slow disk."""
    call_db = app.call_db

    async def slow(function: Any, *args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.3)
        return await call_db(function, *args, **kwargs)

    app.call_db = slow  # type: ignore[method-assign]


async def help_over(app: JhroApp, pilot: Any) -> list[type[Any]]:
    await pilot.pause(1.0)
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen), screen_text(app)
    return [type(screen) for screen in app.screen_stack]


@pytest.mark.parametrize("name", sorted(navigation.DESTINATIONS))
async def test_keys_typed_while_a_destination_is_read_go_to_it(vault: VaultDir,
                                                              name: str) -> None:
    destination = navigation.DESTINATIONS[name]
    account = next(account for account, role in ROLES.items() if role in destination.roles)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, account, PASSPHRASES[account])
        read_slowly(app)
        key = destination.action.keys.split(",")[0]
        burst(app, key, "f1")
        stack = await help_over(app, pilot)
        assert stack[-2] is destination.screen, stack


async def test_keys_typed_while_a_case_file_is_read_go_to_it(vault: VaultDir) -> None:
    _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        read_slowly(app)
        burst(app, "enter", "f1")
        stack = await help_over(app, pilot)
        assert stack[-2] is CaseDetailScreen, stack
