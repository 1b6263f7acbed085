"""Helpers for driving the app through Pilot: frozen clocks, typing, what is painted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from jhro_tui.config import Paths, Settings
from jhro_tui.i18n import install
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.ui.app import JhroApp, make_app
from jhro_tui.ui.screens.form import FormScreen
from tests.conftest import OFFICER, PASSPHRASES

FROZEN_TODAY = dt.date(2026, 11, 25)
OFFICE_ZONE = "Africa/Lubumbashi"
"""The tests' office clock (CAT, UTC+2), whatever the machine's zone."""
HOSTILE_TEXT = "[bold red]Kivu[/] \x1b]2;pwned\x07 [link=https://x]y[/link]"
"""Stored text an attacker typed: markup, a terminal title escape, a link. It must be
painted literally, its escapes as control pictures."""


class FakeClock:
    """A clock tests move by hand (monotonic for idle lock, wall time for throttling)."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def build_app(data_dir: Path, settings: Settings | None = None, **options: Any) -> JhroApp:
    install("en")
    options.setdefault("kdf", TEST_KDF)
    options.setdefault("today", lambda: FROZEN_TODAY)
    return make_app(Paths(data_dir), settings or Settings(
        time_zone=OFFICE_ZONE, exchange_dir=str(data_dir.parent / "exchange")), **options)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for workers and for the screen to settle (never a sleep)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


async def fill(pilot: Pilot[Any], text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("tab")


async def pick(pilot: Pilot[Any], text: str) -> None:
    """Type into a picker, take the first match, move on."""
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def save_form(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]


async def log_in(pilot: Pilot[Any], account: str, passphrase: str) -> None:
    await settle(pilot)
    await type_text(pilot, account)
    await pilot.press("tab")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def officer_presses(pilot: Pilot[Any], key: str, expected: type[Screen[Any]]) -> None:
    """Log in as the officer, press ``key`` and wait until ``expected`` is on top."""
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, expected), screen_text(pilot.app)  # type: ignore[arg-type]


def painted_text(widget: Widget) -> str:
    """The text a widget paints, line by line, as the terminal would receive it."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def screen_text(app: JhroApp) -> str:
    """Everything the screen paints, composed as the terminal shows it."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def freeze_cursors(app: JhroApp) -> None:
    for field in app.screen.query(Input):
        field.cursor_blink = False
