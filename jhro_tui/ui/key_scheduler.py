"""The order of keys: each key reaches the screen the user will see when it is handled.

Over a slow SSH link, or under a fast typist, keys arrive in bursts. Two things would
otherwise send them to the wrong place:

- Textual gives the focused widget its printable keys at once but runs its bindings (End,
  the arrows) only once the key has gone back up to the app: End then text replaced a
  selected title instead of appending to it. So keys are dispatched one at a time: a key
  sent to a widget is followed there and back up (``behind``); the keys typed after it
  wait.
- A screen that reads its data before it is put up leaves the old one showing for the time
  of the read, and the keys typed meanwhile belong to the screen being opened.

**The rule every screen follows:** whatever opens a screen after a read (a worker, a call
on the database thread) takes a hold first, ``hold = shell.hold_keys()``, at the moment
its key is handled, and releases it once the new screen is up (``with hold:`` around the
read and the push, or ``hold.release()``). Keys typed meanwhile are held, then given to
the screen on top, in the order typed. A key that opens a screen from a field or a row
(Enter) uses ``hold_keys_behind`` instead, so that the keys typed before it reach their
field first. ``jhro_tui.ui.navigation`` does this for every destination it opens; a hold
never released ends by itself after ``KEY_HOLD_LIMIT`` seconds.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

KEY_HOLD_LIMIT = 5.0
"""Seconds keys may be held for a screen being read (``KeyScheduler.hold``)."""
KEY_ROUND_LIMIT = 2.0
"""Seconds the keys after a key may wait for it to be handled (``KeyScheduler.unstick``)."""


class KeyHold:
    """Keys held for the next screen (``KeyScheduler.hold``): released once, by
    ``release`` or the end of a ``with`` block, whichever comes first."""

    def __init__(self, scheduler: KeyScheduler) -> None:
        self._scheduler: KeyScheduler | None = scheduler
        self.limit: Timer | None = None

    def release(self) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            if self.limit is not None:
                self.limit.stop()
            scheduler._end_hold()

    def limit_reached(self) -> None:
        self.limit = None  # the timer ends by itself: not stopped from its own callback
        self.release()

    def __enter__(self) -> KeyHold:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class KeyScheduler:
    """Every key of the terminal goes through ``take``, then to ``dispatch`` (the app's
    own handling of it), in order, after any hold."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Key], Awaitable[object]]
                 ) -> None:
        self._app = app
        self._dispatch = dispatch
        self._holds = 0
        self._holding = False
        self._held: list[events.Key] = []
        self._replayed: list[events.Key] = []
        self._reheld = 0
        self.key_in_dispatch = ""
        """The key whose bindings run now ("" between keys)."""
        self._in_flight = False
        self._round = 0
        self._sent_at = 0.0
        self._waiting: deque[tuple[events.Key, bool]] = deque()

    @property
    def holding(self) -> bool:
        """Keys are held now (a screen is being read, or held keys are being given)."""
        return self._holding

    async def take(self, event: events.Key) -> None:
        """A key from the terminal (or one replayed from a hold)."""
        await self._take(event, self._is_replay(event))

    async def _take(self, event: events.Key, replay: bool) -> None:
        if self._holding and (not replay or self._holds):
            if replay:
                # A replayed key opened another screen: the keys typed after it wait for
                # that one, ahead of any typed while they were being replayed.
                self._held.insert(self._reheld, event)
                self._reheld += 1
            else:
                self._held.append(event)
            return
        if self._in_flight:
            self._waiting.append((event, replay))
            return
        self.key_in_dispatch = event.key
        try:
            await self._dispatch(event)
        finally:
            self.key_in_dispatch = ""
        if event.is_forwarded:  # sent to the focused widget
            self._in_flight = True
            self._round += 1
            self._sent_at = time.monotonic()
            key_round = self._round
            app = self._app
            self._behind(app.focused or app.screen,
                         lambda: app.call_later(self._handled, key_round))

    async def _handled(self, key_round: int) -> None:
        if key_round != self._round or not self._in_flight:
            return  # a round already ended (by ``unstick``)
        self._in_flight = False
        while self._waiting and not self._in_flight:
            event, replay = self._waiting.popleft()
            await self._take(event, replay)

    async def unstick(self) -> None:
        """Should a key's way back never end (a message dropped by a widget closing under
        it), the keys after it must not wait for ever (run on an interval)."""
        if self._in_flight and time.monotonic() - self._sent_at > KEY_ROUND_LIMIT:
            await self._handled(self._round)

    def _behind(self, widget: Widget, then: Callable[[], object]) -> None:
        """Run ``then`` on the app's queue once ``widget`` has handled the keys already
        sent to it, and its parents and the app those it left to them: a key a widget does
        not take goes back up through its parents to the app, whose bindings run then;
        ``then`` follows the same way, behind it at every step."""
        way = list(widget.ancestors_with_self)

        def step(index: int) -> None:
            if index == len(way):
                then()
            elif not way[index].call_later(step, index + 1):
                then()  # a widget on the way is gone: so is the key

        step(0)

    def hold(self) -> KeyHold:
        """Hold keys until the returned hold is released (at the latest after
        ``KEY_HOLD_LIMIT`` seconds, should the screen never come)."""
        self._holds += 1
        self._holding = True
        # Keys waiting for the one that started this hold were typed before any it will
        # hold: they go first.
        waiting = [event for event, _replay in self._waiting]
        self._waiting.clear()
        self._held[self._reheld:self._reheld] = waiting
        self._reheld += len(waiting)
        hold = KeyHold(self)
        hold.limit = self._app.set_timer(KEY_HOLD_LIMIT, hold.limit_reached,
                                         name="key-hold-limit")
        return hold

    def hold_behind(self, widget: Widget, then: Callable[[KeyHold], object]) -> None:
        """Hold keys from now, and run ``then`` with the hold once ``widget`` has handled
        the keys already sent to it, and its parents and the app those it left to them.

        For a priority binding that opens a screen: it runs as its key is dispatched,
        before the keys typed ahead of it in the same burst have reached their field or
        row (a passphrase's last letters, the arrows that chose a case); ``then`` sees
        them, and the keys typed after it wait for the screen it opens."""
        hold = self.hold()
        self._behind(widget, lambda: then(hold))

    def _end_hold(self) -> None:
        """The held keys go to the screen on top once it has taken focus (its queue has
        run past its resume)."""
        self._holds -= 1
        if self._holds == 0:
            self._app.screen.call_later(self._replay_held)

    def _replay_held(self) -> None:
        if self._holds:
            return
        held, self._held = self._held, []
        self._reheld = 0
        if not held:
            self._holding = False
            return
        # Keys typed after these may already wait in the queue: still held (not replays),
        # they are replayed after these, when this runs again behind them.
        for key in held:
            replay = events.Key(key.key, key.character)
            # From the app, as the terminal's keys are: a key sent by a screen would not
            # bubble up to that screen's bindings.
            replay.set_sender(self._app)
            self._replayed.append(replay)
            self._app.post_message(replay)
        self._app.call_later(self._replay_held)

    def _is_replay(self, event: events.Key) -> bool:
        for index, replay in enumerate(self._replayed):
            if replay is event:
                del self._replayed[index]
                return True
        return False
