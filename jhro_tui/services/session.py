"""Logging in, locking, unlocking and logging out: a ``Session`` is an open, audited vault.

Every service takes a ``Session`` as the acting account. Denials and failures are
audited in a transaction of their own, so that refusing a change never rolls back the
record of the refusal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import AuthenticationFailed, DamagedData, JhroError, PermissionDenied
from jhro_tui.i18n import N_, _, format_datetime, ngettext
from jhro_tui.security.audit import DENIED, FAILED, AuditEvent
from jhro_tui.security.files import (
    FileLock,
    ModeFix,
    ensure_private_dir,
    shared_session_lock,
)
from jhro_tui.security.keyring import Keyring, UnlockedAccount
from jhro_tui.security.throttle import LoginThrottle
from jhro_tui.security.vault import Vault
from jhro_tui.services import demo_marker
from jhro_tui.store import db as store_db
from jhro_tui.store import schema
from jhro_tui.store.models import Account, utc_now
from jhro_tui.text import sanitize

UNKNOWN_ACCOUNT = "(unknown account)"


@dataclass(frozen=True)
class AccountInfo:
    """Who is acting: a read-only copy of the account row."""

    name: str
    full_name: str
    role: str
    office: str
    language: str
    active: bool
    scope: str = "office"
    """``office`` or ``national``: whose figures a supervisor reaches."""

    @classmethod
    def of(cls, row: Account) -> AccountInfo:
        return cls(row.name, row.full_name, row.role, row.office, row.language, row.active,
                   row.scope)


@dataclass(frozen=True)
class LoginHistory:
    """What a login shows the account about itself, so that someone else's use is seen."""

    previous_login_at: dt.datetime | None
    """The last successful login before this one (UTC), None the first time."""
    failed_since: int
    """Failed logins for this name since that one."""
    reset_by: str = ""
    """The administrator who reset the passphrase since, if one did."""
    reset_at: dt.datetime | None = None
    throttle_repairs: int = 0
    """Times the login counters file was found damaged and reset (audited)."""

    def lines(self) -> list[str]:
        """What the account is told at login, in the installed language and zone."""
        if self.previous_login_at is None:
            told = [_("First login of this account.")] if not self.failed_since else []
        else:
            when = format_datetime(self.previous_login_at)
            told = [_("Last login: {when}; no failed attempt since.").format(when=when)
                    if not self.failed_since else
                    ngettext("Last login: {when}; {count} failed attempt since.",
                             "Last login: {when}; {count} failed attempts since.",
                             self.failed_since).format(when=when, count=self.failed_since)]
        if self.previous_login_at is None and self.failed_since:
            told.append(ngettext("{count} failed attempt before this first login.",
                                 "{count} failed attempts before this first login.",
                                 self.failed_since).format(count=self.failed_since))
        if self.reset_by:
            told.append(_("Your passphrase was reset by {who} on {when}.").format(
                who=sanitize(self.reset_by),
                when=format_datetime(self.reset_at) if self.reset_at else "?"))
        if self.throttle_repairs:
            told.append(_("The file of failed-login counters was damaged and has been reset; "
                          "this is recorded in the audit trail."))
        return told


class PassphraseChangeRequired(AuthenticationFailed):
    """A reset passphrase opens only the session that changes it."""

    default_template = N_("The passphrase of {name} was reset by an administrator: change it "
                          "first, with jhro user passwd {name} --user {name}.")


class ResetPassphraseUsed(AuthenticationFailed):
    default_template = N_("This passphrase was reset by an administrator and has already "
                          "opened a session without being changed: ask an administrator to "
                          "reset it again.")


def make_throttle(paths: Paths, settings: Settings,
                  clock: Callable[[], float] = time.time) -> LoginThrottle:
    return LoginThrottle(paths.throttle, paths.keyring_lock.with_name(".throttle.lock"),
                         free_attempts=settings.free_login_attempts,
                         base_seconds=settings.throttle_base_seconds,
                         cap_seconds=settings.throttle_cap_seconds, clock=clock)


def load_keyring(paths: Paths) -> Keyring:
    """The keyring; missing beside a database, a loss to repair from the backup, not a
    directory to initialise."""
    if paths.database.exists() and not paths.keyring.exists():
        raise DamagedData(N_("The keyring {path} is missing but the database is there: "
                             "restore keyring.json from the backup (without it the database "
                             "cannot be opened). Do not run jhro init."), path=paths.keyring)
    return Keyring.load(paths.keyring)


