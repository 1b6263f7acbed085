"""Accounts: create, change passphrase, disable, list. Administrators manage accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jhro_tui.errors import JhroError, NotFound, PermissionDenied, ValidationError
from jhro_tui.i18n import LANGUAGES, N_
from jhro_tui.security import keys
from jhro_tui.security.files import exclusive
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.passwords import check_passphrase
from jhro_tui.services.session import AccountInfo, Session, unlock_keyring
from jhro_tui.store.models import ROLES, Account, utc_now

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class NewAccount:
    """The form for a new account."""

    name: str
    role: str
    full_name: str = ""
    office: str = ""
    language: str = "en"


def validate_new_account(form: NewAccount) -> None:
    if not NAME_PATTERN.match(form.name):
        raise ValidationError("name", N_("An account name is 2 to 32 characters: lower-case "
                                         "letters, digits, dot, dash or underscore, starting "
                                         "with a letter."))
    if form.role not in ROLES:
        raise ValidationError("role", N_("Unknown role {role}: choose officer, supervisor or "
                                         "admin."), role=form.role)
    if form.language not in LANGUAGES:
        raise ValidationError("language", N_("Unknown language {language}: choose en or fr."),
                              language=form.language)
    if len(form.full_name) > 200 or len(form.office) > 100:
        raise ValidationError("full_name", N_("The name or office is too long."))


def create_account(session: Session, form: NewAccount, passphrase: str,
                   kdf: keys.KdfParams = keys.DEFAULT_KDF) -> AccountInfo:
    """Add an account (admin only): a keyring entry, then the row and its audit record."""
    session.require_role("account.create", "admin", target=f"account:{form.name}")
    validate_new_account(form)
    check_passphrase(passphrase, form.name)
    paths = session.paths
    with exclusive(paths.keyring_lock):
        if Account.get_or_none(Account.name == form.name) is not None:
            raise ValidationError("name", N_("The account {name} already exists."),
                                  name=form.name)
        keyring = Keyring.load(paths.keyring)
        public_key = session.vault.enroll(keyring, form.name, passphrase, kdf)
        keyring.save(paths.keyring)
        try:
            with session.write() as audit:
                row = Account.create(name=form.name, full_name=form.full_name, role=form.role,
                                     office=form.office, language=form.language,
                                     public_key=public_key)
                audit("account.create", f"account:{form.name}", f"role={form.role}")
        except Exception:
            keyring.remove(form.name)
            keyring.save(paths.keyring)
            raise
    return AccountInfo.of(row)


def change_passphrase(session: Session, name: str, new_passphrase: str,
                      current_passphrase: str | None = None,
                      kdf: keys.KdfParams = keys.DEFAULT_KDF) -> None:
    """Change a passphrase, rewrapping only that account's keyring entry.

    An account changes its own passphrase by giving the current one. An administrator
    resets another account's passphrase: that account gets a fresh key pair.
    """
    paths = session.paths
    target = Account.get_or_none(Account.name == name)
    if target is None or not target.active:
        raise NotFound(N_("No active account named {name}."), name=name)
    check_passphrase(new_passphrase, name)
    if name == session.user.name:
        if current_passphrase is None:
            raise ValidationError("current", N_("Give the current passphrase."))
        unlocked = unlock_keyring(paths, session.throttle, name, current_passphrase)
        try:
            with exclusive(paths.keyring_lock):
                keyring = Keyring.load(paths.keyring)
                keyring.change_passphrase(unlocked, new_passphrase, kdf)
                keyring.save(paths.keyring)
        finally:
            unlocked.wipe()
        session.audit("account.passphrase", f"account:{name}")
        return
    session.require_role("account.passphrase.reset", "admin", target=f"account:{name}")
    with exclusive(paths.keyring_lock):
        keyring = Keyring.load(paths.keyring)
        previous = keyring.entries.get(name)
        public_key = session.vault.enroll(keyring, name, new_passphrase, kdf)
        keyring.save(paths.keyring)
        try:
            with session.write() as audit:
                Account.update(public_key=public_key, updated_at=utc_now()).where(
                    Account.name == name).execute()
                audit("account.passphrase.reset", f"account:{name}")
        except Exception:
            if previous is not None:
                keyring.entries[name] = previous
                keyring.save(paths.keyring)
            raise


def disable_account(session: Session, name: str) -> None:
    """Disable an account (admin only) and remove its keyring entry, so it cannot log in."""
    session.require_role("account.disable", "admin", target=f"account:{name}")
    target = Account.get_or_none(Account.name == name)
    if target is None:
        raise NotFound(N_("No account named {name}."), name=name)
    if target.role == "admin" and target.active:
        admins = Account.select().where(Account.role == "admin", Account.active == True  # noqa: E712
                                        ).count()
        if admins <= 1:
            raise JhroError(N_("{name} is the last active administrator; it cannot be "
                               "disabled."), name=name)
    with exclusive(session.paths.keyring_lock):
        with session.write() as audit:
            Account.update(active=False, updated_at=utc_now()).where(
                Account.name == name).execute()
            audit("account.disable", f"account:{name}")
        keyring = Keyring.load(session.paths.keyring)
        keyring.remove(name)
        keyring.save(session.paths.keyring)


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account, active or not (admins and supervisors)."""
    session.require_role("account.list", "admin", "supervisor")
    rows = Account.select().order_by(Account.name)
    result = [AccountInfo.of(row) for row in rows]
    session.audit("account.list", detail=f"count={len(result)}")
    return result


def offices(session: Session) -> list[str]:
    if session.locked:
        raise PermissionDenied()
    return sorted({row.office for row in Account.select(Account.office) if row.office})
