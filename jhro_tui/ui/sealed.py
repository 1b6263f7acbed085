"""An App that lets nothing out: no screenshot, no clipboard, no traceback on screen; and
that sends the terminal only what it does not show already (``shadow.py``).

Textual offers screenshots (an unencrypted SVG of the screen), OSC 52 copies to the client
machine's clipboard, and on a crash a traceback with local variables: each would put case
data in plain text where jhro cannot wipe it. A failed worker becomes a message on
screen; anything worse ends the app with one line. ``record_crash`` keeps what went wrong
without values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from textual import events
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.worker import Worker, WorkerState
from textual.worker_manager import WorkerManager

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _
from jhro_tui.ui.safe import safe_string
from jhro_tui.ui.shadow import TerminalShadow

CRASH_MESSAGE = N_("jhro stopped after an unexpected error. Nothing was shown or saved in "
                   "plain text.")


class ReportingWorkerManager(WorkerManager):
    """Textual's worker manager, reporting every failed worker (the app's, a screen's, a
    widget's) to the app's one handler: ``Worker.StateChanged`` does not bubble, so a
    screen's failed save never reached the app's handler of it."""

    def _remove_worker(self, worker: Worker[Any]) -> None:
        super()._remove_worker(worker)
        if worker.state == WorkerState.ERROR and worker.error is not None \
                and not worker.exit_on_error:
            app = cast("SealedApp", self._app)
            app.call_later(app.worker_failed, worker.error)


class SealedApp(App[int]):
    """The base of jhro's App: what Textual would otherwise leak, and the one error
    handler."""

    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self._workers = ReportingWorkerManager(self)
        self.crashed = False
        self.shadow = TerminalShadow()

    def _on_mount(self, event: events.Mount) -> None:
        self.app_resume_signal.subscribe(self, lambda _app: self.shadow.forget())

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        """Write only the rows the terminal does not already show."""
        if renderable is not None and not self.is_headless and not self._batch_count:
            renderable = self.shadow.reduce(renderable, self.size)
        super()._display(screen, renderable)

    def record_crash(self, error: BaseException) -> None:
        """Keep a redacted report of ``error`` (the App's session knows where)."""

    # -- things Textual would otherwise leak -------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        """On Linux, a driver that no byte from the terminal can stop (``terminal_driver``)."""
        chosen = super().get_driver_class()
        if chosen is LinuxDriver:
            from jhro_tui.ui.terminal_driver import TolerantLinuxDriver

            return TolerantLinuxDriver
        return chosen

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """No system commands: Textual's include an unencrypted SVG screenshot."""
        return iter(())

    def copy_to_clipboard(self, text: str) -> None:
        """Refuse: OSC 52 would put case text in the client machine's clipboard."""

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Refuse: a screenshot is an unencrypted copy of the screen."""

    def save_screenshot(self, filename: str | None = None, path: str | None = None,
                        time_format: str | None = None) -> str:
        raise PermissionError("screenshots are disabled")

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        return None

    # -- errors ------------------------------------------------------------------------

    def worker_failed(self, error: BaseException) -> None:
        """A failed worker, wherever it ran, becomes a message on screen, never a crash."""
        if isinstance(error, JhroError):
            self.notify(safe_string(error.message()), severity="error", markup=False)
        else:
            self.record_crash(error)
            self.notify(safe_string(_("Something went wrong; the error was recorded.")),
                        severity="error", markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """Exit with a short message; never a traceback with local variables on screen."""
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self.crashed = True
        self.record_crash(error)
        self._exit_renderables.append(_(CRASH_MESSAGE))
        self._close_messages_no_wait()

    def panic(self, *renderables: Any) -> None:
        """Textual's last resort prints what it is given (a traceback, local variables
        included) after the screen closes: jhro prints one line and exits non-zero."""
        self._return_code = 1
        self.crashed = True
        self._exit_renderables.append(_(CRASH_MESSAGE))
        self._close_messages_no_wait()
