"""Private files: atomic replacement, appends that reach the disk, locks, and the data dir."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jhro_tui.errors import MaintenanceInProgress, PermissionDenied, UsageError
from jhro_tui.i18n import N_

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

# statfs f_type values of file systems on which SQLite's WAL and locks cannot be trusted.
NETWORK_FS_MAGIC = {
    0x6969: "nfs",
    0xFF534D42: "cifs",
    0xFE534D42: "smb2",
    0x517B: "smb",
    0x65735546: "fuse",
    0x564C: "ncp",
    0x5346414F: "afs",
    0x6B414653: "afs",
    0x47504653: "gpfs",
    0x0BD00BD0: "lustre",
    0x73757245: "coda",
    0x01021997: "9p",
    0x00C36400: "ceph",
    0x7461636F: "ocfs2",
    0x01161970: "gfs2",
    0x786F4256: "vboxsf",
    0x20030528: "orangefs",
}


class _StatFs(ctypes.Structure):
    _fields_ = [
        ("f_type", ctypes.c_long),
        ("f_bsize", ctypes.c_long),
        ("f_blocks", ctypes.c_ulong),
        ("f_bfree", ctypes.c_ulong),
        ("f_bavail", ctypes.c_ulong),
        ("f_files", ctypes.c_ulong),
        ("f_ffree", ctypes.c_ulong),
        ("f_fsid", ctypes.c_int * 2),
        ("f_namelen", ctypes.c_long),
        ("f_frsize", ctypes.c_long),
        ("f_flags", ctypes.c_long),
        ("f_spare", ctypes.c_long * 4),
    ]


def filesystem_type(path: Path) -> int | None:
    """The Linux ``statfs`` magic number of the file system holding ``path``."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return None
    libc = ctypes.CDLL(libc_name, use_errno=True)
    buffer = _StatFs()
    if libc.statfs(os.fsencode(path), ctypes.byref(buffer)) != 0:
        return None
    return int(buffer.f_type) & 0xFFFFFFFF


def refuse_network_filesystem(path: Path) -> None:
    kind = NETWORK_FS_MAGIC.get(filesystem_type(path) or 0)
    if kind:
        raise UsageError(
            N_("{path} is on a network file system ({kind}); the database needs a local disk."),
            path=path, kind=kind)


@dataclass(frozen=True)
class ModeFix:
    """A file or folder found open to others, and the mode it was given instead."""

    path: Path
    found: int
    now: int
    kind: str
    """"file" or "folder"."""


def ensure_private_dir(path: Path) -> list[ModeFix]:
    """Create ``path`` (mode 0700) if missing, and make it and every file directly in it
    private (0700, 0600); returns what had to be tightened.

    Files come back 0644 from a backup, a copy or an archive tool: the modes given at
    creation are not enough, they are enforced at every open. A file owned by another
    account is refused, since it cannot be made private (``sudo jhro ...`` leaves such
    files behind).
    """
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    refuse_network_filesystem(path)
    fixes = _tighten(path, os.stat(path), PRIVATE_DIR_MODE, "folder")
    with os.scandir(path) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                continue  # folders (demo/) are data directories of their own
            try:
                status = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # removed meanwhile (another session's temporary file)
            fixes += _tighten(Path(entry.path), status, PRIVATE_FILE_MODE, "file")
    return fixes


def _tighten(path: Path, status: os.stat_result, private_mode: int, kind: str
             ) -> list[ModeFix]:
    if status.st_uid != os.geteuid():
        raise PermissionDenied(N_("{path} belongs to another system account (uid {uid}), "
                                  "so jhro cannot keep it private: give it back to this "
                                  "account (chown) or move it out of the data folder."),
                               path=path, uid=status.st_uid)
    found = stat.S_IMODE(status.st_mode)
    if not found & 0o077:
        return []
    os.chmod(path, found & private_mode)
    return [ModeFix(path, found, found & private_mode, kind)]


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` so that a crash at any moment leaves the old or the new content."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC,
                 PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb", closefd=True) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_dir(path.parent)


def durable_append(path: Path, line: bytes) -> None:
    """Append one line with O_APPEND (atomic between processes) and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


class FileLock:
    """An advisory ``flock`` on a small lock file, separate from SQLite's own locks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC,
                               PRIVATE_FILE_MODE)
        return self._fd

    def try_acquire(self, exclusive: bool) -> bool:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(self._open(), mode | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def acquire(self, exclusive: bool) -> None:
        fcntl.flock(self._open(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)

    def try_upgrade(self) -> bool:
        """Turn a held shared lock into an exclusive one if no one else holds it.

        Linux drops the shared lock before trying for the exclusive one, so a refusal
        takes the shared lock back (waiting out a maintenance that slipped in between).
        """
        try:
            fcntl.flock(self._open(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fcntl.flock(self._open(), fcntl.LOCK_SH)
            return False
        return True

    def downgrade(self) -> None:
        """Back from exclusive to shared (atomic in this direction)."""
        fcntl.flock(self._open(), fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block (waits for other holders)."""
    lock = FileLock(path)
    lock.acquire(exclusive=True)
    try:
        yield
    finally:
        lock.release()


def shared_session_lock(path: Path) -> FileLock:
    """Join the sessions that may use the database; refuse during maintenance."""
    lock = FileLock(path)
    if not lock.try_acquire(exclusive=False):
        lock.release()
        raise MaintenanceInProgress()
    return lock
