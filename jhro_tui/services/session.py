"""Logging in, locking, unlocking and logging out: a ``Session`` is an open, audited vault.

Every service takes a ``Session`` as the acting account. Denials and failures are
audited in a transaction of their own, so that refusing a change never rolls back the
record of the refusal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import cast

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import AuthenticationFailed, DamagedData, JhroError, PermissionDenied
from jhro_tui.i18n import N_
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
from jhro_tui.store.models import Account

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

    @classmethod
    def of(cls, row: Account) -> AccountInfo:
        return cls(row.name, row.full_name, row.role, row.office, row.language, row.active)


def make_throttle(paths: Paths, settings: Settings,
                  clock: Callable[[], float] = time.time) -> LoginThrottle:
    return LoginThrottle(paths.throttle, paths.keyring_lock.with_name(".throttle.lock"),
                         free_attempts=settings.free_login_attempts,
                         base_seconds=settings.throttle_base_seconds,
                         cap_seconds=settings.throttle_cap_seconds, clock=clock)


def unlock_keyring(paths: Paths, throttle: LoginThrottle, name: str, passphrase: str
                   ) -> UnlockedAccount:
    """Check the passphrase against the keyring, counting failures; no database access.

    Every way in passes here, so this is where the data folder's modes are enforced.
    """
    ensure_private_dir(paths.data_dir)
    keyring = Keyring.load(paths.keyring)
    throttle.check(name)
    try:
        return keyring.unlock(name, passphrase)
    except AuthenticationFailed:
        throttle.record_failure(name)
        raise AuthenticationFailed() from None


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
                 session_lock: FileLock, throttle: LoginThrottle) -> None:
        self.paths = paths
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
                                    self.user.office, self.user.language, False)
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
          clock: Callable[[], float] = time.time) -> Session:
    """Authenticate ``name`` and open the vault, or raise without writing to the vault."""
    demo_marker.refuse_unfinished(paths)
    if not paths.keyring.exists():
        Keyring.load(paths.keyring)  # raises the "no database here" message
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
        _carry_failures_into_audit(vault, throttle)
        if tightened:
            vault.record(*mode_fix_events(name, tightened))
        throttle.record_success(name)
        vault.record(AuditEvent(name, "login"))
        return Session(paths, settings, vault, AccountInfo.of(row), session_lock, throttle)
    except BaseException:
        vault.close()
        session_lock.release()
        raise


def mode_fix_events(name: str, fixes: list[ModeFix]) -> list[AuditEvent]:
    return [AuditEvent(name, "file.private", f"{fix.kind}:{fix.path.name}",
                       f"mode={fix.found:o}->{fix.now:o}") for fix in fixes]


def _carry_failures_into_audit(vault: Vault, throttle: LoginThrottle) -> None:
    names = [name for (name,) in
             cast("Iterable[tuple[str]]", Account.select(Account.name).tuples())]
    failures = throttle.take_pending(names)
    if failures:
        vault.record(*[
            AuditEvent(name or UNKNOWN_ACCOUNT, "login", outcome=FAILED,
                       detail=dt.datetime.fromtimestamp(at, dt.UTC).isoformat())
            for name, at in failures])

