"""Accounts and offices, for administrators; and "change my passphrase", for everyone.

Over SSH with ``ForceCommand jhro`` nobody has a shell: everything ``jhro user`` and
``jhro office`` do is here, through the same services and the same rules.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from jhro_tui.errors import AuthenticationFailed, JhroError, ValidationError
from jhro_tui.i18n import LANGUAGES, N_, _, current_language, format_number, language_name
from jhro_tui.security.passwords import MIN_LENGTH
from jhro_tui.security.throttle import Throttled
from jhro_tui.services import accounts, maintenance
from jhro_tui.services.accounts import NewAccount
from jhro_tui.services.offices import OfficeInfo, create_office, list_offices
from jhro_tui.services.session import AccountInfo, Session
from jhro_tui.services.statistics.figures import NATIONAL, SCOPES
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import ConfirmScreen, FormField, FormScreen, Values, text_or_none
from jhro_tui.ui.screens.home import ROLE_LABELS, role_label
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.picker import Choice, Picker
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

T = TypeVar("T")

for _action in (
    Action("accounts.add", "a", "add_account", N_("account"), N_("Add"), scope="accounts"),
    Action("accounts.change", "c", "change_account", N_("account"),
           N_("Change role, office or scope"), scope="accounts", footer=N_("Change")),
    Action("accounts.passphrase", "p", "reset_passphrase", N_("account"),
           N_("Reset passphrase"), scope="accounts", footer=N_("Passphrase")),
    Action("accounts.disable", "d", "disable_account", N_("account"), N_("Disable"),
           scope="accounts"),
    Action("accounts.office", "o", "add_office", N_("office"), N_("Add an office"),
           scope="accounts", show=False),
    Action("accounts.verify", "v", "verify_audit", N_("audit"),
           N_("Verify the audit trail"), scope="accounts", show=False),
    Action("accounts.back", "escape", "back", N_("go"), N_("Back"), scope="accounts"),
):
    register(_action)

PASSPHRASE_RULE = N_("At least {n} characters; common passwords are refused. A sentence you "
                     "can remember is best.")


@dataclass(frozen=True)
class AccountListing:
    """Every account and every office, read in one trip to the database thread."""

    accounts: list[AccountInfo]
    offices: list[OfficeInfo]


def read_accounts(session: Session) -> AccountListing:
    return AccountListing(accounts.list_accounts(session), list_offices(session))


ROLE_COLUMN = {"officer": N_("Officer"), "supervisor": N_("Supervisor"), "admin": N_("Admin")}
"""Roles in few letters, for the table (the forms give their full names)."""


SCOPE_COLUMN = {"office": N_("office"), NATIONAL: N_("national")}
"""A supervisor's scope in a word, for the table (other roles count no figures: —)."""


def account_columns() -> list[Column]:
    # At 80 columns the language gives way first: the name and the scope say more.
    return [Column(_("Account"), 18), Column(_("Full name"), least=15),
            Column(_("Role"), 11), Column(_("Office"), 12), Column(_("Scope"), 9),
            Column(_("Lang."), 5, gives_way=1), Column(_("State"), 9)]


def account_cells(info: AccountInfo) -> tuple[str, ...]:
    return (info.name, info.full_name, _(ROLE_COLUMN.get(info.role, info.role)),
            info.office or "—",
            _(SCOPE_COLUMN.get(info.scope, info.scope)) if info.role == "supervisor" else "—",
            info.language, _("active") if info.active else _("disabled"))


