"""The Textual application: composition, the session, locking and quitting.

Screens reach it through the ``Shell`` protocol (``shell.py``). What is not the session's
lives beside it: the screens a key reaches from anywhere are declared by their modules
(``navigation.py``), the order of keys is ``key_scheduler.py``, unsaved forms
``drafts.py``, the switch of language ``language.py``, what Textual would leak and the one
error handler ``sealed.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widget import Widget

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import JhroError
from jhro_tui.i18n import _, install, install_time_zone
from jhro_tui.security import keys
from jhro_tui.security.hygiene import harden_process, scrub_environment
from jhro_tui.services import dates
from jhro_tui.services.drafts import Draft
from jhro_tui.services.session import Session
from jhro_tui.services.setup import is_initialized
from jhro_tui.ui import drafts, language, navigation
from jhro_tui.ui.actions import GLOBAL, actions_for, bindings_map, display_key
from jhro_tui.ui.collector import IdleCollector
from jhro_tui.ui.commands import ActionCommands, available_actions
from jhro_tui.ui.key_scheduler import KeyHold, KeyScheduler
from jhro_tui.ui.screens.base import JhroModal, JhroScreen, Route
from jhro_tui.ui.screens.form import ConfirmScreen
from jhro_tui.ui.screens.help import HelpScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.screens.lock import LockScreen
from jhro_tui.ui.screens.login import LoginScreen
from jhro_tui.ui.screens.wizard import WizardScreen
from jhro_tui.ui.sealed import SealedApp

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

T = TypeVar("T")

NOT_BEFORE_A_RESET_PASSPHRASE_IS_CHANGED = frozenset({
    "go_home", "go", "new_case", "change_passphrase", "switch_language", "command_palette"})
"""What a session opened by a reset passphrase may not do before choosing a new one (the
services refuse it too); quitting, locking and help stay."""


class JhroApp(SealedApp):
    """jhro's single application object; screens hold the domain handlers."""

    CSS_PATH = "app.tcss"
    TITLE = "jhro"
    COMMANDS: ClassVar[set[Any]] = {ActionCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, paths: Paths, settings: Settings, *,
                 clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time,
                 kdf: keys.KdfParams = keys.DEFAULT_KDF,
                 today: Callable[[], dt.date] | None = None,
                 handle_signals: bool = False) -> None:
        """``handle_signals``: a hang-up or a termination keeps unsaved forms and logs out
        (the real terminal's run; tests leave the process's signals alone)."""
        super().__init__()
        self._handle_signals = handle_signals
        # No animation anywhere: every frame of one is a repaint sent down the SSH link
        # (Textual scrolls a container into view, a focused field to the centre, by
        # animating). Whatever still asks for one gets its end state in the next frame.
        self.animation_level = "none"
        self.paths = paths
        self.settings = settings
        install_time_zone(settings.zone)
        self.clock = clock
        self.wall_clock = wall_clock
        self.kdf = kdf
        self._today = today
        self.session: Session | None = None
        self.login_language: str | None = None
        """The language chosen with F2 at login, for the session about to open."""
        self.db_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jhro-db")
        # Textual's own palette binding says "palette" in English; the registry's replaces it.
        self._base_bindings = BindingsMap.from_keys({
            key: [binding for binding in bindings if binding.action != "command_palette"]
            for key, bindings in self._bindings.key_to_bindings.items()})
        self._last_activity = clock()
        self._routes: list[Route] = []
        self._discarded_edits = False
        self._kept_drafts = False
        self._locking = False
        self.keys = KeyScheduler(self, super().on_event)
        self.collector = IdleCollector()
        navigation.load_modules()
        self.rebuild_bindings()

    # -- composition -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = "ansi-dark"
        idle = self.settings.idle_lock_minutes * 60
        self.set_interval(max(0.05, min(1.0, idle / 4)), self.lock_if_idle, name="idle-lock")
        self.set_interval(0.2, self.collector.tick, name="collector")
        self.set_interval(0.5, self.keys.unstick, name="unstick-keys")
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self.hang_up)
        if is_initialized(self.paths):
            self.push_screen(LoginScreen())
        else:
            self.push_screen(WizardScreen())

    def today(self) -> dt.date:
        """The office's calendar day, by the services' one rule (what due dates mean)."""
        return self._today() if self._today else dates.today(self.settings)

    def rebuild_bindings(self) -> None:
        """Rebuild the App's bindings in the current language."""
        globals_only = [action for action in actions_for(GLOBAL) if action.scope == GLOBAL]
        self._bindings = bindings_map(self._base_bindings, globals_only)
        self.refresh_bindings()

    def get_key_display(self, binding: Binding) -> str:
        return binding.key_display or display_key(binding.key)

    def set_language(self, language: str) -> None:
        install(language)
        self.rebuild_bindings()

    # -- database access -------------------------------------------------------------

    async def call_db(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service call on the single database thread (SQLite likes one writer)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.db_executor, partial(function, *args, **kwargs))

    @property
    def session_open(self) -> bool:
        """A session is open and not locking: screens with case data may be shown."""
        return self.session is not None and not self.session.locked and not self._locking

    def require_session(self) -> Session:
        if self.session is None or self.session.locked:
            raise JhroError()
        return self.session

    # -- session lifecycle -----------------------------------------------------------

    # Screens call these from their own handlers; the screen changes run later on the
    # App's queue, since a screen cannot await its own replacement.

    def start_session(self, session: Session, hold: KeyHold) -> None:
        """``hold``: keys typed since the passphrase was submitted, for the home screen.

        The session speaks the language chosen with F2 at login, if it was; otherwise the
        account's. A language chosen at login that differs from the account's is offered
        to be remembered."""
        self.session = session
        chosen, self.login_language = self.login_language, None
        self.set_language(chosen or session.user.language)
        self._last_activity = self.clock()
        offer = chosen is not None and chosen != session.user.language
        self.call_later(self._enter_home, hold, offer)

    async def _enter_home(self, hold: KeyHold, offer_to_remember_language: bool) -> None:
        from jhro_tui.services.reference import load_catalog
        from jhro_tui.ui.screens.accounts import reset_passphrase_change_form

        session = self.require_session()
        if session.must_change_passphrase:
            # Before anything else: the keys typed after the passphrase go to this form.
            hold.release()

            def changed(_done: bool | None) -> None:
                self.notify(_("Your passphrase is changed: use the new one from now on, to "
                              "log in and to unlock."), markup=False)
                self.call_later(self._enter_home, hold, offer_to_remember_language)

            await self.push_screen(reset_passphrase_change_form(self), changed)
            return
        with hold:
            # Pickers filter the reference catalog in memory: read it once, off the UI
            # thread.
            await self.call_db(load_catalog)
            # What is loaded by now lives for the whole session.
            self.collector.start()
            await self.show_home()
            if self.session_open:  # never over a lock that came first
                self._tell_login_history(session)
            if offer_to_remember_language and self.session_open:
                language.offer_to_remember_language(self)
        self.run_worker(drafts.offer_drafts(self, ask=True), group="drafts", exit_on_error=False)

    def _tell_login_history(self, session: Session) -> None:
        """The account's last login, the failures since and any reset, so that a use by
        someone else is seen."""
        lines = session.history.lines()
        if lines:
            warn = bool(session.history.reset_by or session.history.failed_since
                        or session.history.throttle_repairs)
            self.notify("\n".join(lines), markup=False, timeout=15,
                        severity="warning" if warn else "information")

    async def show_home(self) -> None:
        """A fresh home screen, its figures read first so that it comes up whole."""
        from jhro_tui.services.cases import home_summary

        session = self.require_session()
        summary = None
        if session.user.role != "admin":
            # On an error the screen reads again itself, and says what went wrong.
            with contextlib.suppress(JhroError):
                summary = await self.call_db(home_summary, session)
        if self.session is session and self.session_open:
            await self.switch_screen(HomeScreen(summary))

    def show_login(self, account: str = "") -> None:
        self.call_later(self.switch_screen, LoginScreen(account))

    def replace_screen(self, screen: Screen[Any]) -> None:
        self.call_later(self.switch_screen, screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        open_session = self.session is not None and not self.session.locked
        if action in NOT_BEFORE_A_RESET_PASSPHRASE_IS_CHANGED and self.session is not None \
                and self.session.must_change_passphrase:
            return False
        if action in {"lock", "go_home"}:
            return open_session
        if action in {"switch_language", "change_passphrase"}:
            # Not from inside a form or a dialog: a form's text would be lost.
            return open_session and not isinstance(self.screen, JhroModal)
        if action == "go":
            return navigation.may_go(self, str(parameters[0]))
        if action == "new_case":
            # Case files are for officers and supervisors; administrators manage accounts.
            return open_session and self.session is not None and \
                self.session.user.role in {"officer", "supervisor"}
        return True

    async def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        notes = self.screen.help_notes() if isinstance(self.screen, JhroScreen) else []
        noted = {keys for keys, _what in notes}
        actions = [action for action, _target in available_actions(self, self.screen)
                   if action.key_label not in noted]
        text = getattr(self.screen, "HELP_NOTES", "")
        await self.push_screen(HelpScreen(actions, notes, _(text) if text else ""))

    async def action_go_home(self) -> None:
        if self.session is None or self.session.locked:
            return
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            await self.switch_screen(HomeScreen())

    def go_back(self) -> None:
        """Escape: back to the previous screen, or home from a top-level one."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.call_later(self.action_go_home)

    async def action_go(self, destination: str) -> None:
        """To a screen a module declared (``navigation``)."""
        await navigation.go(self, destination)

    def action_change_passphrase(self) -> None:
        from jhro_tui.ui.screens.accounts import own_passphrase_form

        if self.check_action("change_passphrase", ()) is not True:
            return

        def changed(done: object) -> None:
            if done:
                self.notify(_("Your passphrase is changed: use the new one from now on, to "
                              "log in and to unlock."), markup=False)

        self.push_screen(own_passphrase_form(self), changed)

    async def action_switch_language(self) -> None:
        await language.switch_language(self)

    def action_new_case(self, draft: Draft | None = None) -> None:
        from jhro_tui.ui.screens.case_forms import case_form

        if self.check_action("new_case", ()) is not True:
            return

        def created(summary: object) -> None:
            case_id = getattr(summary, "id", None)
            if case_id is not None:
                self.open_case(case_id)

        form = case_form(self)
        form.draft_key = drafts.NEW_CASE_DRAFT
        if draft is not None:
            form.prefill = draft.fields
        self.push_screen(form, created)

    def open_case(self, case_id: int, hold: KeyHold | None = None, *,
                  draft: Draft | None = None) -> None:
        """Read a case file, then show it: the screen comes up whole, in one paint, and
        nothing is shown when the case cannot be read. ``hold``: keys already held for
        it (by default, held from now); ``draft``: a form of it to put back."""
        from jhro_tui.services.cases import get_case
        from jhro_tui.ui.screens.case_detail import CaseDetailScreen

        navigation.open_after_reading(
            self, get_case, (case_id,),
            lambda detail: CaseDetailScreen(case_id, detail, draft), group="open-case",
            hold=hold)

    async def action_lock(self) -> None:
        """Lock now: tear down every screen holding data, then drop the keys."""
        session = self.session
        if session is None or session.locked or self._locking:
            return
        # One lock at a time: ctrl+l and the idle timer may fire together, and a lock
        # interrupted half-way would leave the screens gone but the keys still held.
        self._locking = True
        try:
            await self._lock(session)
        finally:
            self._locking = False

    async def _lock(self, session: Session) -> None:
        self._routes = navigation.open_routes(self)
        # A case file's unsaved form goes into the encrypted database, for this account to
        # find again after the unlock; any other form's text is dropped.
        self._kept_drafts = await drafts.keep_drafts(self, session)
        self._discarded_edits = any(getattr(screen, "is_dirty", False)
                                    and not getattr(screen, "draft_key", None)
                                    for screen in self.screen_stack)
        self.clear_notifications()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(LockScreen(session.user.name))
        await self.call_db(session.lock)
        # A worker that finished while the session locked may have said something about a
        # case meanwhile: nothing of it stays over the lock.
        self.clear_notifications()
        # The session's keys no longer apply: the key bar must stop offering them.
        self.refresh_bindings()
        # Case data the torn-down screens left in reference cycles goes now, not later.
        gc.collect()

    def resume_after_unlock(self, hold: KeyHold) -> None:
        """``hold``: keys typed since the passphrase was submitted, for the screens back."""
        self.call_later(self._resume, hold)

    async def _resume(self, hold: KeyHold) -> None:
        """Rebuild the screens the user had open, from fresh queries."""
        self._last_activity = self.clock()
        routes, self._routes = self._routes, []
        with hold:
            await navigation.rebuild(self, routes)
        if self._kept_drafts:
            self._kept_drafts = False
            self.run_worker(drafts.offer_drafts(self, ask=False), group="drafts",
                            exit_on_error=False)
        if self._discarded_edits:
            self._discarded_edits = False
            self.notify(_("A form with unsaved edits was closed when the screen locked; its "
                          "text was discarded."), severity="warning", markup=False, timeout=10)

    def lock_if_idle(self) -> None:
        """Lock after the configured idle time; reads no data."""
        session = self.session
        if session is None or session.locked or self._locking:
            return
        if self.clock() - self._last_activity >= self.settings.idle_lock_minutes * 60:
            self.run_worker(self.action_lock(), group="lock")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_activity = self.clock()
            self.collector.saw_input()
        # A forwarded key is one coming back up from the focused widget, to run the
        # bindings on its way: it was dispatched already.
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.keys.take(event)
            return
        await super().on_event(event)

    # -- the order of keys (``key_scheduler``) -----------------------------------------

    def hold_keys(self) -> KeyHold:
        return self.keys.hold()

    def hold_keys_behind(self, widget: Widget, then: Callable[[KeyHold], object]) -> None:
        self.keys.hold_behind(widget, then)

    def on_unmount(self) -> None:
        self.collector.stop()

    async def action_quit(self) -> None:
        """ctrl+q: log out and quit, once confirmed when a form holds unsaved text (on the
        AZERTY keyboards of the DRC, Q is next to S: a slip on ctrl+s must not lose it)."""

        dirty = [screen for screen in self.screen_stack if getattr(screen, "is_dirty", False)]
        if not dirty:
            await self._quit()
            return
        if isinstance(self.screen, ConfirmScreen) and self.screen.asks_to_quit:
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.call_later(self._quit)

        kept = all(getattr(screen, "draft_key", None) for screen in dirty)
        question = ConfirmScreen(
            _("A form holds text that is not saved. Quit? It is kept for your next login.")
            if kept else _("A form holds text that is not saved. Quit and lose it?"))
        question.asks_to_quit = True
        await self.push_screen(question, answered)

    async def _quit(self) -> None:
        session = self.session
        if session is not None and not session.locked:
            await drafts.keep_drafts(self, session)
        await self.end_session()
        self.exit(0)

    def hang_up(self) -> None:
        """The terminal went away (an SSH link dropped, SIGHUP) or the process is asked to
        stop (SIGTERM): keep any unsaved form and log out, as ctrl+q would."""
        self.call_later(self._quit)

    async def end_session(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            with contextlib.suppress(Exception):
                await self.call_db(session.close)

    def record_crash(self, error: BaseException) -> None:
        """Keep a redacted report (types and code locations, no values) in the audit trail."""
        session = self.session
        if session is None or session.locked:
            return
        frames = traceback.extract_tb(error.__traceback__)[-8:]
        where = " < ".join(f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}"
                           for frame in reversed(frames))
        with contextlib.suppress(Exception):
            self.db_executor.submit(session.audit, "app.error", "",
                                    f"{type(error).__name__} at {where}", "failed").result(5)


if TYPE_CHECKING:
    # Screens see the app as a ``Shell``: the App must keep to it.
    _KEEPS_TO_THE_SHELL: type[Shell] = JhroApp


def make_app(paths: Paths, settings: Settings | None = None, **options: Any) -> JhroApp:
    """Build the app (tests and snapshot modules use this same factory)."""
    return JhroApp(paths, settings or Settings.load(paths), **options)


def run_tui(paths: Paths, *, debug: bool = False) -> int:
    """Run the TUI in this terminal; returns the process exit code."""
    harden_process()
    scrub_environment()
    app = make_app(paths, handle_signals=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        app.run()
    with contextlib.suppress(Exception):
        asyncio.run(app.end_session())
    app.db_executor.shutdown(wait=True)
    if app.crashed and debug and app._exception is not None:
        traceback.print_exception(app._exception, file=sys.stderr)
    return app.return_code or 0



