"""Administrator work on the vault itself: audit verification, anchor alarms, key rotation."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import DamagedData, JhroError, MaintenanceInProgress, PermissionDenied
from jhro_tui.i18n import N_, _
from jhro_tui.security import anchor, keys
from jhro_tui.security.audit import DENIED, AuditChain, AuditEvent, ChainReport
from jhro_tui.security.files import (
    FileLock,
    ModeFix,
    ensure_private_dir,
    exclusive,
    shared_session_lock,
)
from jhro_tui.security.keyring import SLOT_CURRENT, SLOT_PENDING, Keyring, UnlockedAccount
from jhro_tui.security.vault import Vault, integrity_problems, read_only
from jhro_tui.services.session import (
    PassphraseChangeRequired,
    Session,
    make_throttle,
    mode_fix_events,
    open_vault,
    unlock_keyring,
)
from jhro_tui.store.models import Account


@dataclass(frozen=True)
class VerifyReport:
    """The result of ``jhro audit verify``."""

    integrity_problems: list[str]
    chain: ChainReport
    tightened: tuple[ModeFix, ...] = ()
    """Files and the folder found open to others and made private by this check."""

    @property
    def intact(self) -> bool:
        return not self.integrity_problems and self.chain.intact


def role_of(execute: Callable[..., object], name: str) -> str | None:
    """The active account's role; a passphrase reset and not yet changed opens no
    maintenance, as it opens no other command (``PassphraseChangeRequired``)."""
    try:
        row = execute("SELECT role, active, must_change_passphrase FROM account "  # type: ignore[attr-defined]
                      "WHERE name = ?", (name,)).fetchone()
    except Exception as exc:  # a database made before 0010, read without migrating it
        if "must_change_passphrase" not in str(exc):
            raise
        row = execute("SELECT role, active, 0 FROM account WHERE name = ?",  # type: ignore[attr-defined]
                      (name,)).fetchone()
    if row and row[1] and row[2]:
        raise PassphraseChangeRequired(name=name)
    return str(row[0]) if row and row[1] else None


def against_anchor(chain: AuditChain, paths: Paths) -> ChainReport:
    return chain.verify(anchor.latest(paths.anchor), anchor.recent(paths.anchor))


def verify_audit(paths: Paths, settings: Settings, name: str, passphrase: str) -> VerifyReport:
    """Check every page, the B-tree, the audit chain and the anchor, reading only.

    An intact result is itself audited; a damaged file is left exactly as it was found
    (its mode excepted: a file readable by others is made private first, and reported).
    """
    tightened = tuple(ensure_private_dir(paths.data_dir))
    unlocked = unlock_keyring(paths, make_throttle(paths, settings), name, passphrase)
    try:
        # A reader in the middle of a key rotation would see pages under two keys and
        # raise a false alarm: wait for the end of maintenance like any session.
        session_lock = shared_session_lock(paths.maintenance_lock)
    except BaseException:
        unlocked.wipe()
        raise
    try:
        with read_only(paths, unlocked.roots) as view:
            problems = view.integrity_problems()
            if problems:
                return VerifyReport(problems, ChainReport(0), tightened)
            if role_of(view.execute, name) != "admin":
                raise PermissionDenied()
            report = VerifyReport([], against_anchor(view.audit_chain(), paths), tightened)
        if report.intact:
            vault = open_vault(paths, unlocked)
            try:
                vault.record(*mode_fix_events(name, list(tightened)),
                             AuditEvent(name, "audit.verify",
                                        detail=f"intact length={report.chain.length}"))
            finally:
                vault.close()
        return report
    finally:
        unlocked.wipe()
        session_lock.release()


def verify_audit_trail(session: Session) -> VerifyReport:
    """The check of ``jhro audit verify``, from an administrator's open session (the
    database was checked against its anchor as it opened: this reads every page again).

    An intact result is audited; a damaged database is not written to.
    """
    session.require_role("audit.verify", "admin")
    vault = session.vault
    tightened = tuple(ensure_private_dir(session.paths.data_dir))
    if tightened:
        vault.record(*mode_fix_events(session.user.name, list(tightened)))
    problems = integrity_problems(vault.db.execute_sql)
    if problems:
        return VerifyReport(problems, ChainReport(0), tightened)
    report = VerifyReport([], against_anchor(vault.audit, session.paths), tightened)
    if report.intact:
        session.audit("audit.verify", detail=f"intact length={report.chain.length}")
    return report


CHAIN_PROBLEMS = {
    "edited": N_("Audit chain broken: event {seq} was edited."),
    "deleted": N_("Audit chain broken: event {seq} was deleted."),
    "inserted": N_("Audit chain broken: event {seq} was inserted."),
    "reordered": N_("Audit chain broken: event {seq} was moved (events reordered)."),
    "truncated": N_("Audit chain cut: events from {seq} on are missing (the anchor "
                    "recorded more)."),
    "anchor-mismatch": N_("Audit chain differs from its anchor at event {seq}."),
    "unknown-epoch": N_("Audit chain broken: event {seq} uses an unknown key epoch."),
}
MOST_PROBLEMS_SHOWN = 20


def findings(report: VerifyReport) -> list[str]:
    """What a verification found, one translated sentence a line: the files it had to
    make private, then the state of the database and its chain."""
    lines = [_("{name} was readable by others (mode {found:o}): made private ({now:o}).")
             .format(name=fix.path.name, found=fix.found, now=fix.now)
             for fix in report.tightened]
    if report.integrity_problems:
        return lines + [_("Damaged: {problem}").format(problem=problem)
                        for problem in report.integrity_problems[:MOST_PROBLEMS_SHOWN]]
    chain = report.chain
    if not chain.intact:
        template = CHAIN_PROBLEMS.get(chain.problem or "", N_("Audit chain broken at event "
                                                                "{seq}."))
        return lines + [_(template).format(seq=chain.seq)]
    return lines + [_("Audit chain intact: {length} events.").format(length=chain.length)]


def acknowledge_anchor(paths: Paths, settings: Settings, name: str, passphrase: str,
                       reason: str) -> tuple[int | None, int]:
    """Accept a database that is behind its anchor (admin only), audited, and re-anchor.

    The role is read through a read-only connection before anything is opened for
    writing: a refusal must not write to the suspect database or its anchor, or enough
    refused rows would carry the chain's head past the anchored one and hide the loss.
    A refusal counts as a failed attempt in the throttle file instead (it slows the next
    ones, and reaches the audit trail at the next login after the acknowledgement).
    """
    throttle = make_throttle(paths, settings)
    unlocked = unlock_keyring(paths, throttle, name, passphrase)
    try:
        with read_only(paths, unlocked.roots) as view:
            role = role_of(view.execute, name)
    except BaseException:
        unlocked.wipe()
        raise
    if role != "admin":
        unlocked.wipe()
        throttle.begin_attempt(name)  # counted as a failure, never taken back
        raise PermissionDenied()
    with alone(paths, N_("Other jhro sessions are open; this needs exclusive access. Ask "
                         "everyone to quit first."), unlocked):
        vault = open_vault(paths, unlocked, accept_behind_anchor=True)
        try:
            if role_of(vault.db.execute_sql, name) != "admin":
                raise PermissionDenied()  # changed in between: still nothing written
            mark = anchor.latest(paths.anchor)
            head = vault.audit.head()
            detail = (f"anchor={mark.seq if mark else 'missing'} "
                      f"database={head.seq if head else 0} reason={reason}")
            vault.acknowledge(AuditEvent(name, "anchor.acknowledge", detail=detail))
            return (mark.seq if mark else None, head.seq if head else 0)
        finally:
            vault.close()


def rekey(paths: Paths, settings: Settings, name: str, passphrase: str,
          kdf_check: bool = True, pause: Callable[[str], None] | None = None) -> int:
    """Rotate the root key: re-encrypt the database and re-seal it for every active account.

    Runs under the exclusive maintenance lock. The order of steps means a crash at any
    moment leaves a keyring that opens the database: new root sealed as pending, then
    the database re-encrypted, then the pending root made current. ``pause`` lets tests
    stop between steps. Returns the number of accounts re-sealed.
    """
    unlocked = unlock_keyring(paths, make_throttle(paths, settings), name, passphrase)
    with alone(paths, N_("Other jhro sessions are open; key rotation needs exclusive "
                         "access. Ask everyone to quit first."), unlocked):
        new_root = keys.random_key()
        try:
            vault = open_vault(paths, unlocked)
            try:
                return _rotate(paths, vault, name, new_root, pause or (lambda step: None))
            finally:
                vault.close()
        finally:
            keys.wipe(new_root)


@contextlib.contextmanager
def alone(paths: Paths, refusal: str, unlocked: UnlockedAccount | None = None
          ) -> Iterator[None]:
    """The block under the exclusive maintenance lock, which every session holds shared:
    a ``MaintenanceInProgress`` saying ``refusal`` (a message naming the act) while one
    is open, ``unlocked``'s keys wiped first."""
    lock = FileLock(paths.maintenance_lock)
    try:
        if not lock.try_acquire(exclusive=True):
            if unlocked is not None:
                unlocked.wipe()
            raise MaintenanceInProgress(refusal)
        yield
    finally:
        lock.release()


