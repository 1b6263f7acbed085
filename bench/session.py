"""One measured jhro session, driven through Pilot (headless, 120×40), in its own process.

``python -m bench.session --data-dir DIR --out FILE.json`` logs in as the demo officer,
walks the case list, searches, filters, opens and saves a case, then does the same few
steps as the supervisor; each step is repeated (one fresh app per repetition) and timed
from the key press to the last paint of the updated screen. The process's peak RSS is
the memory of a whole session. Everything measured is recorded, never changed: the hooks
below time Textual's paints, the Argon2id step and jhro's SQL, and the cursor blink is
stopped so that it cannot pass for a paint.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.worker import WorkerState

from bench.caseload import PASSPHRASE

SIZE = (120, 40)
SEARCH_PREFIX = "arres"
"""Typed before the measured search keystroke, which completes the word ``arrest``."""
SEARCH_LAST = "t"
SEARCH_WIDEST = "pre"
"""The widest search there is: a word begins to be looked up at its third letter, and the
demo's words that begin with ``pre`` cost FTS5 the most to merge (5 words, 219,000
occurrences in 100,000 cases: *presumes*, *presence*, *present*…)."""


@dataclass
class Probe:
    """What the hooks saw: paints (start, end) and SQL statements (time, text)."""

    paints: list[tuple[float, float]] = field(default_factory=list)
    statements: list[tuple[float, str]] = field(default_factory=list)
    argon2: list[float] = field(default_factory=list)
    collections: list[tuple[float, float, int]] = field(default_factory=list)
    """Garbage collections: (start, seconds, generation)."""
    calls: list[tuple[float, float, str]] = field(default_factory=list)
    """Database calls from the UI (start, end, function), sent to the database thread."""
    _collecting: float = 0.0
    depth: int = 0

    def install(self) -> None:
        from textual.app import App
        from textual.screen import Screen

        from jhro_tui.security.keyring import Keyring
        from jhro_tui.ui.screens.case_detail import CaseDetailScreen
        from jhro_tui.ui.screens.home import HomeScreen

        probe = self

        def collected(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                probe._collecting = time.perf_counter()
            else:
                probe.collections.append((probe._collecting,
                                          time.perf_counter() - probe._collecting,
                                          info["generation"]))

        gc.callbacks.append(collected)

        def timed_paint(original: Callable[..., Any]) -> Callable[..., Any]:
            def paint(screen: Any, *args: Any, **kwargs: Any) -> Any:
                probe.depth += 1
                started = time.perf_counter()
                try:
                    return original(screen, *args, **kwargs)
                finally:
                    probe.depth -= 1
                    if probe.depth == 0:
                        probe.paints.append((started, time.perf_counter()))
            return paint

        for name in ("_refresh_layout", "_compositor_refresh"):
            setattr(Screen, name, timed_paint(getattr(Screen, name)))

        display = App._display

        def display_and_encode(app: Any, screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            # Headless Textual skips turning the update into terminal bytes; a terminal
            # session cannot, so the paint includes it here too.
            if renderable is not None and app.is_headless and not app._batch_count and \
                    hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)

        App._display = display_and_encode  # type: ignore[method-assign]

        unlock = Keyring.unlock

        def timed_unlock(keyring: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return unlock(keyring, *args, **kwargs)
            finally:
                probe.argon2.append(time.perf_counter() - started)

        Keyring.unlock = timed_unlock  # type: ignore[method-assign]

        for screen_class in (HomeScreen, CaseDetailScreen):
            def counted(original: Callable[..., Any]) -> Callable[..., Any]:
                def show(screen: Any, *args: Any, **kwargs: Any) -> Any:
                    result = original(screen, *args, **kwargs)
                    screen.bench_shown = getattr(screen, "bench_shown", 0) + 1
                    return result
                return show
            screen_class.show = counted(screen_class.show)  # type: ignore[method-assign]

        # A blinking cursor repaints twice a second; it would pass for the end of a figure.
        from textual.widgets import Input

        Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]

    def trace(self, sql: str) -> None:
        # Statements inside triggers and FTS5's own come as "-- …" lines, and a statement
        # that fires triggers is echoed again for each: keep what jhro itself sent.
        if sql.startswith("--"):
            return
        if self.statements and self.statements[-1][1] == sql:
            return
        self.statements.append((time.perf_counter(), sql))


@dataclass
class Figure:
    seconds: list[float] = field(default_factory=list)
    paint: list[float] = field(default_factory=list)
    gc: list[float] = field(default_factory=list)
    """Seconds of garbage collection inside the figure."""
    statements: list[str] = field(default_factory=list)
    """The SQL of the last repetition."""
    extra: list[float] = field(default_factory=list)


MEMORY = "@memory"
"""Suffix of a figure measured again with every database call answered from memory."""


@dataclass
class DataCache:
    """What every database call of a round returned, to answer the same calls again
    without the database: what is left of a figure is Textual painting the screen and
    jhro's UI code, the floor under it."""

    recording: bool = True
    answers: dict[str, list[Any]] = field(default_factory=dict)
    misses: int = 0
    """Calls of a replayed round that no recorded call matched (they ran for real)."""

    @staticmethod
    def key(function: Callable[..., Any], args: tuple[Any, ...],
            kwargs: dict[str, Any]) -> str:
        from jhro_tui.services.session import Session as JhroSession

        shown = [repr(arg) for arg in args if not isinstance(arg, JhroSession)]
        return f"{getattr(function, '__qualname__', function)!s}({shown}, {kwargs!r})"


