"""Accounts: create, change role, office and scope, change passphrase, disable, list,
language.

Administrators manage accounts; every account changes its own passphrase and language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jhro_tui.errors import JhroError, NotFound, ValidationError
from jhro_tui.i18n import LANGUAGES, N_, _
from jhro_tui.security import keys
from jhro_tui.security.audit import FAILED
from jhro_tui.security.files import exclusive
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.passwords import check_passphrase
from jhro_tui.services import maintenance, offices
from jhro_tui.services.session import AccountInfo, Session, unlock_keyring
from jhro_tui.services.statistics.figures import NATIONAL, SCOPES
from jhro_tui.store.models import ROLES, Account, utc_now

NAME_PATTERN = re.compile(r"[a-z][a-z0-9._-]{1,31}")
"""What a new account's name must match whole (``fullmatch``: with ``match`` and ``$`` a
final newline slipped through). Names made before this rule still log in."""


@dataclass(frozen=True)
class NewAccount:
    """The form for a new account."""

    name: str
    role: str
    full_name: str = ""
    office: str = ""
    language: str = "en"
    scope: str = "office"
    """Whose figures a supervisor reaches: their office's, or every office's (national)."""


def validate_new_account(form: NewAccount) -> None:
    if not NAME_PATTERN.fullmatch(form.name):
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
    validate_scope(form.scope, form.role)


def validate_scope(scope: str, role: str) -> None:
    """A scope is ``office`` or ``national``, and only a supervisor's may be national (an
    officer counts nothing; an administrator reads no case content)."""
    if scope not in SCOPES:
        raise ValidationError("scope", N_("Unknown scope {scope}: choose office or national."),
                              scope=scope)
    if scope == NATIONAL and role != "supervisor":
        raise ValidationError("scope", N_("Only a supervisor may have the national scope."))


def check_new_account(form: NewAccount) -> None:
    """Every rule a new account must meet but its passphrase's (the CLI checks them before
    asking for the passphrase)."""
    validate_new_account(form)
    offices.require_office(form.office, form.role)
    _refuse_taken_name(form.name)


def _refuse_taken_name(name: str) -> None:
    if Account.get_or_none(Account.name == name) is not None:
        raise ValidationError("name", N_("The account {name} already exists."), name=name)


def create_account(session: Session, form: NewAccount, passphrase: str,
                   kdf: keys.KdfParams = keys.DEFAULT_KDF) -> AccountInfo:
    """Add an account (admin only): a keyring entry, then the row and its audit record."""
    session.require_role("account.create", "admin", target=f"account:{form.name}")
    check_new_account(form)
    check_passphrase(passphrase, form.name)
    paths = session.paths
    with exclusive(paths.keyring_lock):
        _refuse_taken_name(form.name)  # another administrator may have been quicker
        keyring = Keyring.load(paths.keyring)
        public_key = session.vault.enroll(keyring, form.name, passphrase, kdf)
        keyring.save(paths.keyring)
        try:
            with session.write() as audit:
                row = Account.create(name=form.name, full_name=form.full_name, role=form.role,
                                     office=form.office, language=form.language,
                                     scope=form.scope, public_key=public_key)
                audit("account.create", f"account:{form.name}",
                      f"role={form.role} office={form.office} scope={form.scope}")
        except Exception:
            keyring.remove(form.name)
            keyring.save(paths.keyring)
            raise
    return AccountInfo.of(row)


def change_passphrase(session: Session, name: str, new_passphrase: str,
                      current_passphrase: str | None = None,
                      kdf: keys.KdfParams = keys.DEFAULT_KDF) -> None:
    """Change a passphrase, rewrapping only that account's keyring entry.

    An account changes its own passphrase by giving the current one (or, in the session a
    reset passphrase opened, without it). An administrator resets another account's
    passphrase: that account gets a fresh key pair, and the reset is visible to it.
    """
    paths = session.paths
    target = Account.get_or_none(Account.name == name)
    if target is None or not target.active:
        raise NotFound(N_("No active account named {name}."), name=name)
    check_passphrase(new_passphrase, name)
    if name == session.user.name and session.must_change_passphrase and \
            not current_passphrase:
        # The session a reset passphrase opened holds the keys: a fresh key pair for the
        # account, as a reset gives, with no need to type the reset passphrase again.
        _enroll_again(session, name, new_passphrase, kdf, "account.passphrase",
                      detail="after a reset", reset_by="")
        session.must_change_passphrase = False
        return
    if name == session.user.name:
        if not current_passphrase:
            raise ValidationError("current", N_("Give the current passphrase."))
        unlocked = unlock_keyring(paths, session.throttle, name, current_passphrase)
        try:
            with exclusive(paths.keyring_lock):
                keyring = Keyring.load(paths.keyring)
                keyring.change_passphrase(unlocked, new_passphrase, kdf)
                keyring.save(paths.keyring)
        finally:
            unlocked.wipe()
        with session.write() as audit:
            Account.update(must_change_passphrase=False, reset_passphrase_used=False,
                           updated_at=utc_now()).where(Account.name == name).execute()
            audit("account.passphrase", f"account:{name}",
                  "after a reset" if session.must_change_passphrase else "")
        session.must_change_passphrase = False
        return
    session.require_role("account.passphrase.reset", "admin", target=f"account:{name}")
    _enroll_again(session, name, new_passphrase, kdf, "account.passphrase.reset",
                  detail="", reset_by=session.user.name)


def _enroll_again(session: Session, name: str, passphrase: str, kdf: keys.KdfParams,
                  action: str, detail: str, reset_by: str) -> None:
    """Give ``name`` a fresh key pair under ``passphrase``; ``reset_by`` an administrator
    marks it a reset: one session, which must change it, and shown at the next logins."""
    paths = session.paths
    with exclusive(paths.keyring_lock):
        keyring = Keyring.load(paths.keyring)
        previous = keyring.entries.get(name)
        public_key = session.vault.enroll(keyring, name, passphrase, kdf)
        keyring.save(paths.keyring)
        try:
            with session.write() as audit:
                reset = {"passphrase_reset_by": reset_by, "passphrase_reset_at": utc_now()} \
                    if reset_by else {}
                Account.update(public_key=public_key, must_change_passphrase=bool(reset_by),
                               reset_passphrase_used=False, updated_at=utc_now(),
                               **reset).where(Account.name == name).execute()
                audit(action, f"account:{name}", detail)
        except Exception:
            if previous is not None:
                keyring.entries[name] = previous
                keyring.save(paths.keyring)
            raise


@dataclass(frozen=True)
class Disabled:
    """What ``disable_account`` did: ``key_rotated`` is False when the database key could
    not change now (other sessions open) or was not asked to; ``jhro rekey`` does it."""

    name: str
    key_rotated: bool


def disable_account(session: Session, name: str, *, rotate_key: bool = True,
                    pause: Callable[[str], None] | None = None) -> Disabled:
    """Disable an account (admin only), remove its keyring entry so it cannot log in, then
    change the database key so a copy of that entry opens no copy of the database.

    The key changes only when this is the only open session (the other sessions hold
    the old key); otherwise the refusal is audited and reported, and ``jhro rekey`` does
    it later. The disabling itself never waits for the rotation: the account is locked
    out at once. ``pause`` lets tests stop the rotation between its steps.
    """
    session.require_role("account.disable", "admin", target=f"account:{name}")
    target = Account.get_or_none(Account.name == name)
    if target is None:
        raise NotFound(N_("No account named {name}."), name=name)
    if name == session.user.name:
        # Its keyring entry would go while this session still holds the keys; and the one
        # who disables is an active administrator, so the last one is never disabled.
        raise JhroError(N_("You cannot disable the account you are logged in with: ask "
                           "another administrator."))
    with exclusive(session.paths.keyring_lock):
        with session.write() as audit:
            Account.update(active=False, updated_at=utc_now()).where(
                Account.name == name).execute()
            audit("account.disable", f"account:{name}")
        keyring = Keyring.load(session.paths.keyring)
        keyring.remove(name)
        keyring.save(session.paths.keyring)
    if not rotate_key:
        session.audit("key.rotate.skipped", f"account:{name}", "no-rekey at disable")
        return Disabled(name, key_rotated=False)
    with session.alone() as alone:
        if not alone:
            session.audit("key.rotate", f"account:{name}",
                          "deferred at disable: other sessions open", outcome=FAILED)
            return Disabled(name, key_rotated=False)
        # A copy of the disabled account's keyring entry, taken before, still opens a
        # copy of the database until the key changes.
        maintenance.rotate_in_session(session, f"disable:{name}", pause)
    return Disabled(name, key_rotated=True)


def key_not_rotated_message(done: Disabled, others_open: bool) -> str:
    """Why the database key did not change at a disabling, and how to change it."""
    if others_open:
        return _("The database key was not changed: other jhro sessions are open, and they "
                 "hold the current key. Until it changes, a copy of {name}'s keyring entry "
                 "made earlier still opens a copy of the database: when everyone has quit, "
                 "run jhro rekey.").format(name=done.name)
    return _("The database key was not changed (--no-rekey): a copy of {name}'s keyring "
             "entry made earlier still opens a copy of the database until jhro rekey is "
             "run.").format(name=done.name)


def list_accounts(session: Session) -> list[AccountInfo]:
    """Every account, active or not (admins and supervisors)."""
    session.require_role("account.list", "admin", "supervisor")
    rows = Account.select().order_by(Account.name)
    result = [AccountInfo.of(row) for row in rows]
    session.audit("account.list", detail=f"count={len(result)}")
    return result


def change_account(session: Session, name: str, role: str | None = None,
                   office: str | None = None, scope: str | None = None) -> AccountInfo:
    """Change an account's role, office or scope (admin only; None keeps it), audited with
    the old and new values.

    The office must be in the list; the last active administrator keeps that role; only a
    supervisor may be national, and an account that stops being a supervisor goes back to
    its office's scope unless it is asked for.
    """
    session.require_role("account.change", "admin", target=f"account:{name}")
    with session.write() as audit:
        target = Account.get_or_none(Account.name == name)
        if target is None:
            raise NotFound(N_("No account named {name}."), name=name)
        role = target.role if role is None else role
        office = target.office if office is None else office
        if scope is None:
            scope = target.scope if role == "supervisor" else "office"
        if role not in ROLES:
            raise ValidationError("role", N_("Unknown role {role}: choose officer, supervisor "
                                             "or admin."), role=role)
        offices.require_office(office, role)
        validate_scope(scope, role)
        if target.role == "admin" and role != "admin" and target.active and \
                _active_admins() <= 1:
            raise ValidationError("role", N_("{name} is the last active administrator: make "
                                             "another account an administrator first."),
                                  name=name)
        changes = [f"{field}={old}->{new}" for field, old, new in
                   (("role", target.role, role), ("office", target.office, office),
                    ("scope", target.scope, scope))
                   if old != new]
        if changes:
            Account.update(role=role, office=office, scope=scope, updated_at=utc_now()).where(
                Account.name == name).execute()
            audit("account.change", f"account:{name}", " ".join(changes))
        row = Account.get(Account.name == name)
    if name == session.user.name:
        session.refresh_user()
    return AccountInfo.of(row)


def set_language(session: Session, language: str) -> AccountInfo:
    """Remember ``language`` for the acting account (any account, its own only), audited."""
    name = session.user.name
    session.require_role("account.language", *ROLES, target=f"account:{name}")
    if language not in LANGUAGES:
        raise ValidationError("language", N_("Unknown language {language}: choose en or fr."),
                              language=language)
    with session.write() as audit:
        Account.update(language=language, updated_at=utc_now()).where(
            Account.name == name).execute()
        audit("account.language", f"account:{name}", f"language={language}")
    session.refresh_user()
    return session.user


def _active_admins() -> int:
    return int(Account.select().where(Account.role == "admin",
                                      Account.active == True).count())  # noqa: E712