def unlock_keyring(paths: Paths, throttle: LoginThrottle, name: str, passphrase: str
                   ) -> UnlockedAccount:
    """Check the passphrase against the keyring, counting failures; no database access.

    Every way in passes here, so this is where the data folder's modes are enforced.
    """
    ensure_private_dir(paths.data_dir)
    keyring = load_keyring(paths)
    attempt = throttle.begin_attempt(name)
    try:
        unlocked = keyring.unlock(name, passphrase)
    except AuthenticationFailed:
        raise AuthenticationFailed() from None  # counted by begin_attempt
    try:
        throttle.accept_attempt(name, attempt)
    except BaseException:
        unlocked.wipe()
        raise
    return unlocked


def open_vault(paths: Paths, unlocked: UnlockedAccount, *, accept_behind_anchor: bool = False
               ) -> Vault:
    try:
        vault = Vault.open(paths, unlocked.roots, accept_behind_anchor=accept_behind_anchor)
    finally:
        unlocked.wipe()
    try:
        store_db.bind(vault.db)
        schema.upgrade(vault.db)
    except Exception:
        vault.close()
        raise
    return vault


class Session:
    """A logged-in account. ``lock()`` drops the keys; ``unlock()`` needs the passphrase."""

    def __init__(self, paths: Paths, settings: Settings, vault: Vault, user: AccountInfo,
                 session_lock: FileLock, throttle: LoginThrottle,
                 history: LoginHistory | None = None, must_change_passphrase: bool = False
                 ) -> None:
        self.paths = paths
        self.history = history or LoginHistory(None, 0)
        self.must_change_passphrase = must_change_passphrase
        """Opened with a reset passphrase: nothing but changing it is allowed."""
        self.settings = settings
        self._vault: Vault | None = vault
        self.user = user
        self._session_lock = session_lock
        self.throttle = throttle
        self.started_at = dt.datetime.now(dt.UTC)

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise PermissionDenied(N_("The session is locked."))
        return self._vault

    @property
    def locked(self) -> bool:
        return self._vault is None

    @contextlib.contextmanager
    def write(self) -> Iterator[Callable[..., None]]:
        """A unit of work; the yielded function queues audit events that commit with it."""
        with self.vault.write() as pending:
            def audit(action: str, target: str = "", detail: str = "") -> None:
                pending.record(AuditEvent(self.user.name, action, target, detail))
            yield audit

    def audit(self, action: str, target: str = "", detail: str = "",
              outcome: str = "ok") -> None:
        """Record one event in a transaction of its own."""
        self.vault.record(AuditEvent(self.user.name, action, target, detail, outcome))

    def deny(self, action: str, target: str = "", detail: str = "") -> PermissionDenied:
        """Audit a refusal and return the error for the caller to raise."""
        self.audit(action, target, detail, outcome=DENIED)
        return PermissionDenied()

    def require_role(self, action: str, *roles: str, target: str = "") -> None:
        self.refresh_user()
        if self.must_change_passphrase:
            raise self.deny(action, target, "the reset passphrase must be changed first")
        if self.user.role not in roles or not self.user.active:
            raise self.deny(action, target)

    @contextlib.contextmanager
    def alone(self) -> Iterator[bool]:
        """Hold the maintenance lock exclusively for the block when this is the only open
        session (yields True), as ``jhro rekey`` does; yields False if others are open."""
        upgraded = self._session_lock.try_upgrade()
        try:
            yield upgraded
        finally:
            if upgraded:
                self._session_lock.downgrade()

    def refresh_user(self) -> None:
        """Re-read the account, so a role change or a disabling takes effect at once."""
        row = Account.get_or_none(Account.name == self.user.name)
        if row is None or not row.active:
            self.user = AccountInfo(self.user.name, self.user.full_name, self.user.role,
                                    self.user.office, self.user.language, False,
                                    self.user.scope)
        else:
            self.user = AccountInfo.of(row)

    def lock(self) -> None:
        """Drop the keys and close the database; the account must unlock again."""
        if self._vault is None:
            return
        vault = self._vault
        with contextlib.suppress(JhroError):
            vault.record(AuditEvent(self.user.name, "session.lock"))
        with contextlib.suppress(Exception):
            vault.checkpoint()
        vault.close()
        self._vault = None

    def unlock(self, passphrase: str) -> None:
        """Reopen the vault with this same account's passphrase."""
        if self._vault is not None:
            return
        unlocked = unlock_keyring(self.paths, self.throttle, self.user.name, passphrase)
        self._vault = open_vault(self.paths, unlocked)
        self.throttle.record_success(self.user.name)
        self.refresh_user()
        if not self.user.active:
            self.lock()
            raise AuthenticationFailed()
        self.audit("session.unlock")

    def close(self) -> None:
        """Log out: audit, fold the WAL, wipe the keys, release the session lock."""
        if self._vault is not None:
            vault = self._vault
            with contextlib.suppress(JhroError):
                vault.record(AuditEvent(self.user.name, "logout"))
            with contextlib.suppress(Exception):
                vault.checkpoint()
            vault.close()
            self._vault = None
        self._session_lock.release()


