"""The lock screen: nothing of the session is on screen or in the widget tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import _
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen
from jhro_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold


class LockScreen(JhroScreen):
    SCOPE = "lock"
    AUTO_FOCUS = "#unlock-passphrase"

    @dataclass
    class Failed(Message):
        message: str

    class Unlocked(Message):
        pass

    def __init__(self, account: str) -> None:
        super().__init__()
        self.account = account
        self._key_hold: KeyHold | None = None

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="lock-box", classes="panel"):
            yield Label(plain(_("Locked")), classes="panel-title")
            yield Static(plain(_("The session of {account} is locked. Enter the passphrase "
                                 "to return where you were.").format(account=self.account)),
                         classes="intro")
            yield Label(plain(_("Passphrase")), classes="field-label")
            yield Input(password=True, id="unlock-passphrase", max_length=1024)
            yield Static("", id="lock-message")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unlock" and (self.focused is None
                                   or self.focused.id != "unlock-passphrase"):
            return False  # the passphrase is being checked
        return super().check_action(action, parameters)

    def action_unlock(self) -> None:
        # As on the login screen: keys typed after Enter wait for the screens it brings
        # back (or for this one, if the passphrase is refused).
        self.jhro.hold_keys_behind(self.query_one("#unlock-passphrase", Input),
                                   self._unlock)

    def _unlock(self, hold: KeyHold) -> None:
        field = self.query_one("#unlock-passphrase", Input)
        passphrase, field.value = field.value, ""
        if not passphrase:  # an Enter too many is not a failed attempt
            hold.release()
            self.query_one("#lock-message", Static).update(plain(_("Enter your passphrase.")))
            return
        field.disabled = True
        self.query_one("#lock-message", Static).update(plain(_("Checking…")))
        self._key_hold = hold
        self._attempt(passphrase)

    @work(exclusive=True, group="unlock", exit_on_error=False)
    async def _attempt(self, passphrase: str) -> None:
        app = self.jhro
        session = app.session
        if session is None:
            return
        try:
            await app.call_db(session.unlock, passphrase)
        except JhroError as exc:
            self.post_message(self.Failed(exc.message()))
        except Exception:
            # Recorded as a crash by the app; the field must not stay disabled meanwhile.
            self.post_message(self.Failed(_("The passphrase could not be checked: an "
                                            "unexpected error was recorded.")))
            raise
        else:
            self.post_message(self.Unlocked())

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        field = self.query_one("#unlock-passphrase", Input)
        field.disabled = False
        field.focus()
        self.query_one("#lock-message", Static).update(plain(message.message))
        if self._key_hold is not None:
            self._key_hold.release()

    @on(Unlocked)
    def _unlocked(self) -> None:
        assert self._key_hold is not None
        self.jhro.resume_after_unlock(self._key_hold)
