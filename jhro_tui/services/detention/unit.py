"""The preamble of every detention service, and its one visibility rule: a facility and
everything recorded there (visits, detainees, their timeline) belong to the field office
that monitors it. Its officers and supervisor see and record them; only the supervisor
removes them. A record that does not exist and one of another office are refused alike.

A detainee's name is restricted like a victim's: the officer who follows the detainee and
the office supervisor may see it, on request, and each time is audited.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from peewee import Expression

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import Actor, Denied, NotAvailable
from jhro_tui.services.common import rules
from jhro_tui.services.detention.legal import Limits, LimitsMissing
from jhro_tui.services.reference import Catalog
from jhro_tui.services.session import Session
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Detainee, DetentionStep, Facility

Row = TypeVar("Row", bound=BaseModel)


def sees(office: str, who: Actor) -> bool:
    """Whether ``who`` may see what is recorded for ``office``'s facilities."""
    return who.role in access.CASE_ROLES and bool(office) and office == who.office


def office_sql(column: Any, who: Actor) -> Expression:
    """``sees`` as a condition on a table's ``office`` column."""
    if who.role not in access.CASE_ROLES or not who.office:
        return cast(Expression, column.in_([]))
    return cast(Expression, column == who.office)


def sees_identity(detainee: Detainee, who: Actor) -> bool:
    return sees(detainee.office, who) and (who.is_supervisor
                                           or detainee.officer_id == who.id)


def limits(catalog: Catalog, session: Session) -> Limits:
    """The legal time limits of the office's legal system (``legal_system`` setting)."""
    system = session.settings.legal_system
    try:
        return Limits.of(catalog, system)
    except LimitsMissing:
        raise ValidationError("legal_system", N_(
            "The reference data has no legal time limits for the legal system {system} "
            "(setting legal_system)."), system=system) from None


def office_of(row: BaseModel) -> str:
    if isinstance(row, DetentionStep):
        return str(Detainee.get_by_id(row.detainee_id).office)
    return cast(str, cast(Any, row).office)


@dataclass
class RecordWork(access.Work, Generic[Row]):
    """A unit of work on one detention record ``who`` may see."""

    row: Row

    @property
    def subject(self) -> str:
        return f"{self.row._meta.table_name}:{self.row.id}"  # type: ignore[attr-defined]

    def require_supervisor(self) -> None:
        if not self.who.is_supervisor:
            raise self.denied("not the office supervisor")


@contextlib.contextmanager
def record_unit(session: Session, model: type[Row], row_id: int, action: str, *,
                expected_version: int | None = None) -> Iterator[RecordWork[Row]]:
    """The acting account and the record if it may see it, its version checked; the body
    and its audit rows in one transaction."""
    target = f"{model._meta.table_name}:{row_id}"
    with access.unit(session) as audit:
        who = access.case_actor(session, action, target)
        row = model.select().where(model.id == row_id).first()  # type: ignore[attr-defined]
        if row is None:
            raise Denied(action, target, "no such record", NotAvailable())
        if not sees(office_of(row), who):
            raise Denied(action, target, "not visible", NotAvailable())
        if expected_version is not None:
            access.check_version(row, expected_version)
        yield RecordWork(who, action, audit, row)


def facility_of(who: Actor, facility_id: int | None, field: str = "facility_id") -> Facility:
    """A facility of ``who``'s office chosen on a form."""
    row = Facility.get_or_none(Facility.id == facility_id) if facility_id else None
    if row is None or not sees(row.office, who):
        raise ValidationError(field, N_("Choose a facility your office monitors."))
    return row


__all__ = ["RecordWork", "facility_of", "limits", "office_sql", "record_unit", "rules",
           "sees", "sees_identity"]
