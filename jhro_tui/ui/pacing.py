"""Frame pacing for jhro's screens: an update waits only for what the frame rate demands.

Textual paints a screen from an interval timer (60 a second) that it pauses between
updates. After a pause the timer's schedule is stale: it skips to the boundary after the
next one, so the second paint of an update (the rows of a page that just arrived, the
size a new screen settled on) waited up to two frames, 33 ms, measured in bench/. The
pacer keeps the same limit, one paint per frame, but measures it from the last paint:
an update after a quiet spell paints at once, one within a frame of the last paint waits
for the rest of that frame and no longer.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual import constants

if TYPE_CHECKING:
    from textual.screen import Screen

FRAME_SECONDS = 1 / constants.MAX_FPS


class FramePacer:
    """Stands in for a screen's update timer: ``resume`` asks for a paint, ``pause``
    takes the request back; the screen's own update runs at most once a frame."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._last_paint = float("-inf")
        self._pending: asyncio.Handle | None = None

    def resume(self) -> None:
        if self._pending is not None:
            return
        loop = asyncio.get_running_loop()
        due = self._last_paint + FRAME_SECONDS
        self._pending = (loop.call_at(due, self._paint) if due > loop.time()
                         else loop.call_soon(self._paint))

    def pause(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def _paint(self) -> None:
        self._pending = None
        self._last_paint = asyncio.get_running_loop().time()
        screen = self._screen
        if not screen.is_attached:
            return
        try:
            screen._on_timer_update()
        except Exception as error:  # noqa: BLE001 - reported as Textual reports a timer's
            screen.app._handle_exception(error)
