"""The preamble of every justice service: who may see and change a proceeding, written
once on top of the case rule (``access.Visibility``).

A proceeding is visible to whoever may see one of its cases; it is changed while one of
those cases is open to follow-up (validated cases are followed in court; a closed case
must be reopened). Each change touches and audits every case of the proceeding, so that
each case's history says what happened in court. A proceeding that does not exist and
one that may not be seen are refused alike.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from peewee import SQL, fn

from jhro_tui.services import access
from jhro_tui.services.access import FOLLOW_UP, Actor, CaseWork, Denied, NotAvailable
from jhro_tui.services.common import bump
from jhro_tui.services.session import Session
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Case, MobileSession, Proceeding, ProceedingCase

Row = TypeVar("Row", bound=BaseModel)


def tuples(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs cannot say so)."""
    return list(query.tuples())


def write_changes(model: type[BaseModel], row: Any, values: dict[str, Any], who: Actor
                  ) -> list[str]:
    """Write the ``values`` that differ from ``row`` (a foreign key compared by its id),
    raising its version; returns the names changed (none: nothing written)."""
    fields = model._meta.fields
    changes = {name: value for name, value in values.items()
               if getattr(row, fields[name].column_name) != value}
    if changes:
        bump(model, row.id, who, {fields[name]: value for name, value in changes.items()})
    return sorted(changes)


def visible_cases(proceeding_id: int, who: Actor) -> list[Case]:
    """The cases of a proceeding ``who`` may see, oldest first."""
    return list(Case.select().join(ProceedingCase, on=(ProceedingCase.case == Case.id))
                .where(ProceedingCase.proceeding == proceeding_id,
                       access.Visibility(who).sql())
                .order_by(Case.id))


def all_cases(proceeding_id: int) -> list[Case]:
    return list(Case.select(Case.id, Case.reference)
                .join(ProceedingCase, on=(ProceedingCase.case == Case.id))
                .where(ProceedingCase.proceeding == proceeding_id).order_by(Case.id))


def visible_proceedings(who: Actor) -> Any:
    """The ids of the proceedings ``who`` may see, as a subquery.

    The visible cases are listed from the case indexes alone (office, officer, shares),
    never by reading each case row a proceeding points to: at 100,000 cases that read
    cost 80 ms a query."""
    return (ProceedingCase.select(ProceedingCase.proceeding)
            .where(ProceedingCase.case.in_(Case.select(Case.id).where(
                access.Visibility(who).sql()))))


def seen_by(who: Actor) -> Any:
    """Whether ``who`` may see the proceeding of the outer query, checked row by row: for
    a short list driven by another index (the next hearings), where listing every
    visible proceeding first costs more than the list (11 ms for an officer's cases at
    100,000 cases)."""
    scoped = Case.alias()
    return fn.EXISTS(ProceedingCase.select(SQL("1"))
                     .join(scoped, on=(ProceedingCase.case == scoped.id))
                     .where(ProceedingCase.proceeding == Proceeding.id,
                            access.Visibility(who).sql(scoped)))


@dataclass
class ProceedingWork(CaseWork):
    """A unit of work on a proceeding through ``case``, the first of its cases that
    ``who`` may see and change."""

    proceeding: Proceeding

    @property
    def subject(self) -> str:
        return f"proceeding:{self.proceeding.id}"

    def changed_all(self, action: str, detail: str = "") -> None:
        """Touch and audit every case of the proceeding, then audit the proceeding."""
        for case in all_cases(self.proceeding.id):
            self.changed(action, f"proceeding={self.proceeding.id} {detail}".strip(),
                         case=case)
        self.audit(action, detail)


@dataclass
class ProceedingRecordWork(ProceedingWork, Generic[Row]):
    row: Row

    def check_version(self, expected: int) -> None:
        access.check_version(self.row, expected)


def _open(session: Session, proceeding_id: int, action: str, target: str
          ) -> tuple[Actor, Proceeding, Case, Any]:
    who = access.case_actor(session, action, target)
    proceeding = Proceeding.get_or_none(Proceeding.id == proceeding_id)
    if proceeding is None:
        raise Denied(action, target, "no such record", NotAvailable())
    cases = visible_cases(proceeding_id, who)
    if not cases:
        raise Denied(action, target, "not visible", NotAvailable())
    open_cases = [case for case in cases if access.section_open(case, FOLLOW_UP)]
    if not open_cases:
        access.require_section(cases[0], FOLLOW_UP)
    return who, proceeding, open_cases[0], cases


@contextlib.contextmanager
def proceeding_unit(session: Session, proceeding_id: int, action: str, *,
                    expected_version: int | None = None) -> Iterator[ProceedingWork]:
    """The acting account, the proceeding if one of its cases is visible and open to
    follow-up, its version; the body and its audit rows in one transaction."""
    with access.unit(session) as audit:
        who, proceeding, case, _cases = _open(session, proceeding_id, action,
                                              f"proceeding:{proceeding_id}")
        work = ProceedingWork(who, action, audit, case, proceeding)
        if expected_version is not None:
            access.check_version(proceeding, expected_version)
        yield work


@contextlib.contextmanager
def proceeding_record_unit(session: Session, model: type[Row], row_id: int, action: str, *,
                           expected_version: int | None = None
                           ) -> Iterator[ProceedingRecordWork[Row]]:
    """``proceeding_unit`` for a record of a proceeding (an accused, a hearing…)."""
    target = f"{model._meta.table_name}:{row_id}"
    with access.unit(session) as audit:
        row = model.select().where(model.id == row_id).first()  # type: ignore[attr-defined]
        if row is None:
            access.case_actor(session, action, target)
            raise Denied(action, target, "no such record", NotAvailable())
        who, proceeding, case, _cases = _open(session, cast(Any, row).proceeding_id, action,
                                              target)
        work = ProceedingRecordWork(who, action, audit, case, proceeding, row)
        if expected_version is not None:
            work.check_version(expected_version)
        yield work


def session_visible(row: MobileSession, who: Actor) -> bool:
    """A mobile court session is the office's that supports it."""
    return who.role in access.CASE_ROLES and row.office == who.office


@dataclass
class SessionWork(access.Work):
    session_row: MobileSession

    @property
    def subject(self) -> str:
        return f"mobile_session:{self.session_row.id}"


@contextlib.contextmanager
def session_unit(session: Session, session_id: int, action: str, *,
                 expected_version: int | None = None) -> Iterator[SessionWork]:
    """The acting account and a mobile court session of its office."""
    target = f"mobile_session:{session_id}"
    with access.unit(session) as audit:
        who = access.case_actor(session, action, target)
        row = MobileSession.get_or_none(MobileSession.id == session_id)
        if row is None or not session_visible(row, who):
            raise Denied(action, target, "no such record" if row is None else "not visible",
                         NotAvailable())
        if expected_version is not None:
            access.check_version(row, expected_version)
        yield SessionWork(who, action, audit, row)
