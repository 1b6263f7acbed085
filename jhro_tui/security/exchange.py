"""The exchange folder: the one place of the server where an account's files come in and go
out (attach, save an attachment).

Every component of the folder's path is opened with ``O_NOFOLLOW``, and a file is opened
relative to the folder's descriptor, so no symbolic link (planted before or swapped in
during the call) leads elsewhere. Only regular files are read, with a bounded read: a FIFO,
a terminal or ``/dev/zero`` is refused before it can block or fill memory.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jhro_tui.errors import UsageError, ValidationError, os_reason
from jhro_tui.i18n import N_
from jhro_tui.security.files import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE

SHARED_FILE_MODE = 0o640
"""A saved file's mode in a folder shared with a transfer account's group (set-group-ID)."""
LISTED_AT_MOST = 500
"""Files a folder listing returns: a picker of more is no help."""
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ExchangeFile:
    name: str
    size: int


def account_folder(root: Path, account: str) -> Path:
    """``root`` with ``{account}`` replaced by the account's name, or the account's
    sub-folder of ``root``."""
    if not account or "/" in account or account in {".", ".."} or "\0" in account:
        raise UsageError(N_("The account name {name} cannot name an exchange folder."),
                         name=account)
    text = str(root)
    return Path(text.replace("{account}", account)) if "{account}" in text else root / account


def check_name(name: str, field: str = "file") -> str:
    """A file's name within the folder: one component, no way out of it."""
    if not name or name in {".", ".."} or "/" in name or "\0" in name:
        raise ValidationError(field, N_("Give the name of a file in your exchange folder, "
                                        "without a path."))
    return name


def stored_name(name: str) -> str:
    """The name to record for a file of the folder: a byte that is not UTF-8 (a name made
    on a Latin-1 system) becomes U+FFFD, since the database holds text, not bytes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@contextlib.contextmanager
def open_folder(folder: Path, *, create: bool) -> Iterator[int]:
    """A descriptor of ``folder`` reached without following any symbolic link; missing
    components are made (mode 0700) when ``create``."""
    fd = _folder_descriptor(folder, create)
    try:
        yield fd
    finally:
        os.close(fd)


def _folder_descriptor(folder: Path, create: bool) -> int:
    if not folder.is_absolute():
        raise UsageError(N_("The exchange folder {path} must be an absolute path."),
                         path=folder)
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open("/", flags)
    try:
        for part in folder.parts[1:]:
            try:
                child = os.open(part, flags, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, PRIVATE_DIR_MODE, dir_fd=fd)
                child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
    except OSError as exc:
        os.close(fd)
        raise UsageError(N_("Cannot use the exchange folder {path}: {reason}"), path=folder,
                         reason=os_reason(exc)) from exc
    return fd


def list_files(folder: Path) -> list[ExchangeFile]:
    """The regular files of the folder (created if missing), by name; links are left out."""
    found: list[ExchangeFile] = []
    with open_folder(folder, create=True) as fd, os.scandir(fd) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    found.append(ExchangeFile(entry.name, info.st_size))
    found.sort(key=lambda item: item.name.casefold())
    return found[:LISTED_AT_MOST]


def read_file(folder: Path, name: str, limit: int, *, create: bool = True) -> bytes:
    """The content of a regular file of the folder; at most ``limit`` bytes (a larger one
    raises ``TooLarge`` with what was seen)."""
    check_name(name)
    with open_folder(folder, create=create) as folder_fd:
        try:
            # O_NONBLOCK: a FIFO's open would otherwise wait for a writer for ever.
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
                         | os.O_NOCTTY, dir_fd=folder_fd)
        except OSError as exc:
            raise _unreadable(name, exc) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValidationError("file", N_("{name} is not a regular file."), name=name)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        seen = 0
        while seen <= limit:
            chunk = os.read(fd, min(READ_CHUNK, limit + 1 - seen))
            if not chunk:
                break
            chunks.append(chunk)
            seen += len(chunk)
    except OSError as exc:
        raise _unreadable(name, exc) from exc
    finally:
        os.close(fd)
    if seen > limit:
        raise TooLarge(seen)
    return b"".join(chunks)


class TooLarge(Exception):
    """A file past the limit; ``seen``: the bytes read before stopping."""

    def __init__(self, seen: int) -> None:
        super().__init__(seen)
        self.seen = seen


def _unreadable(name: str, error: OSError) -> ValidationError:
    return ValidationError("file", N_("Cannot read {name}: {reason}"), name=name,
                           reason=os_reason(error))


def write_new_file(folder: Path, name: str, content: bytes) -> None:
    """Write a new file in the folder (mode 0600; 0640 in a set-group-ID folder shared with
    a transfer account); an existing name, or a link, is refused, never overwritten."""
    check_name(name, "path")
    with open_folder(folder, create=True) as folder_fd:
        shared = bool(os.fstat(folder_fd).st_mode & stat.S_ISGID)
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, PRIVATE_FILE_MODE, dir_fd=folder_fd)
        except OSError as exc:
            raise ValidationError("path", N_("Cannot write {name}: {reason}"), name=name,
                                  reason=os_reason(exc)) from exc
        try:
            os.fchmod(fd, SHARED_FILE_MODE if shared else PRIVATE_FILE_MODE)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException as exc:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder_fd)
            if isinstance(exc, OSError):
                raise ValidationError("path", N_("Cannot write {name}: {reason}"), name=name,
                                      reason=os_reason(exc)) from exc
            raise
        os.close(fd)
        with contextlib.suppress(OSError):
            os.fsync(folder_fd)
