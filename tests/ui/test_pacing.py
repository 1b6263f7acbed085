"""Frame pacing: a paint after a quiet spell is not delayed; paints stay a frame apart."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Label

from jhro_tui.ui.pacing import FRAME_SECONDS, FramePacer
from jhro_tui.ui.screens.base import JhroModal, JhroScreen


class FakeScreen:
    """What the pacer uses of a screen: its update, whether it is still up, its app."""

    def __init__(self) -> None:
        self.is_attached = True
        self.updates: list[float] = []
        self.fail = False
        self.errors: list[Exception] = []
        self.app = self

    def _on_timer_update(self) -> None:
        self.updates.append(asyncio.get_running_loop().time())
        if self.fail:
            raise RuntimeError("paint failed")

    def _handle_exception(self, error: Exception) -> None:
        self.errors.append(error)


def pacer_for(screen: FakeScreen) -> FramePacer:
    return FramePacer(screen)  # type: ignore[arg-type]


async def test_a_paint_after_a_quiet_spell_is_scheduled_at_once() -> None:
    screen = FakeScreen()
    pacer = pacer_for(screen)
    asked = asyncio.get_running_loop().time()
    pacer.resume()
    await asyncio.sleep(0)
    assert len(screen.updates) == 1
    assert screen.updates[0] - asked < FRAME_SECONDS


async def test_the_next_paint_waits_for_the_rest_of_the_frame_and_no_longer() -> None:
    screen = FakeScreen()
    pacer = pacer_for(screen)
    pacer.resume()
    await asyncio.sleep(0)
    painted = screen.updates[-1]
    pacer.resume()
    pacer.resume()  # asked twice within the frame: still one paint
    assert isinstance(pacer._pending, asyncio.TimerHandle)
    assert abs(pacer._pending.when() - (painted + FRAME_SECONDS)) < 1e-3
    await asyncio.sleep(FRAME_SECONDS * 2)
    assert len(screen.updates) == 2
    assert screen.updates[1] - painted >= FRAME_SECONDS - 1e-6


async def test_pause_takes_the_request_back() -> None:
    screen = FakeScreen()
    pacer = pacer_for(screen)
    pacer.resume()
    pacer.pause()
    await asyncio.sleep(FRAME_SECONDS * 2)
    assert screen.updates == []


async def test_a_screen_taken_down_is_not_painted_and_a_failing_paint_is_reported() -> None:
    screen = FakeScreen()
    pacer = pacer_for(screen)
    screen.is_attached = False
    pacer.resume()
    await asyncio.sleep(0)
    assert screen.updates == []
    screen.is_attached = True
    screen.fail = True
    await asyncio.sleep(FRAME_SECONDS * 2)
    pacer.resume()
    await asyncio.sleep(0)
    assert len(screen.updates) == 1
    assert [str(error) for error in screen.errors] == ["paint failed"]


class Plain(JhroScreen):
    def compose(self) -> ComposeResult:
        yield Label("ready", id="label")


class Dialog(JhroModal[None]):
    def compose(self) -> ComposeResult:
        yield Label("dialog", id="dialog")


class PacedApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Plain())


async def test_jhro_screens_and_dialogs_are_painted_through_the_pacer() -> None:
    app = PacedApp()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        screen: Any = app.screen
        assert isinstance(screen._update_timer, FramePacer)
        label = screen.query_one("#label", Label)
        label.update("changed")
        await pilot.pause(FRAME_SECONDS * 3)
        assert "changed" in "".join(strip.text for strip in screen._compositor.render_strips())
        await app.push_screen(Dialog())
        await pilot.pause()
        assert isinstance(app.screen._update_timer, FramePacer)  # type: ignore[attr-defined]
        assert app.screen.query_one("#dialog", Label).region.height == 1
