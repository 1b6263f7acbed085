"""First run: create the administrator and the encrypted database, by keyboard only."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Grid, Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import LANGUAGES, _, current_language, language_name
from jhro_tui.security.passwords import MIN_LENGTH
from jhro_tui.services.accounts import NewAccount
from jhro_tui.services.setup import initialize
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen
from jhro_tui.ui.widgets.key_bar import KeyBar

FIELD_IDS = {"name": "#wizard-name", "full_name": "#wizard-full-name",
             "language": "#wizard-language", "passphrase": "#wizard-passphrase"}


class WizardScreen(JhroScreen):
    SCOPE = "wizard"
    AUTO_FOCUS = "#wizard-name"

    @dataclass
    class Created(Message):
        account: str

    @dataclass
    class Refused(Message):
        message: str
        field: str = ""

    def __init__(self, name: str = "", full_name: str = "") -> None:
        super().__init__()
        self.initial_name = name
        self.initial_full_name = full_name
        self.created_account: str | None = None

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="wizard-box", classes="panel"):
            yield Label(plain(_("jhro — first run")), classes="panel-title")
            yield Static(plain(_(
                "jhro keeps the case files of a Joint Human Rights Office: violations, "
                "victims, justice, detention and advocacy. Everything is stored in an "
                "encrypted database that only the accounts you create can open.")),
                classes="intro", id="wizard-intro")
            with Grid(id="wizard-form"):
                yield Label(plain(_("Administrator")), classes="field-label")
                yield Input(placeholder=_("account name, e.g. admin"), id="wizard-name",
                            max_length=32, value=self.initial_name)
                yield Label(plain(_("Full name")), classes="field-label")
                yield Input(id="wizard-full-name", max_length=200, value=self.initial_full_name)
                yield Label(plain(_("Language")), classes="field-label")
                yield Select([(language_name(code), code) for code in LANGUAGES],
                             value=current_language(), allow_blank=False,
                             id="wizard-language", compact=True)
                yield Label(plain(_("Passphrase")), classes="field-label")
                yield Input(password=True, id="wizard-passphrase", max_length=1024)
                yield Label(plain(_("Again")), classes="field-label")
                yield Input(password=True, id="wizard-confirm", max_length=1024)
            yield Static(plain(_("At least {n} characters; common passwords are refused. A "
                                 "sentence you can remember is best.").format(n=MIN_LENGTH)),
                         classes="hint")
            yield Static("", id="wizard-message")
        yield KeyBar()

    def action_advance(self) -> None:
        """Enter: the next field, or, from the second passphrase, create the database."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "wizard-confirm":
            self.action_create()
        else:
            self.focus_next()

    def action_switch_language(self) -> None:
        if self.created_account is not None:
            return
        language = "en" if current_language() == "fr" else "fr"
        name = self.query_one("#wizard-name", Input).value
        full_name = self.query_one("#wizard-full-name", Input).value
        self.jhro.set_language(language)
        self.jhro.replace_screen(WizardScreen(name, full_name))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"create", "switch_language"}:
            return self.created_account is None
        if action == "advance":  # Enter on the language list opens it
            return self.created_account is None and isinstance(self.focused, Input)
        return True

    def action_create(self) -> None:
        if self.created_account is not None:
            return
        name = self.query_one("#wizard-name", Input).value.strip()
        passphrase = self.query_one("#wizard-passphrase", Input).value
        confirm = self.query_one("#wizard-confirm", Input).value
        if passphrase != confirm:
            self._refuse(_("The two passphrases differ."), "passphrase")
            return
        language = self.query_one("#wizard-language", Select).value
        form = NewAccount(name, "admin", self.query_one("#wizard-full-name", Input).value.strip(),
                          "", language if isinstance(language, str) else "en")
        self._show(_("Creating the encrypted database…"))
        self._create(form, passphrase)

    @work(exclusive=True, group="wizard", exit_on_error=False)
    async def _create(self, form: NewAccount, passphrase: str) -> None:
        app = self.jhro
        try:
            await app.call_db(initialize, app.paths, form, passphrase, app.kdf)
        except ValidationError as exc:
            self.post_message(self.Refused(exc.message(), exc.field))
        except JhroError as exc:
            self.post_message(self.Refused(exc.message()))
        else:
            self.post_message(self.Created(form.name))

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._refuse(message.message, message.field)

    def _refuse(self, text: str, field: str) -> None:
        self._show(text, alarm=True)
        if field in FIELD_IDS:
            self.query_one(FIELD_IDS[field]).focus()
        # A passphrase refused is typed again, both times; refused for another field
        # (the name), it stays.
        if field == "passphrase":
            for selector in ("#wizard-passphrase", "#wizard-confirm"):
                self.query_one(selector, Input).value = ""

    @on(Created)
    async def _created(self, message: Created) -> None:
        self.created_account = message.account
        await self.query_one("#wizard-form").remove()
        paths = self.jhro.paths
        self.query_one("#wizard-intro", Static).update(plain(_(
            "Done. The encrypted database is in {path}. Back up that whole directory, "
            "keyring.json included: without the keyring nobody can open the database, and "
            "without a backup a lost disk loses every case.").format(path=paths.data_dir),
            multiline=True))
        self._show(_("Press Enter to log in as {name}.").format(name=message.account))
        self.query_one(".hint", Static).display = False
        self.refresh_bindings()

    def on_key(self, event: Key) -> None:
        if event.key == "enter" and self.created_account is not None:
            event.stop()
            self.jhro.show_login(self.created_account)

    def _show(self, text: str, alarm: bool = False) -> None:
        label = self.query_one("#wizard-message", Static)
        label.update(plain(text))
        label.set_class(alarm, "alarm")
