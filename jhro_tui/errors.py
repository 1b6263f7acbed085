"""The small family of errors every layer raises and every front end translates.

Each error carries an untranslated message template (marked with ``N_``) and its
parameters, so the core never formats text for a screen: the CLI and the TUI call
``message()`` once the user's language is known.
"""

from __future__ import annotations

from typing import ClassVar

from jhro_tui.i18n import N_, _
from jhro_tui.text import sanitize


class JhroError(Exception):
    """Base class: a failure that a user should read as one clear sentence."""

    exit_code: ClassVar[int] = 1
    default_template: ClassVar[str] = N_("Unexpected error.")

    def __init__(self, template: str | None = None, **params: object) -> None:
        self.template = template or self.default_template
        self.params = params
        super().__init__(self.template)

    def message(self) -> str:
        """The translated sentence, with every echoed value made safe for a terminal."""
        safe = {key: sanitize(str(value)) for key, value in self.params.items()}
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
    """Someone else saved the same record in the meantime; nothing was overwritten."""

    default_template = N_("This record was changed by someone else in the meantime.")


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


class MaintenanceInProgress(JhroError):
    """Another process holds the exclusive maintenance lock (key rotation)."""

    exit_code = 75
    default_template = N_("Maintenance in progress: try again in a few minutes.")
