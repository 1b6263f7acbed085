"""Backups and restores of the whole vault (administrators): ``jhro backup`` and ``jhro
restore``; the file's format is ``security/backup.py``'s.

A backup is taken from an open session while other sessions keep working. A restore
takes the data directory for itself (the maintenance lock, as a key rotation does), checks
the backup whole and then with the passphrase of one of its administrators, puts the
data it replaces aside, never deletes it, and records itself in the restored trail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from jhro_tui import __version__
from jhro_tui.config import Paths
from jhro_tui.errors import (
    AuthenticationFailed,
    DamagedData,
    PermissionDenied,
    UsageError,
    Whole,
    os_reason,
)
from jhro_tui.i18n import N_
from jhro_tui.security import anchor, backup, keys
from jhro_tui.security.anchor import AnchorPoint
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.files import (
    PRIVATE_DIR_MODE,
    ensure_private_dir,
    exclusive,
    fsync_dir,
)
from jhro_tui.security.keyring import Keyring, UnlockedAccount
from jhro_tui.security.vault import plain_failures, read_only
from jhro_tui.services import maintenance
from jhro_tui.services.session import Session, open_vault


@dataclass(frozen=True)
class Made:
    """A backup written: its path, size and SHA-256, and the chain head it holds."""

    path: Path
    size: int
    sha256: str
    head: int


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ")


def create(session: Session, destination: Path,
           progress: backup.Progress = lambda done, total: None) -> Made:
    """Write a backup of the live database as a new file (admin only, audited either way).

    The copy is fixed at one instant, with the keyring as it was then (read under the
    keyring lock, which every change of an account's keys holds), so that each account in
    the copy has the keys it had; sessions keep writing meanwhile. The temporary copy of
    the database lives beside the backup, never in $TMPDIR, and is removed.
    """
    session.require_role("backup.create", "admin", target=f"file:{destination.name}")
    now = dt.datetime.now(dt.UTC)
    final = backup.new_file(destination, _stamp(now))
    if final.parent.resolve() == session.paths.data_dir.resolve():
        raise UsageError(N_("A backup in the data directory is lost with it: write it to "
                            "another folder, then copy it to another machine."))
    with plain_failures():  # a full disk is one clear line (exit 74), not a traceback
        written, head = _write(session, final, now, progress)
    session.audit("backup.create", f"file:{final.name}",
                  f"size={written.size} sha256={written.sha256} head={head.seq}")
    return Made(final, written.size, written.sha256, head.seq)


def _write(session: Session, final: Path, now: dt.datetime, progress: backup.Progress
           ) -> tuple[backup.Member, AnchorPoint]:
    paths, vault = session.paths, session.vault
    copy = backup.temporary_beside(final, "db")
    try:
        with exclusive(paths.keyring_lock):
            snapshot = backup.Snapshot(paths.database, vault.key_connection)
            try:
                keyring = paths.keyring.read_bytes()
            except BaseException:
                snapshot.close()
                raise
        try:
            snapshot.copy_to(copy, vault.key_connection, progress)
            head = snapshot.head
        finally:
            snapshot.close()
        carried = anchor.lines_through(paths.anchor, head.seq) + anchor.line(head.seq,
                                                                             head.mac)
        others = {backup.KEYRING: keyring, backup.ANCHOR: carried}
        manifest = backup.Manifest(
            __version__, now.isoformat().replace("+00:00", "Z"), session.user.name, head,
            (backup.digest_of(copy, backup.DATABASE),
             backup.digest_bytes(backup.KEYRING, keyring),
             backup.digest_bytes(backup.ANCHOR, carried)))
        key = vault.subkey(keys.LABEL_BACKUP_MANIFEST)
        try:
            manifest = manifest.signed(key)
        finally:
            keys.wipe(key)
        return backup.write_new(final, manifest, copy, others, now.timestamp()), head
    finally:
        for leftover in (copy, copy.with_name(copy.name + "-wal"),
                         copy.with_name(copy.name + "-shm"),
                         copy.with_name(copy.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def check_file(path: Path) -> backup.Manifest:
    """That the file is whole (no passphrase): archive, manifest, sizes, checksums, and a
    database without a plaintext header. This detects damage, not a forger who computed
    the checksums again: ``verify`` with a passphrase does."""
    return backup.read(path)


@dataclass(frozen=True)
class Verified:
    manifest: backup.Manifest
    chain_length: int


def verify(path: Path, account: str, passphrase: str) -> Verified:
    """Everything ``check_file`` checks, then with ``account``'s passphrase through the
    backup's own keyring: the manifest's HMAC, every page's HMAC and the B-tree, and the
    audit chain up to the anchor it carries. Unpacked into a private folder beside the
    file (never $TMPDIR), removed after; nothing else is written."""
    folder = _private_folder(path.parent, f".{path.name}.verify-{os.getpid()}")
    try:
        manifest = backup.read(path, into=folder)
        unlocked = _unlock(Paths(folder), account, passphrase)
        try:
            length = _check_unpacked(Paths(folder), manifest, unlocked, need_admin=False)
        finally:
            unlocked.wipe()
        return Verified(manifest, length)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _private_folder(parent: Path, name: str) -> Path:
    folder = parent / name
    try:
        os.mkdir(folder, PRIVATE_DIR_MODE)
    except OSError as exc:
        raise UsageError(N_("Cannot make the private folder {path} to unpack the backup in: "
                            "{reason}"), path=Whole(folder), reason=os_reason(exc)) from exc
    return folder


def _unlock(paths: Paths, account: str, passphrase: str) -> UnlockedAccount:
    """The backup's own keyring opened with the passphrase valid when it was taken. No
    throttle: whoever holds the file can try passphrases offline at Argon2id's cost."""
    return Keyring.load(paths.keyring).unlock(account, passphrase)


def _check_unpacked(paths: Paths, manifest: backup.Manifest, unlocked: UnlockedAccount,
                    *, need_admin: bool) -> int:
    """The checks a passphrase allows on a backup unpacked as a data directory; returns
    the chain's length."""
    if not any(manifest.authentic(root) for root in unlocked.roots):
        raise DamagedData(N_("The backup's manifest was altered (its HMAC does not match): "
                             "refusing it."))
    with read_only(paths, unlocked.roots) as view:
        problems = view.integrity_problems()
        if problems:
            raise DamagedData(N_("The backup's database is damaged: {reason}"),
                              reason=Whole(problems[0]))
        role = maintenance.role_of(view.execute, unlocked.account)
        if role is None:
            raise AuthenticationFailed()
        if need_admin and role != "admin":
            raise PermissionDenied(N_("Only an administrator of the backup may restore it."))
        chain = view.audit_chain()
        report = maintenance.against_anchor(chain, paths)
        if not report.intact:
            (line,) = maintenance.findings(maintenance.VerifyReport([], report))
            raise DamagedData(N_("The backup is refused: {reason}"), reason=Whole(line))
        head = chain.head()
    if head is None or (head.seq, head.mac) != (manifest.head.seq, manifest.head.mac):
        raise DamagedData(N_("The backup's database is not the one its manifest names: "
                             "refusing it."))
    return report.length


VAULT_FILES = ("jhro.db", "jhro.db-wal", "jhro.db-shm", "keyring.json", "jhro.anchor")
"""What a restore puts aside: the database with its WAL and index, the keyring, the anchor
(the settings, the login counters and the folders stay as they are)."""


def holds_data(paths: Paths) -> bool:
    """Whether the data directory holds a vault (or any part of one)."""
    return any(os.path.lexists(paths.data_dir / name) for name in VAULT_FILES)


@dataclass(frozen=True)
class Restored:
    manifest: backup.Manifest
    put_aside: Path | None
    """The folder the replaced files were moved to, if any."""


def restore(paths: Paths, source: Path, account: str, passphrase: str, *,
            replace: bool) -> Restored:
    """Put the backup at ``source`` in place in the data directory, as ``account`` (an
    administrator in the backup, with the passphrase valid when it was taken).

    Refused with nothing changed (but a private staging folder made and removed) when the
    directory holds a vault and ``replace`` is not given, when a session is open, or when
    the backup is not whole or does not verify. Otherwise the files it replaces go to a
    new ``replaced-<UTC time>`` folder, and a ``restore`` event is recorded in the
    restored database, its anchor following.
    """
    if holds_data(paths) and not replace:
        raise not_empty(paths)
    ensure_private_dir(paths.data_dir)
    with maintenance.alone(paths, N_("Other jhro sessions are open; a restore needs "
                                     "exclusive access. Ask everyone to quit first.")):
        if holds_data(paths) and not replace:
            raise not_empty(paths)  # filled in between
        with plain_failures():  # a full disk is one clear line (exit 74)
            return _restore_alone(paths, source, account, passphrase)


def _restore_alone(paths: Paths, source: Path, account: str, passphrase: str) -> Restored:
    """The restore itself, under the exclusive maintenance lock."""
    staging = _private_folder(paths.data_dir, f".restore-{os.getpid()}")
    try:
        manifest = backup.read(source, into=staging)
        unlocked = _unlock(Paths(staging), account, passphrase)
        try:
            _check_unpacked(Paths(staging), manifest, unlocked, need_admin=True)
            put_aside = _put_aside(paths) if holds_data(paths) else None
            for name in backup.MEMBERS:
                os.rename(staging / name, paths.data_dir / name)
            fsync_dir(paths.data_dir)
            vault = open_vault(paths, unlocked)
        except BaseException:
            unlocked.wipe()
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        vault.record(AuditEvent(account, "restore", f"file:{source.name}",
                                f"created_at={manifest.created_at} by={manifest.account} "
                                f"head={manifest.head.seq} "
                                f"replaced={put_aside.name if put_aside else '-'}"))
        vault.checkpoint()
    finally:
        vault.close()
    return Restored(manifest, put_aside)


def not_empty(paths: Paths) -> UsageError:
    return UsageError(N_("{path} already holds a jhro database: give --replace to put it "
                         "aside and restore in its place, or choose an empty folder."),
                      path=Whole(paths.data_dir))


def _put_aside(paths: Paths) -> Path:
    """Move the vault's files into a new private folder of the data directory."""
    stamp = _stamp(dt.datetime.now(dt.UTC))
    aside = paths.data_dir / f"replaced-{stamp}"
    suffix = 1
    while True:
        try:
            os.mkdir(aside, PRIVATE_DIR_MODE)
            break
        except FileExistsError:
            suffix += 1
            aside = paths.data_dir / f"replaced-{stamp}-{suffix}"
    for name in VAULT_FILES:
        if os.path.lexists(paths.data_dir / name):
            os.rename(paths.data_dir / name, aside / name)
    fsync_dir(aside)
    fsync_dir(paths.data_dir)
    return aside