class AccountsScreen(JhroScreen):
    """Every account, active or not, and what an administrator does with them."""

    SCOPE = "accounts"
    AUTO_FOCUS = "#account-table"

    def __init__(self, listing: AccountListing | None = None) -> None:
        """``listing``, when it was read before the screen was put up, shows at once."""
        super().__init__()
        self.listing = listing
        self.verifying = False

    def compose(self) -> ComposeResult:
        with Vertical(id="accounts-head", classes="bar"):
            yield Label(plain(_("Accounts and offices")), id="accounts-title")
            yield Static("", id="accounts-offices")
        table = VirtualTable(account_columns(), _no_more_pages, id="account-table")
        yield ColumnHeader(table)
        yield table
        yield Static("", id="accounts-message")
        yield Label(plain(_("o: add an office   v: verify the audit trail   F10: its events   "
                            "F1: every key")),
                    classes="hint", id="accounts-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        # What applies (disable, reset) depends on the account under the cursor.
        self.watch(self.query_one(VirtualTable), "cursor",
                   lambda _cursor: self.refresh_bindings(), init=False)
        if self.listing is not None:
            self.show(self.listing)
        else:
            self.load()

    def route(self) -> Route:
        return AccountsScreen

    # -- reading -----------------------------------------------------------------------

    @work(exclusive=True, group="accounts", exit_on_error=False)
    async def load(self, keep: str | None = None) -> None:
        """Read the accounts again; the cursor stays on ``keep`` (an account's name)."""
        app = self.jhro
        try:
            listing = await app.call_db(read_accounts, app.require_session())
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(listing, keep)

    def show(self, listing: AccountListing, keep: str | None = None) -> None:
        self.listing = listing
        table = self.query_one(VirtualTable)
        table.reset(len(listing.accounts), first_page=[
            VirtualRow(index, account_cells(info))
            for index, info in enumerate(listing.accounts)])
        names = [info.name for info in listing.accounts]
        if keep in names:
            table.cursor = names.index(keep)
        active = sum(info.active for info in listing.accounts)
        offices = " · ".join(f"{office.name} ({office.code}) "
                             f"{format_number(office.active_accounts)}"
                             for office in listing.offices) or _("none yet")
        self.query_one("#accounts-offices", Static).update(plain(
            _("{active} active accounts of {total}.  Offices (active accounts): {offices}")
            .format(active=format_number(active), total=format_number(len(names)),
                    offices=offices)))
        self.refresh_bindings()

    @property
    def current(self) -> AccountInfo | None:
        # Bindings are checked as the screen goes too (at a lock), its table already gone.
        tables = self.query(VirtualTable)
        if self.listing is None or not tables:
            return None
        row = tables.first().current_row
        return self.listing.accounts[row.key] if row is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"change_account", "reset_passphrase", "disable_account"}:
            current = self.current
            if current is None:
                return False
            if action == "disable_account":
                return current.active and current.name != self.jhro.require_session().user.name
            if action == "reset_passphrase":
                return current.active
        if action == "verify_audit":
            return not self.verifying
        return True

    @on(VirtualTable.Selected)
    def _selected(self) -> None:
        self.action_change_account()

    # -- what the keys do ----------------------------------------------------------------

    def action_add_account(self) -> None:
        if self.listing is not None:
            self.app.push_screen(new_account_form(self.jhro, self.listing.offices),
                                 self._account_added)

    def _account_added(self, account: AccountInfo | None) -> None:
        if account is not None:
            self._say(_("Added {name} ({role}).").format(name=account.name,
                                                         role=role_label(account.role)))
            self.load(account.name)

    def action_change_account(self) -> None:
        current = self.current
        if current is not None and self.listing is not None:
            self.app.push_screen(change_account_form(self.jhro, current, self.listing.offices),
                                 self._account_changed)

    def _account_changed(self, account: AccountInfo | None) -> None:
        if account is not None:
            said = _("{name}: {role}, {office}.").format(
                name=account.name, role=role_label(account.role),
                office=account.office or _("no field office"))
            if account.role == "supervisor":
                said += " " + _("Statistics: {scope}.").format(
                    scope=_(SCOPES.get(account.scope, account.scope)))
            self._say(said)
            self.load(account.name)

    def action_reset_passphrase(self) -> None:
        current = self.current
        if current is None or not current.active:
            return
        if current.name == self.jhro.require_session().user.name:
            self.jhro.action_change_passphrase()
            return
        self.app.push_screen(reset_passphrase_form(self.jhro, current),
                             self._passphrase_reset)

    def _passphrase_reset(self, name: str | None) -> None:
        if name is not None:
            self._say(_("{name} has a new passphrase. Give it to them in person: it opens "
                        "one session, which must choose a new one.").format(name=name))

    def action_disable_account(self) -> None:
        current = self.current
        if current is None or self.check_action("disable_account", ()) is not True:
            return
        name = current.name

        def answered(disable: bool | None) -> None:
            if disable:
                self._disable(name)

        self.app.push_screen(ConfirmScreen(_(
            "Disable {name}? They will no longer be able to log in; their cases and their "
            "records stay as they are.").format(name=name)), answered)

    @work(exclusive=True, group="accounts-change", exit_on_error=False)
    async def _disable(self, name: str) -> None:
        app = self.jhro
        try:
            done = await app.call_db(accounts.disable_account, app.require_session(), name)
        except JhroError as exc:
            self._say(exc.message(), alarm=True)
            return
        if done.key_rotated:
            self._say(_("Disabled {name}. A new database key is in place: a copy of their "
                        "keyring entry no longer opens the database.").format(name=name))
        else:
            self._say(_("Disabled {name}.").format(name=name) + "\n"
                      + accounts.key_not_rotated_message(done, others_open=True), alarm=True)
        self.load(name)

    def action_add_office(self) -> None:
        self.app.push_screen(office_form(self.jhro), self._office_added)

    def _office_added(self, office: OfficeInfo | None) -> None:
        if office is not None:
            self._say(_("Added the office {name}.").format(name=office.name))
            current = self.current
            self.load(current.name if current else None)

    def action_verify_audit(self) -> None:
        if not self.verifying:
            self.verifying = True
            self.refresh_bindings()
            self._say(_("Verifying the audit trail: every page of the database is read "
                        "again…"))
            self._verify()

    @work(exclusive=True, group="accounts-verify", exit_on_error=False)
    async def _verify(self) -> None:
        app = self.jhro
        try:
            report = await app.call_db(maintenance.verify_audit_trail, app.require_session())
        except JhroError as exc:
            self._say(exc.message(), alarm=True)
        else:
            self._say("\n".join(maintenance.findings(report)), alarm=not report.intact)
        finally:
            self.verifying = False
            self.refresh_bindings()

    def _say(self, text: str, alarm: bool = False) -> None:
        message = self.query_one("#accounts-message", Static)
        message.update(plain(text, multiline=True))
        message.set_class(alarm, "alarm")

    def action_back(self) -> None:
        self.jhro.go_back()