def login(paths: Paths, settings: Settings, name: str, passphrase: str, *,
          clock: Callable[[], float] = time.time, allow_reset_passphrase: bool = True
          ) -> Session:
    """Authenticate ``name`` and open the vault, or raise without writing to the vault.

    A passphrase an administrator reset opens one session, marked ``must_change_passphrase``;
    with ``allow_reset_passphrase`` False (a command that is not the change) it is refused
    without being used up.
    """
    demo_marker.refuse_unfinished(paths)
    if not paths.keyring.exists():
        load_keyring(paths)  # raises the "no database here" or "keyring lost" message
    tightened = ensure_private_dir(paths.data_dir)
    throttle = make_throttle(paths, settings, clock)
    unlocked = unlock_keyring(paths, throttle, name, passphrase)
    try:
        session_lock = shared_session_lock(paths.maintenance_lock)
    except Exception:
        unlocked.wipe()
        raise
    try:
        vault = open_vault(paths, unlocked)
    except Exception:
        session_lock.release()
        raise
    try:
        row = Account.get_or_none(Account.name == name)
        keyring = Keyring.load(paths.keyring)
        if row is not None and keyring.entries[name].public_key != bytes(row.public_key):
            raise DamagedData(N_("The keyring entry of {name} does not match the database."),
                              name=name)
        if row is None or not row.active:
            vault.record(AuditEvent(name, "login", outcome=DENIED,
                                    detail="account disabled or unknown"))
            raise AuthenticationFailed()
        if row.must_change_passphrase and row.reset_passphrase_used:
            vault.record(AuditEvent(name, "login", outcome=DENIED,
                                    detail="reset passphrase already used"))
            raise ResetPassphraseUsed()
        if row.must_change_passphrase and not allow_reset_passphrase:
            vault.record(AuditEvent(name, "login", outcome=DENIED,
                                    detail="reset passphrase must be changed first"))
            raise PassphraseChangeRequired(name=name)
        repairs = _carry_failures_into_audit(vault, throttle, name)
        if tightened:
            vault.record(*mode_fix_events(name, tightened))
        throttle.record_success(name)
        row = Account.get(Account.name == name)  # with the failures just carried
        history = LoginHistory(row.last_login_at, row.failed_logins, row.passphrase_reset_by,
                               row.passphrase_reset_at, repairs)
        _record_login(vault, row)
        return Session(paths, settings, vault, AccountInfo.of(row), session_lock, throttle,
                       history, must_change_passphrase=row.must_change_passphrase)
    except BaseException:
        vault.close()
        session_lock.release()
        raise


def mode_fix_events(name: str, fixes: list[ModeFix]) -> list[AuditEvent]:
    return [AuditEvent(name, "file.private", f"{fix.kind}:{fix.path.name}",
                       f"mode={fix.found:o}->{fix.now:o}") for fix in fixes]


def _carry_failures_into_audit(vault: Vault, throttle: LoginThrottle, name: str) -> int:
    """Move the failures waiting in the throttle file into the audit trail and onto their
    accounts' counts, with any reset of that file; returns the number of resets."""
    names = [known for (known,) in
             cast("Iterable[tuple[str]]", Account.select(Account.name).tuples())]
    failures = throttle.take_pending(names)
    repairs = throttle.take_repairs()
    if not failures and not repairs:
        return 0
    with vault.write() as pending:
        for failed, at in failures:
            pending.record(AuditEvent(failed or UNKNOWN_ACCOUNT, "login", outcome=FAILED,
                                      detail=_iso(at)))
        for failed, count in Counter(failed for failed, _at in failures if failed).items():
            Account.update(failed_logins=Account.failed_logins + count).where(
                Account.name == failed).execute()
        for at, what in repairs:
            pending.record(AuditEvent(name, "login.throttle.reset", outcome=FAILED,
                                      detail=f"{what} at {_iso(at)}"))
    return len(repairs)


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat()


def _record_login(vault: Vault, row: Account) -> None:
    """Audit the login and keep what the next one shows; a reset is shown until the first
    login after its change, and a reset passphrase is used up by the session it opens."""
    changes: dict[object, object] = {Account.last_login_at: utc_now(),
                                     Account.failed_logins: 0}
    detail = ""
    if row.must_change_passphrase:
        changes[Account.reset_passphrase_used] = True
        detail = "reset passphrase, to be changed now"
    elif row.passphrase_reset_by:
        changes[Account.passphrase_reset_by] = ""
        changes[Account.passphrase_reset_at] = None
    with vault.write() as pending:
        Account.update(changes).where(Account.id == row.id).execute()
        pending.record(AuditEvent(row.name, "login", detail=detail))
