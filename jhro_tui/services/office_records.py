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
from jhro_tui.services.views import FollowUpView
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Account, FollowUp, utc_now

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


def complete_follow_up(session: Session, follow_up_id: int, owner: type[BaseModel],
                       column: str, action: str, *, expected_version: int,
                       done: bool) -> FollowUpView:
    """Mark done (or not done again) the follow-up of an office's record (``column`` of
    ``follow_up`` names it in ``owner``: a visit's, an action's), checked on that record."""
    # Imported here: the case file's reader imports the module readers built on this one.
    from jhro_tui.services.common import account_names
    from jhro_tui.services.detail import follow_up_view

    task = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    owner_id = getattr(task, column) if task is not None else None
    with record_unit(session, owner, owner_id or 0, action) as work:
        assert task is not None
        access.check_version(task, expected_version)
        now = utc_now()
        FollowUp.update(done_at=now if done else None, done_by=work.who.id if done else None,
                        version=FollowUp.version + 1, updated_at=now, updated_by=work.who.id
                        ).where(FollowUp.id == follow_up_id).execute()
        work.audit(action, f"follow_up={follow_up_id}")
        return follow_up_view(FollowUp.get_by_id(follow_up_id), "", account_names())