declare(Destination(go_action("go.accounts", "f7", N_("go"), N_("Accounts")),
                    AccountsScreen, frozenset({"admin"}), read_accounts, AccountsScreen),
        before="session.passphrase")


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """Accounts are a few hundred at most, given whole to ``reset``."""
    return []


# -- forms -------------------------------------------------------------------------------

def _call(app: Shell, function: Callable[..., T], *args: Any, **kwargs: Any
          ) -> Awaitable[T]:
    return app.call_db(function, app.require_session(), *args, **kwargs)


def role_choices() -> list[Choice]:
    return [Choice(code, _(label)) for code, label in ROLE_LABELS.items()]


def office_choices(offices: list[OfficeInfo]) -> list[Choice]:
    return [Choice(office.name, office.name) for office in offices]


def scope_choices() -> list[Choice]:
    return [Choice(code, _(label)) for code, label in SCOPES.items()]


def scope_field(value: str) -> FormField:
    return FormField("scope", _("Statistics of"), "choice", value, scope_choices())


def chosen_scope(values: Values) -> str:
    """The scope asked for: only a supervisor's counts (the field is hidden for others)."""
    return (values.get("scope") or "office") if values.get("role") == "supervisor" \
        else "office"


class AccountForm(FormScreen[AccountInfo]):
    """An account's form: its scope is shown only while the role is supervisor, the one
    role that counts figures."""

    def on_mount(self) -> None:
        self._show_scope(self._picker("role").value)

    def on_picker_changed(self, event: Picker.Changed) -> None:
        # FormScreen's own handler runs too (Textual calls each class's in the MRO).
        if event.picker.id == "field-role":
            self._show_scope(event.code)

    def _show_scope(self, role: str | None) -> None:
        row = self.query_one("#field-scope").parent
        if row is not None:
            row.display = role == "supervisor"


def language_choices() -> list[Choice]:
    return [Choice(code, language_name(code)) for code in LANGUAGES]


def new_passphrase(values: Values, key: str = "passphrase") -> str:
    """The new passphrase, typed the same twice (the second is ``again``)."""
    passphrase = values.get(key) or ""
    if passphrase != (values.get("again") or ""):
        # Both are typed again (a refused form forgets its passphrases): from the first.
        raise ValidationError(key, N_("The two passphrases differ."))
    return passphrase


