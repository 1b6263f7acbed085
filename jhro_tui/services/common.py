"""Helpers shared by the case services: rules, account names, versions, timestamps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from jhro_tui.errors import Conflict
from jhro_tui.services.access import Actor
from jhro_tui.services.dates import today
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import Rules
from jhro_tui.store.models import Account, Case, utc_now

MIB = 1024 * 1024


def rules(session: Session) -> Rules:
    return Rules(load_catalog(), today(session.settings),
                 session.settings.attachment_limit_mib * MIB)


def account_names() -> dict[int, tuple[str, str]]:
    """Every account id with its (name, full name): one small query."""
    return {row[0]: (row[1], row[2]) for row in
            cast("Iterable[tuple[int, str, str]]",
                 Account.select(Account.id, Account.name, Account.full_name).tuples())}


def account_name(account_id: int | None) -> str:
    if account_id is None:
        return ""
    row = Account.select(Account.name).where(Account.id == account_id).tuples().first()
    return row[0] if row else ""


def check_version(row: object, expected: int) -> None:
    """Refuse to save over a change made since ``expected`` was read; nothing is written.

    The message says who made the last change to the record and when.
    """
    current = getattr(row, "version")  # noqa: B009
    if current == expected:
        return
    who = account_name(getattr(row, "updated_by_id", None)) or "?"
    raise Conflict(who, getattr(row, "updated_at"), current)  # noqa: B009


def touch(case_id: int, who: Actor, *, bump_version: bool = False) -> None:
    """Mark the case as changed now by ``who`` (and bump its header version if asked)."""
    changes: dict[object, object] = {Case.updated_at: utc_now(), Case.updated_by: who.id}
    if bump_version:
        changes[Case.version] = Case.version + 1
    Case.update(changes).where(Case.id == case_id).execute()


def changed_values(row: object, values: Mapping[str, Any],
                   submitted: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``values`` (as they would be stored) that change ``row``: an unchanged field is
    not written at all.

    A field is unchanged when its value is the stored one, or when what the form submitted
    before cleaning is (``submitted``): a stored title ending in a tab, handed back as it
    was, must not be trimmed into a change.
    """
    before = submitted or {}
    return {name: value for name, value in values.items()
            if getattr(row, name) != value and before.get(name, value) != getattr(row, name)}


def bump(model: type, row_id: int, who: Actor, changes: dict[object, object]) -> None:
    """Update one section row, raising its version and stamping who and when."""
    values = dict(changes)
    values[model.version] = model.version + 1  # type: ignore[attr-defined]
    values[model.updated_at] = utc_now()  # type: ignore[attr-defined]
    values[model.updated_by] = who.id  # type: ignore[attr-defined]
    model.update(values).where(model.id == row_id).execute()  # type: ignore[attr-defined]
