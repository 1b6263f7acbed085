"""Helpers shared by the case services: rules, account names, the fields a form changes,
and a record's version and stamps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from jhro_tui.services.access import Actor
from jhro_tui.services.dates import today
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import Rules
from jhro_tui.store.models import Account, utc_now

MIB = 1024 * 1024


def rules(session: Session) -> Rules:
    return Rules(load_catalog(), today(session.settings),
                 session.settings.attachment_limit_mib * MIB)


def account_names() -> dict[int, tuple[str, str]]:
    """Every account id with its (name, full name): one small query."""
    return {row[0]: (row[1], row[2]) for row in
            cast("Iterable[tuple[int, str, str]]",
                 Account.select(Account.id, Account.name, Account.full_name).tuples())}


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