def new_account_form(app: Shell, offices: list[OfficeInfo]) -> FormScreen[Any]:
    async def submit(values: Values) -> AccountInfo:
        form = NewAccount(text_or_none(values, "name"), values.get("role") or "",
                          text_or_none(values, "full_name"), values.get("office") or "",
                          values.get("language") or "", chosen_scope(values))
        return await _call(app, accounts.create_account, form, new_passphrase(values),
                           kdf=app.kdf)

    fields = [
        FormField("name", _("Account name"), placeholder=_("lower case, e.g. j.mukendi")),
        FormField("full_name", _("Full name")),
        FormField("role", _("Role"), "choice", "officer", role_choices()),
        FormField("office", _("Office"), "choice", None, office_choices(offices),
                  placeholder=_("administrators may have none")),
        scope_field("office"),
        FormField("language", _("Language"), "choice", current_language(),
                  language_choices()),
        FormField("passphrase", _("Passphrase"), "password"),
        FormField("again", _("Again"), "password"),
    ]
    return AccountForm(_("New account"), fields, submit,
                       intro=_(PASSPHRASE_RULE).format(n=MIN_LENGTH))


def change_account_form(app: Shell, account: AccountInfo, offices: list[OfficeInfo]
                        ) -> FormScreen[Any]:
    async def submit(values: Values) -> AccountInfo:
        return await _call(app, accounts.change_account, account.name,
                           values.get("role") or "", values.get("office") or "",
                           chosen_scope(values))

    fields = [
        FormField("role", _("Role"), "choice", account.role, role_choices()),
        FormField("office", _("Office"), "choice", account.office or None,
                  office_choices(offices), placeholder=_("administrators may have none")),
        scope_field(account.scope),
    ]
    return AccountForm(_("Role and office of {name}").format(name=account.name), fields,
                       submit, intro=_("An office not in the list is added first (o). A "
                                       "national supervisor reads every office's "
                                       "statistics, and opens only their own office's "
                                       "cases."))


def reset_passphrase_form(app: Shell, account: AccountInfo) -> FormScreen[Any]:
    async def submit(values: Values) -> str:
        await _call(app, accounts.change_passphrase, account.name, new_passphrase(values),
                    kdf=app.kdf)
        return account.name

    fields = [FormField("passphrase", _("New passphrase"), "password"),
              FormField("again", _("Again"), "password")]
    return FormScreen(_("New passphrase for {name}").format(name=account.name), fields, submit,
                      intro=_(PASSPHRASE_RULE).format(n=MIN_LENGTH))


def own_passphrase_form(app: Shell) -> FormScreen[Any]:
    """Change my passphrase: the current one, then the new one twice."""

    async def submit(values: Values) -> bool:
        session = app.require_session()
        try:
            await app.call_db(accounts.change_passphrase, session, session.user.name,
                              new_passphrase(values, "new"),
                              current_passphrase=values.get("current") or "", kdf=app.kdf)
        except Throttled:
            raise
        except AuthenticationFailed:
            raise ValidationError("current", N_("The current passphrase is wrong.")) from None
        return True

    fields = [FormField("current", _("Current passphrase"), "password"),
              FormField("new", _("New passphrase"), "password", aliases=("passphrase",)),
              FormField("again", _("Again"), "password")]
    return FormScreen(_("Change my passphrase"), fields, submit,
                      intro=_(PASSPHRASE_RULE).format(n=MIN_LENGTH))


class ResetPassphraseForm(FormScreen[bool]):
    """The first thing a session opened by a reset passphrase shows: a new one, twice.

    It cannot be left but by ctrl+q (log out): the reset passphrase opens this one session.
    """

    def keys_hint(self) -> str:
        return _("ctrl+s: save   ctrl+q: log out")

    def action_cancel(self) -> None:
        self._show(_("Choose your new passphrase to go on, or log out with ctrl+q."),
                   alarm=True)


def reset_passphrase_change_form(app: Shell) -> ResetPassphraseForm:
    session = app.require_session()

    async def submit(values: Values) -> bool:
        await app.call_db(accounts.change_passphrase, session, session.user.name,
                          new_passphrase(values), kdf=app.kdf)
        return True

    intro = [_("Your passphrase was reset by an administrator and opens this session only: "
               "choose a new one now, before anything else."),
             _(PASSPHRASE_RULE).format(n=MIN_LENGTH)]
    fields = [FormField("passphrase", _("New passphrase"), "password"),
              FormField("again", _("Again"), "password")]
    return ResetPassphraseForm(_("Choose a new passphrase"), fields, submit,
                               intro="\n".join(intro))


def office_form(app: Shell) -> FormScreen[Any]:
    async def submit(values: Values) -> OfficeInfo:
        return await _call(app, create_office, values.get("name") or "")

    return FormScreen(_("New office"), [FormField("name", _("Office"),
                                                  placeholder=_("e.g. Kisangani"))], submit,
                      intro=_("Accounts are then given this office from the list."))
