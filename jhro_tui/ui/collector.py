"""Python's cyclic garbage collector, run when the user pauses rather than mid-keystroke."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


class IdleCollector:
    """Collect cyclic garbage between keystrokes.

    Left to itself the collector runs whenever enough objects have been allocated, which
    in a Textual app is in the middle of building a screen: a full collection stopped
    opening a case for 30 to 170 ms. While a session is open the automatic collector is
    off; this one runs after a pause in the input, and regardless once a long burst of
    work has piled up ``backstop`` new container objects, so memory stays bounded.
    Most runs collect the young generations (a millisecond or two); every tenth a full one.
    """

    def __init__(self, *, idle: float = 0.3, backstop: int = 250_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.idle = idle
        self.backstop = backstop
        self.clock = clock
        self._last_input = clock()
        self.active = False

    def start(self) -> None:
        """Take over from the automatic collector; what exists now lives for the session."""
        gc.collect()
        gc.freeze()
        gc.disable()
        self.active = True

    def stop(self) -> None:
        if self.active:
            self.active = False
            gc.enable()

    def saw_input(self) -> None:
        self._last_input = self.clock()

    def tick(self) -> None:
        """Called a few times a second; collects if the user has paused, or must."""
        if not self.active:
            return
        allocated, _young_runs, older_runs = gc.get_count()
        paused = self.clock() - self._last_input >= self.idle
        if allocated >= self.backstop or (paused and allocated > 700):
            gc.collect(2 if older_runs >= 10 else 1)
