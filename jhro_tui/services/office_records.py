"""The one visibility rule of what a field office records outside case files (detention
monitoring, advocacy): a record belongs to the office that keeps it. Its officers and
supervisor see and record it; only the supervisor removes it. A record that does not
exist and one of another office are refused alike, and the refusal is audited.

Cases are not involved, so ``access.Visibility`` is not either; a record linked to a case
is linked only by someone who may see that case.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from peewee import Expression

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import Actor, Denied, NotAvailable
from jhro_tui.services.session import Session
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Account

Row = TypeVar("Row", bound=BaseModel)


def sees(office: str, who: Actor) -> bool:
    """Whether ``who`` may see what ``office`` records."""
    return who.role in access.CASE_ROLES and bool(office) and office == who.office


def office_sql(column: Any, who: Actor) -> Expression:
    """``sees`` as a condition on a table's ``office`` column."""
    if who.role not in access.CASE_ROLES or not who.office:
        return cast(Expression, column.in_([]))
    return cast(Expression, column == who.office)


def own_office(row: BaseModel) -> str:
    return cast(str, cast(Any, row).office)


@dataclass
class RecordWork(access.Work, Generic[Row]):
    """A unit of work on one record of the office ``who`` may see."""

    row: Row

    @property
    def subject(self) -> str:
        return f"{self.row._meta.table_name}:{self.row.id}"  # type: ignore[attr-defined]

    def require_supervisor(self) -> None:
        if not self.who.is_supervisor:
            raise self.denied("not the office supervisor")


@contextlib.contextmanager
def record_unit(session: Session, model: type[Row], row_id: int, action: str, *,
                office_of: Callable[[Row], str] = own_office,
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


def colleague(who: Actor, name: str, field: str) -> int:
    """The account ``name`` chosen on a form: an active officer or supervisor of ``who``'s
    office (who is asked to act, or named as having acted)."""
    row = Account.get_or_none(Account.name == name.strip())
    if (row is None or not row.active or row.role not in access.CASE_ROLES
            or row.office != who.office):
        raise ValidationError(field, N_("{name} is not an active officer or supervisor of "
                                        "the {office} office."),
                              name=name.strip(), office=who.office)
    return int(row.id)