def _rotate(paths: Paths, vault: Vault, name: str, new_root: bytearray,
            pause: Callable[[str], None]) -> int:
    if role_of(vault.db.execute_sql, name) != "admin":
        vault.record(AuditEvent(name, "key.rotate", outcome=DENIED))
        raise PermissionDenied()
    return reseal_under_new_key(paths, vault, name, new_root, pause)


def rotate_in_session(session: Session, reason: str,
                      pause: Callable[[str], None] | None = None) -> int:
    """Rotate the root key from an administrator's session that holds the maintenance
    lock alone (``session.alone()``); returns the number of accounts re-sealed."""
    session.require_role("key.rotate", "admin")
    new_root = keys.random_key()
    try:
        return reseal_under_new_key(session.paths, session.vault, session.user.name,
                                    new_root, pause or (lambda step: None), reason)
    finally:
        keys.wipe(new_root)


def reseal_under_new_key(paths: Paths, vault: Vault, name: str, new_root: bytearray,
                         pause: Callable[[str], None], reason: str = "") -> int:
    """Re-encrypt the database under ``new_root`` and seal it for the active accounts
    only; the caller holds the maintenance lock exclusively and has checked the role."""
    chain = against_anchor(vault.audit, paths)
    if not chain.intact:
        raise DamagedData(N_("The audit chain is broken at event {seq} ({problem}); "
                             "refusing to rotate keys."), seq=chain.seq, problem=chain.problem)
    # SQLCipher's rekey stops at an unreadable page yet still answers "ok": check every
    # page first, before the keyring is touched.
    damaged = [row[0] for row in vault.db.execute_sql("PRAGMA cipher_integrity_check")]
    if damaged:
        raise DamagedData(N_("The database is damaged: {reason}"), reason=damaged[0])
    accounts = {row.name: bytes(row.public_key)
                for row in Account.select().where(Account.active == True)}  # noqa: E712
    with exclusive(paths.keyring_lock):
        keyring = Keyring.load(paths.keyring)
        for account, public_key in accounts.items():
            entry = keyring.entries.get(account)
            if entry is None or entry.public_key != public_key:
                raise DamagedData(N_("The keyring entry of {name} does not match the "
                                     "database; refusing to rotate keys."), name=account)
        for account in list(keyring.entries):
            if account not in accounts:
                keyring.remove(account)
        for account in accounts:
            # After an interrupted rotation only the pending root may open the database:
            # make the root that did open it current before a new pending one replaces it.
            vault.seal_current(keyring, account)
            keyring.seal_root(account, new_root, SLOT_PENDING)
        keyring.save(paths.keyring)
        pause("pending-sealed")
        detail = f"accounts={len(accounts)}" + (f" reason={reason}" if reason else "")
        vault.rotate(bytearray(new_root), AuditEvent(name, "key.rotate", detail=detail))
        pause("database-rekeyed")
        for account in accounts:
            keyring.seal_root(account, new_root, SLOT_CURRENT)
            keyring.drop_pending(account)
        keyring.save(paths.keyring)
    with contextlib.suppress(JhroError):
        vault.record(AuditEvent(name, "key.rotated", detail=f"accounts={len(accounts)}"))
    return len(accounts)


