"""The small family of errors every layer raises and every front end translates.

Each error carries an untranslated message template (marked with ``N_``) and its
parameters, so the core never formats text for a screen: the CLI and the TUI call
``message()`` once the user's language is known.
"""

from __future__ import annotations

import datetime as dt
import errno
from typing import ClassVar

from jhro_tui.i18n import N_, _, format_datetime
from jhro_tui.text import sanitize

QUOTED_AT_MOST = 40
"""Characters of a value a message quotes back: a 5,000-character paste must not fill the
dialog that refuses it."""


class Whole(str):
    """A message parameter the service composed itself (a list of what is missing), shown
    whole rather than shortened like an echo of the user's input."""

    __slots__ = ()


class Translatable(str):
    """A message parameter that is itself a message key (an operating system's reason),
    translated when the message is."""

    __slots__ = ()


OS_REASONS = {
    errno.ENOENT: N_("there is no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("the file already exists"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.EFBIG: N_("the file is too large"),
    errno.EIO: N_("the disk could not be read or written (input/output error)"),
    errno.ENXIO: N_("no such device"),
    errno.EBUSY: N_("the file is in use"),
}


def os_reason(error: OSError) -> str:
    """Why the system refused a file, in the reader's language where it is a known case."""
    known = OS_REASONS.get(error.errno or 0)
    return Translatable(known) if known else (error.strerror or type(error).__name__)


def shorten(text: str, limit: int = QUOTED_AT_MOST) -> str:
    """``text``, or its start and end around an ellipsis when longer than ``limit`` (the
    end of a path names the file)."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]


class JhroError(Exception):
    """Base class: a failure that a user should read as one clear sentence."""

    exit_code: ClassVar[int] = 1
    default_template: ClassVar[str] = N_("Unexpected error.")

    def __init__(self, template: str | None = None, **params: object) -> None:
        self.template = template or self.default_template
        self.params = params
        super().__init__(self.template)

    def message(self) -> str:
        """The translated sentence, with every echoed value made safe for a terminal and
        shortened (``Whole`` values excepted)."""
        safe = {key: _(value) if isinstance(value, Translatable)
                else sanitize(str(value)) if isinstance(value, Whole)
                else shorten(sanitize(str(value))) for key, value in self.params.items()}
        return _(self.template).format(**safe)

    def __str__(self) -> str:
        return self.message()


class UsageError(JhroError):
    exit_code = 2
    default_template = N_("Invalid input.")


class ValidationError(UsageError):
    """A value the rules refuse; ``field`` names the form field at fault."""

    def __init__(self, field: str, template: str, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


class NotFound(UsageError):
    default_template = N_("Not found.")


class Conflict(UsageError):
    """Someone else saved the same record in the meantime; nothing was overwritten.

    ``who`` made the last change, at ``when``, leaving the record at ``current_version``.
    """

    default_template = N_("This record was changed by someone else in the meantime.")

    def __init__(self, who: str, when: dt.datetime, current_version: int) -> None:
        super().__init__(N_("{who} changed this record at {when}, after you opened it. "
                            "Nothing was overwritten: reload it to see their change, then "
                            "make yours again."), who=who, when=format_datetime(when))
        self.who = who
        self.when = when
        self.current_version = current_version


class AuthenticationFailed(JhroError):
    exit_code = 3
    default_template = N_("Unknown account or wrong passphrase.")


class DamagedData(JhroError):
    """The database, its WAL, the keyring or the anchor is damaged or was tampered with."""

    exit_code = 4
    default_template = N_("The data is damaged or was tampered with.")


class PermissionDenied(JhroError):
    exit_code = 5
    default_template = N_("You do not have permission to do this.")


class FileProblem(JhroError):
    """A file jhro needs cannot be read or written: its owner or mode, a full or read-only
    disk. Not damage: nothing in it was found wrong."""

    exit_code = 74
    default_template = N_("A file jhro needs cannot be read or written.")


class DatabaseBusy(JhroError):
    """Another session held the write lock past the busy timeout; nothing was changed."""

    exit_code = 75
    default_template = N_("The database is busy (another session is writing); try again.")


class DiskFull(FileProblem):
    """The disk (or its quota) is full: the transaction was rolled back whole."""

    default_template = N_("The disk is full: nothing was saved.")


class MaintenanceInProgress(JhroError):
    """Another process holds the exclusive maintenance lock (key rotation)."""

    exit_code = 75
    default_template = N_("Maintenance in progress: try again in a few minutes.")