class Session:
    def __init__(self, data_dir: Path, probe: Probe) -> None:
        self.data_dir = data_dir
        self.probe = probe
        self.figures: dict[str, Figure] = {}
        self.cache: DataCache | None = None
        """Set while a round records its database answers or replays them."""
        self._answer_from_cache()
        self.timeline = False
        self.profiler: Any = None
        """A pyinstrument profiler that runs only while ``profile_figure`` is measured."""
        self.profile_figure = ""

    def _answer_from_cache(self) -> None:
        from jhro_tui.ui.app import JhroApp

        call_db = JhroApp.call_db
        session = self

        async def answered(app: Any, function: Callable[..., Any], *args: Any,
                           **kwargs: Any) -> Any:
            cache = session.cache
            if cache is None:
                started = time.perf_counter()
                try:
                    return await call_db(app, function, *args, **kwargs)
                finally:
                    session.probe.calls.append((started, time.perf_counter(),
                                                getattr(function, "__qualname__", "?")))
            key = cache.key(function, args, kwargs)
            if not cache.recording:
                queue = cache.answers.get(key)
                if queue:
                    return queue.pop(0)
                cache.misses += 1
            result = await call_db(app, function, *args, **kwargs)
            if cache.recording:
                cache.answers.setdefault(key, []).append(result)
            return result

        JhroApp.call_db = answered  # type: ignore[method-assign]

    # -- driving -----------------------------------------------------------------------

    @staticmethod
    def send(app: Any, *keys: str) -> None:
        """Post key events as a terminal would deliver them: at once, no idle waits."""
        for key in keys:
            if len(key) == 1 and not key.isalnum():
                key = _character_to_key(key)
            original = REPLACED_KEYS.get(key, key)
            try:
                char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
            except KeyError:
                char = key if len(key) == 1 else None
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)

    @staticmethod
    def busy(app: Any) -> bool:
        return any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
                   for worker in app.workers)

    async def until(self, pilot: Pilot[Any], ready: Callable[[], bool],
                    timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if not self.busy(pilot.app) and ready():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"screen not ready: {pilot.app.screen!r}")

    async def measure(self, name: str, pilot: Pilot[Any], keys: tuple[str, ...],
                      ready: Callable[[], bool], *, trace: bool = True,
                      action: Callable[[], Any] | None = None) -> float:
        """Seconds from sending ``keys`` (or calling ``action``) to the last paint before
        the screen is ready."""
        paints_from = len(self.probe.paints)
        statements_from = len(self.probe.statements)
        calls_from = len(self.probe.calls)
        collections_from = len(self.probe.collections)
        profiling = self.profiler is not None and name == self.profile_figure
        if profiling:
            self.profiler.start()
        started = time.perf_counter()
        self.send(pilot.app, *keys)
        if action is not None:
            action()
        await self.until(pilot, ready)
        if profiling:
            self.profiler.stop()
        paints = [(a, b) for a, b in self.probe.paints[paints_from:] if b >= started]
        end = max(b for _a, b in paints) if paints else time.perf_counter()
        if self.cache is not None and not self.cache.recording:
            name += MEMORY
        figure = self.figures.setdefault(name, Figure())
        collections = [(at, seconds, generation) for at, seconds, generation
                       in self.probe.collections[collections_from:] if at <= end]
        figure.gc.append(sum(seconds for _at, seconds, _generation in collections))
        if self.timeline:
            events = [(a, f"paint {1000 * (b - a):6.1f} ms") for a, b in paints]
            events += [(at, f"gc{generation}   {1000 * seconds:6.1f} ms")
                       for at, seconds, generation in collections if seconds > 0.001]
            events += [(at, "sql   " + sql[:90].replace("\n", " "))
                       for at, sql in self.probe.statements[statements_from:]]
            events += [(at, f"db    {name} {1000 * (end_at - at):6.1f} ms, back at "
                            f"{1000 * (end_at - started):.1f}")
                       for at, end_at, name in self.probe.calls[calls_from:]]
            print(f"-- {name}: {1000 * (end - started):.1f} ms")
            for at, text in sorted(events):
                print(f"   {1000 * (at - started):7.1f}  {text}")
        figure.seconds.append(end - started)
        figure.paint.append(sum(b - max(a, started) for a, b in paints if a <= end))
        if trace:
            figure.statements = [sql for at, sql in self.probe.statements[statements_from:]
                                 if at <= end]
        return end - started

    # -- screens -----------------------------------------------------------------------

    def app(self) -> Any:
        from jhro_tui.config import Paths, Settings
        from jhro_tui.i18n import install
        from jhro_tui.ui.app import make_app

        install("en")
        return make_app(Paths(self.data_dir), Settings())

    @staticmethod
    def shown(screen: Any) -> int:
        """Times ``screen`` has shown the data it loaded."""
        return int(getattr(screen, "bench_shown", 0))

    def home_ready(self, app: Any, before: int = 0) -> Callable[[], bool]:
        from jhro_tui.ui.screens.home import HomeScreen

        return lambda: isinstance(app.screen, HomeScreen) and self.shown(app.screen) > before

    @staticmethod
    def list_ready(app: Any, check: Callable[[Any], bool] = lambda screen: True
                   ) -> Callable[[], bool]:
        from jhro_tui.ui.screens.cases import CaseListScreen
        from jhro_tui.ui.widgets.virtual_table import VirtualTable

        def ready() -> bool:
            screen = app.screen
            if not isinstance(screen, CaseListScreen) or not check(screen):
                return False
            table = screen.query_one(VirtualTable)
            if screen.total != table.total or table.size.height == 0:
                return False
            top = table.scroll_offset.y
            return all(table.row_at(index) is not None
                       for index in range(top, min(top + table.size.height, table.total)))
        return ready

    def detail_ready(self, app: Any, check: Callable[[Any], bool]) -> Callable[[], bool]:
        from jhro_tui.ui.screens.case_detail import CaseDetailScreen

        return lambda: (isinstance(app.screen, CaseDetailScreen)
                        and app.screen.detail is not None and check(app.screen))

    async def log_in(self, pilot: Pilot[Any], account: str, *, measure: bool) -> None:
        app = pilot.app
        await self.until(pilot, lambda: app.screen.query("#passphrase").first() is not None)
        await pilot.press(*account, "tab", *PASSPHRASE)
        await self.until(pilot, lambda: app.screen.focused is not None)
        argon2_from = len(self.probe.argon2)
        if measure:
            seconds = await self.measure("unlock.total", pilot, ("enter",),
                                         self.home_ready(app), trace=False)
            argon2 = sum(self.probe.argon2[argon2_from:])
            self.figures.setdefault("unlock.argon2id", Figure()).seconds.append(argon2)
            self.figures.setdefault("unlock.beyond_argon2id", Figure()).seconds.append(
                seconds - argon2)
        else:
            self.send(app, "enter")
            await self.until(pilot, self.home_ready(app))
        connection = await app.call_db(
            lambda: app.require_session().vault.db.connection())
        connection.set_trace_callback(self.probe.trace)

    async def measure_home(self, name: str, pilot: Pilot[Any]) -> None:
        """A fresh home screen, loaded and painted (ctrl+g returns to the one of the login,
        which loaded once; a new one is what a login shows: ``show_home`` reads the figures,
        then puts the screen up)."""
        app = pilot.app
        await pilot.press("ctrl+g")
        await self.until(pilot, self.home_ready(app))
        previous = app.screen
        fresh_home = self.home_ready(app)
        await self.measure(name, pilot, (), lambda: app.screen is not previous and fresh_home(),
                           action=lambda: app.call_later(app.show_home))

    async def quit(self, pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+q")
        await pilot.app.workers.wait_for_complete()

    async def officer_round(self, *, measure_unlock: bool = True,
                            cache: DataCache | None = None) -> None:
        from textual.widgets import Input

        from jhro_tui.ui.screens.cases import CaseListScreen
        from jhro_tui.ui.widgets.virtual_table import VirtualTable

        app = self.app()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await self.log_in(pilot, "officer", measure=measure_unlock)
            self.cache = cache

            await self.measure("list.first_page", pilot, ("f3",), self.list_ready(app))
            table = app.screen.query_one(VirtualTable)

            await self.measure("list.scroll_10_pages", pilot, ("pagedown",) * 10,
                               self.list_ready(app, lambda s: table.cursor > 0))
            await self.measure("list.last_row", pilot, ("end",),
                               self.list_ready(app, lambda s: table.cursor == table.total - 1))
            self.send(app, "home")
            await self.until(pilot, self.list_ready(app, lambda s: table.cursor == 0))

            # Search as you type: the keystroke that completes a word, then one letter.
            await pilot.press("slash", *SEARCH_PREFIX)
            await self.until(pilot, self.list_ready(
                app, lambda s: s.case_query.text == SEARCH_PREFIX))
            await self.measure("list.search_keystroke", pilot, (SEARCH_LAST,), self.list_ready(
                app, lambda s: s.case_query.text == SEARCH_PREFIX + SEARCH_LAST))
            await pilot.press("escape")
            await self.until(pilot, self.list_ready(app, lambda s: s.case_query.text == ""))
            await pilot.press(*SEARCH_WIDEST[:-1])
            await self.until(pilot, self.list_ready(
                app, lambda s: s.case_query.text == SEARCH_WIDEST[:-1]))
            await pilot.pause(0.2)  # not within the first letters' burst
            await self.measure("list.search_widest", pilot, (SEARCH_WIDEST[-1],),
                               self.list_ready(app, lambda s: s.case_query.text == SEARCH_WIDEST))
            await pilot.press("escape")
            await self.until(pilot, self.list_ready(app, lambda s: s.case_query.text == ""))
            search = app.screen.query_one("#case-search", Input)
            assert search.value == ""

            # A filter chosen in the form, applied by ctrl+s.
            await pilot.press("down", "f4")
            await self.until(pilot, lambda: app.screen.query("#field-status").first()
                             is not None)
            await pilot.press(*"draft", "enter")
            await self.until(pilot, lambda: getattr(app.screen.query_one("#field-status"),
                                                    "value", None) == "draft")
            await self.measure("list.filter", pilot, ("ctrl+s",), self.list_ready(
                app, lambda s: s.case_query.status == "draft"))

            # Open the first draft, then save an edit of its title.
            list_screen = app.screen
            assert isinstance(list_screen, CaseListScreen)
            row = list_screen.query_one(VirtualTable).current_row
            assert row is not None
            await self.measure("case.open", pilot, ("enter",), self.detail_ready(
                app, lambda s: s.detail.id == row.key))
            detail = app.screen.detail
            await pilot.press("e")
            await self.until(pilot, lambda: app.screen.query("#field-title").first()
                             is not None)
            title_field = app.screen.query_one("#field-title", Input)
            title = detail.title
            title_field.value = title[:-2] if title.endswith(" ·") else title + " ·"
            await self.measure("case.save", pilot, ("ctrl+s",), self.detail_ready(
                app, lambda s: s.detail.version == detail.version + 1))

            # Back to the list, then home.
            await pilot.press("escape")
            await self.until(pilot, self.list_ready(app))
            await self.measure_home("home.officer", pilot)
            self.cache = None
            await self.quit(pilot)
        app.db_executor.shutdown(wait=True)

    async def supervisor_round(self, cache: DataCache | None = None) -> None:
        app = self.app()
        async with app.run_test(headless=True, size=SIZE) as pilot:
            await self.log_in(pilot, "supervisor", measure=False)
            self.cache = cache
            self.send(app, "f3")
            await self.until(pilot, self.list_ready(app))
            await self.measure_home("home.supervisor", pilot)
            self.cache = None
            await self.quit(pilot)
        app.db_executor.shutdown(wait=True)


async def run(data_dir: Path, repeat: int, supervisor: bool, timeline: bool = False,
              profiler: Any = None, profile_figure: str = "",
              from_memory: bool = True, memory_only: bool = False
              ) -> tuple[dict[str, Any], int]:
    """The figures, and how many calls of the rounds answered from memory missed."""
    probe = Probe()
    probe.install()
    session = Session(data_dir, probe)
    session.timeline = timeline
    session.profiler = profiler
    session.profile_figure = profile_figure
    misses = 0

    async def rounds(play: Callable[[DataCache | None], Any]) -> None:
        nonlocal misses
        recorded = DataCache()
        measured = 1 if memory_only else repeat
        for index in range(measured):
            await play(recorded if from_memory and index == measured - 1 else None)
        if not from_memory:
            return
        # The same rounds again, every database call answered with what it returned in
        # the last one: the floor Textual and jhro's UI code put under each figure.
        for _ in range(repeat):
            replay = DataCache(recording=False, answers={
                key: list(values) for key, values in recorded.answers.items()})
            await play(replay)
            misses += replay.misses

    async def officer(cache: DataCache | None) -> None:
        await session.officer_round(measure_unlock=cache is None or cache.recording,
                                    cache=cache)

    await rounds(officer)
    if supervisor:
        await rounds(session.supervisor_round)
    figures = {name: {"seconds": figure.seconds, "paint": figure.paint, "gc": figure.gc,
                      "statements": figure.statements}
               for name, figure in session.figures.items()
               if not memory_only or name.endswith(MEMORY)}
    return figures, misses


def peak_rss_kib() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-supervisor", action="store_true")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the rounds that answer the database calls from memory")
    parser.add_argument("--memory-only", action="store_true",
                        help="one round to record the database's answers, then only the "
                             "rounds answered from memory (their figures alone)")
    parser.add_argument("--timeline", action="store_true",
                        help="print each figure's paints and SQL statements as they came")
    parser.add_argument("--profile", type=Path,
                        help="write a pyinstrument profile here (.html, else text)")
    parser.add_argument("--profile-figure", default="",
                        help="profile only while this figure is measured (e.g. case.open)")
    args = parser.parse_args(argv)
    profiler: Any = None
    if args.profile:
        from pyinstrument import Profiler  # installed by hand, see bench/README.md

        profiler = Profiler(async_mode="disabled" if args.profile_figure else "enabled",
                            interval=0.0005)
        if not args.profile_figure:
            profiler.start()
    figures, misses = asyncio.run(run(
        args.data_dir.resolve(), args.repeat, not args.no_supervisor, args.timeline,
        profiler if args.profile_figure else None, args.profile_figure,
        not args.no_memory, args.memory_only))
    if profiler is not None:
        if profiler.is_running:
            profiler.stop()
        text = (profiler.output_html() if args.profile.suffix == ".html"
                else profiler.output_text(unicode=True, show_all=True))
        args.profile.write_text(text, encoding="utf-8")
    result = {"figures": figures, "peak_rss_kib": peak_rss_kib(), "memory_misses": misses}
    args.out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
