"""Login: account, passphrase, Enter. The same message for every kind of failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from jhro_tui.errors import DamagedData, JhroError
from jhro_tui.i18n import _, current_language
from jhro_tui.services.session import Session, login
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen
from jhro_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold


class LoginScreen(JhroScreen):
    SCOPE = "login"
    AUTO_FOCUS = "#account"

    @dataclass
    class Succeeded(Message):
        session: Session

    @dataclass
    class Failed(Message):
        message: str
        alarm: bool = False

    def __init__(self, account: str = "", notice: str = "") -> None:
        super().__init__()
        self.initial_account = account
        self.notice = notice
        self._key_hold: KeyHold | None = None

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="login-box", classes="panel"):
            yield Label(plain(_("jhro — case files of the Joint Human Rights Office")),
                        classes="panel-title")
            yield Static(plain(_("The database is encrypted. Log in with your account and "
                                 "passphrase.")), classes="intro")
            yield Label(plain(_("Account")), classes="field-label")
            yield Input(value=self.initial_account, id="account", max_length=32,
                        select_on_focus=False)
            yield Label(plain(_("Passphrase")), classes="field-label")
            yield Input(password=True, id="passphrase", max_length=1024)
            yield Static(plain(self.notice), id="login-message")
        yield KeyBar()

    def on_mount(self) -> None:
        # An account already filled in (after the first-run wizard, F2): what is typed
        # next is the passphrase, and must never show in the clear.
        if self.initial_account:
            self.set_focus(self.query_one("#passphrase", Input))

    def action_submit(self) -> None:
        # A priority binding: in the account field, Enter moves on before the keys typed
        # after it are delivered, so they land in the passphrase, not in the clear. In the
        # passphrase, keys typed after Enter wait for the home screen (or for this one
        # again, if the passphrase is refused), and the passphrase is read once its field
        # has every letter typed before Enter.
        passphrase = self.query_one("#passphrase", Input)
        if self.focused is not passphrase:
            self.set_focus(passphrase)  # now, not once the keys behind Enter are read
            return
        self.jhro.hold_keys_behind(passphrase, self._submit)

    def _submit(self, hold: KeyHold) -> None:
        account = self.query_one("#account", Input).value.strip()
        passphrase_input = self.query_one("#passphrase", Input)
        passphrase = passphrase_input.value
        passphrase_input.value = ""
        if not account or not passphrase:
            hold.release()
            self.query_one("#passphrase" if account else "#account", Input).focus()
            self._show(_("Enter your passphrase.") if account
                       else _("Enter your account name."))
            return
        self._show(_("Checking…"))
        self.query_one("#account", Input).disabled = True
        passphrase_input.disabled = True
        self._key_hold = hold
        self._attempt(account, passphrase)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _attempt(self, account: str, passphrase: str) -> None:
        app = self.jhro
        try:
            session = await app.call_db(login, app.paths, app.settings, account, passphrase,
                                        clock=app.wall_clock)
        except DamagedData as exc:
            self.post_message(self.Failed(exc.message(), alarm=True))
        except JhroError as exc:
            self.post_message(self.Failed(exc.message()))
        except Exception:
            # Recorded as a crash by the app; the form must not stay disabled meanwhile.
            self.post_message(self.Failed(_("The passphrase could not be checked: an "
                                            "unexpected error was recorded.")))
            raise
        else:
            self.post_message(self.Succeeded(session))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        for field in self.query(Input):
            field.disabled = False
        self._show(message.message, alarm=message.alarm)
        self.query_one("#passphrase", Input).focus()
        if self._key_hold is not None:
            self._key_hold.release()

    @on(Succeeded)
    def _succeeded(self, message: Succeeded) -> None:
        assert self._key_hold is not None
        self.jhro.start_session(message.session, self._key_hold)

    def _show(self, text: str, alarm: bool = False) -> None:
        label = self.query_one("#login-message", Static)
        label.update(plain(text))
        label.set_class(alarm, "alarm")

    def action_switch_language(self) -> None:
        language = "en" if current_language() == "fr" else "fr"
        account = self.query_one("#account", Input).value
        self.jhro.set_language(language)
        # The session opens in this language, whatever the account's is.
        self.jhro.login_language = language
        self.jhro.replace_screen(LoginScreen(account))
