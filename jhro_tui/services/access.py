"""Who may see and change which case: the rules every case service applies.

- An officer sees and edits the cases assigned to them and those shared with them.
- A supervisor sees and edits the cases of their field office (and any assigned to or
  shared with them), validates them, assigns and shares them.
- An administrator manages accounts, never case content.
- Identity fields of victims: the assigned officer and the supervisor of the case's
  office only (not accounts the case is merely shared with).

A case that does not exist and a case one may not see give the same ``NotAvailable``
error, with a message that names nothing, so probing ids reveals nothing; both are
audited as refusals (the audit detail says which, for administrators).

Who sees a case is one rule, ``Visibility``, as SQL and as a check on a loaded case. Every
case service runs in ``case_unit`` (``record_unit`` for a record of a case, ``working``
before a case exists): the checks in one order, then the body and its audit rows in one
transaction, and any refusal audited, so a new service cannot skip a step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from peewee import OP, SQL, Expression, NodeList

from jhro_tui.errors import Conflict, PermissionDenied, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security.audit import DENIED
from jhro_tui.services.forms import STATUSES
from jhro_tui.services.session import AccountInfo, Session
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Account, Case, CaseShare, utc_now

Audit = Callable[..., None]
Row = TypeVar("Row", bound=BaseModel)

DOCUMENTATION = "documentation"
FOLLOW_UP = "follow_up"
NOTES = "notes"
SECTION_STATUSES = {
    DOCUMENTATION: frozenset({"draft"}),
    FOLLOW_UP: frozenset({"draft", "submitted", "validated", "in_follow_up"}),
    NOTES: frozenset(STATUSES),
}
CASE_ROLES = ("officer", "supervisor")


class NotAvailable(PermissionDenied):
    """The record does not exist, or this account may not see it (deliberately the same)."""

    default_template = N_("This case or record does not exist, or you are not allowed to "
                          "open it.")


@dataclass(frozen=True)
class Actor:
    """The acting account as the rules need it, re-read at the start of each service."""

    id: int
    name: str
    role: str
    office: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class Denied(Exception):
    """Raised inside a unit of work: rolls it back, then the refusal is audited."""

    def __init__(self, action: str, target: str, detail: str = "",
                 error: PermissionDenied | None = None) -> None:
        super().__init__(action)
        self.action = action
        self.target = target
        self.detail = detail
        self.error = error or PermissionDenied()


@contextlib.contextmanager
def unit(session: Session) -> Iterator[Audit]:
    """A unit of work whose ``Denied`` becomes an audited ``PermissionDenied``.

    The refusal is recorded in a transaction of its own, after the rollback, so that
    refusing never loses the record of the refusal.
    """
    try:
        with session.write() as audit:
            yield audit
    except Denied as denied:
        session.audit(denied.action, denied.target, denied.detail, outcome=DENIED)
        raise denied.error from None


@contextlib.contextmanager
def reading(session: Session) -> Iterator[None]:
    """A read-only unit of work: one consistent snapshot, without the write lock.

    For reads that record nothing (a further page, a count). The permission checks run
    inside it as in ``unit``, and a ``Denied`` becomes an audited ``PermissionDenied``.
    """
    try:
        with session.vault.db.atomic("DEFERRED"):
            yield
    except Denied as denied:
        session.audit(denied.action, denied.target, denied.detail, outcome=DENIED)
        raise denied.error from None


def actor(session: Session, action: str, target: str = "") -> Actor:
    """Re-read the acting account; an inactive or unknown one is refused (in a unit)."""
    row = (Account.select(Account.id, Account.name, Account.full_name, Account.role,
                          Account.office, Account.language, Account.active, Account.scope)
           .where(Account.name == session.user.name).first())
    if row is None or not row.active:
        user = session.user
        session.user = AccountInfo(user.name, user.full_name, user.role, user.office,
                                   user.language, False, user.scope)
        raise Denied(action, target, "account inactive")
    session.user = AccountInfo.of(row)
    return Actor(row.id, row.name, row.role, row.office)


def case_actor(session: Session, action: str, target: str = "") -> Actor:
    """The acting account, refused unless it works on cases (officer or supervisor)."""
    who = actor(session, action, target)
    if who.role not in CASE_ROLES:
        raise Denied(action, target, f"role={who.role}")
    return who


def report_office(session: Session, report: str, office: str, start: dt.date,
                  end: dt.date) -> tuple[Actor, str]:
    """The preamble of every report of an office's figures (``jhro report …``): its
    supervisor only, of their own office, for a period that does not end before it
    starts. Returns the account and the office; a refusal is a ``Denied``."""
    action, target = f"report.{report}", f"report:{report}"
    who = case_actor(session, action, target)
    if not who.is_supervisor:
        raise Denied(action, target, f"role={who.role}", PermissionDenied())
    office = office or who.office
    if office != who.office:
        raise Denied(action, f"{target}:{office}", "another office", PermissionDenied())
    if end < start:
        raise ValidationError("to", N_("The end ({end}) is before the start ({start})."),
                              end=end, start=start)
    return who, office


def case_object(case: Case | None, case_id: int) -> str:
    return f"case:{case.reference}" if case is not None else f"case:#{case_id}"


def not_driving(field: Any) -> NodeList:
    """``+field``: SQLite's way of saying "do not drive the query by this term"."""
    return NodeList((SQL("+"), field), glue="")


@dataclass(frozen=True)
class Visibility:
    """Who may see a case, written once: as a SQL condition and as a check on a loaded case.

    An officer or supervisor sees the cases assigned to them and those shared with them;
    a supervisor also every case of their field office (``office``); other roles none.
    """

    who: Actor

    @property
    def office(self) -> str:
        """The field office whose every case ``who`` sees ("" when none)."""
        return self.who.office if self.who.is_supervisor else ""

    @property
    def works_on_cases(self) -> bool:
        return self.who.role in CASE_ROLES

    def sql(self, model: Any = Case, *, shared: bool = True, walk: bool = False
            ) -> Expression:
        """The condition on ``model`` (``Case`` or an alias of it).

        Without ``shared``, only the cases ``who`` is responsible for (assigned, or of the
        office they supervise). With ``walk``, SQLite checks the terms row by row while it
        walks another index (a page of a large list) instead of driving the query by them.
        """
        if not self.works_on_cases:
            return Expression(model.id, OP.IN, [])

        def column(field: Any) -> Any:
            return not_driving(field) if walk else field

        condition = Expression(column(model.officer), OP.EQ, self.who.id)
        if shared:
            shares = CaseShare.select(CaseShare.case).where(CaseShare.account == self.who.id)
            condition = condition | Expression(column(model.id), OP.IN, shares)
        if self.office:
            condition = Expression(column(model.office), OP.EQ, self.office) | condition
        return condition

    def allows(self, case: Case, *, shared: bool = True) -> bool:
        """Whether ``who`` may see ``case`` (the same rule as ``sql``)."""
        if not self.works_on_cases:
            return False
        if case.officer_id == self.who.id or (self.office and case.office == self.office):
            return True
        return shared and is_shared_with(case.id, self.who)


def is_shared_with(case_id: int, who: Actor) -> bool:
    return CaseShare.select().where(CaseShare.case == case_id,
                                    CaseShare.account == who.id).exists()


def can_see_identity(case: Case, who: Actor) -> bool:
    """Assigned officer, or the supervisor of the case's office."""
    return Visibility(who).allows(case, shared=False)


def supervises(case: Case, who: Actor) -> bool:
    return bool(Visibility(who).office) and case.office == who.office


def load_case(case_id: int, who: Actor, action: str) -> Case:
    """The case ``who`` may see, or ``Denied`` (same error whether missing or hidden)."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise Denied(action, case_object(None, case_id), "no such case", NotAvailable())
    if not Visibility(who).allows(case):
        raise Denied(action, case_object(case, case_id), "not visible", NotAvailable())
    return case


def section_open(case: Case, section: str) -> bool:
    return case.status in SECTION_STATUSES[section]


def require_section(case: Case, section: str) -> None:
    """Refuse a change to a section the case's status has locked."""
    if section_open(case, section):
        return
    if section == DOCUMENTATION and case.status in ("validated", "in_follow_up"):
        raise ValidationError("status", N_("This case is validated: start a revision "
                                           "(back to draft) to change its documentation; "
                                           "the validated version stays readable."))
    if section == DOCUMENTATION and case.status == "submitted":
        raise ValidationError("status", N_("This case is waiting for validation: it can be "
                                           "changed again once returned to draft."))
    raise ValidationError("status", N_("This case is closed: a supervisor must reopen it "
                                       "first."))


def check_version(row: object, expected: int) -> None:
    """Refuse to save over a change made since ``expected`` was read; nothing is written.

    The message says who made the last change to the record and when.
    """
    current: int = getattr(row, "version")  # noqa: B009
    if current == expected:
        return
    updated_by = getattr(row, "updated_by_id", None)
    name = (Account.select(Account.name).where(Account.id == updated_by).tuples().first()
            if updated_by is not None else None)
    raise Conflict((name[0] if name else "") or "?", getattr(row, "updated_at"),  # noqa: B009
                   current)


# --- the unit of work of a case service -------------------------------------------------------

@dataclass
class Work:
    """Inside a unit of work: the acting account, the action it attempts, and the audit
    rows written in the same transaction."""

    who: Actor
    action: str
    write_audit: Audit

    @property
    def subject(self) -> str:
        """What this unit's audit rows and refusals name unless told otherwise."""
        return ""

    def audit(self, action: str, detail: str = "", *, target: str | None = None) -> None:
        self.write_audit(action, self.subject if target is None else target, detail)

    def denied(self, detail: str, error: PermissionDenied | None = None, *,
               action: str | None = None, target: str | None = None) -> Denied:
        """A refusal to raise: the unit rolls back, then the refusal is audited."""
        return Denied(action or self.action, self.subject if target is None else target,
                      detail, error)


@dataclass
class CaseWork(Work):
    """A unit of work on one case that ``who`` may see."""

    case: Case

    @property
    def subject(self) -> str:
        return f"case:{self.case.reference}"

    def changed(self, action: str, detail: str = "", *, case: Case | None = None) -> None:
        """Mark the case (this unit's, or ``case``) changed now by ``who`` (its header
        version is left alone: a note never conflicts with an edit of the header), and
        audit ``action`` on it."""
        changed = case or self.case
        Case.update({Case.updated_at: utc_now(), Case.updated_by: self.who.id}).where(
            Case.id == changed.id).execute()
        self.audit(action, detail, target=f"case:{changed.reference}")

    def check_version(self, expected: int) -> None:
        """Refuse with ``Conflict`` if the case changed since ``expected`` was read."""
        check_version(self.case, expected)

    def require_supervisor(self) -> None:
        if not supervises(self.case, self.who):
            raise self.denied("not the office supervisor")


@dataclass
class RecordWork(CaseWork, Generic[Row]):
    """A unit of work on one record of a case (a victim, a follow-up…) and its case."""

    row: Row

    def check_version(self, expected: int) -> None:
        """Refuse with ``Conflict`` if the record changed since ``expected`` was read."""
        check_version(self.row, expected)


@contextlib.contextmanager
def working(session: Session, action: str) -> Iterator[Work]:
    """A unit of work of an officer or supervisor that concerns no one case yet."""
    with unit(session) as audit:
        yield Work(case_actor(session, action), action, audit)


@contextlib.contextmanager
def case_unit(session: Session, case_id: int, action: str, *, section: str | None = None,
              supervisor: bool = False, expected_version: int | None = None
              ) -> Iterator[CaseWork]:
    """The preamble of every service on a case, in this order: the acting account re-read
    (an officer or supervisor), the case loaded if it may see it, the office supervisor
    required (``supervisor``), the section open (``section``), the case's version
    (``expected_version``). A refusal is audited; the body's changes and audit rows are
    one transaction."""
    with unit(session) as audit:
        who = case_actor(session, action, f"case:#{case_id}")
        work = CaseWork(who, action, audit, load_case(case_id, who, action))
        if supervisor:
            work.require_supervisor()
        if section is not None:
            require_section(work.case, section)
        if expected_version is not None:
            work.check_version(expected_version)
        yield work


@contextlib.contextmanager
def record_unit(session: Session, model: type[Row], row_id: int, action: str, *,
                section: str | None = None, expected_version: int | None = None,
                columns: tuple[Any, ...] = ()) -> Iterator[RecordWork[Row]]:
    """``case_unit`` for a record of a case: the acting account, the record (only
    ``columns`` of it, if given), its case if ``who`` may see it (a missing record is
    refused the same way), the section open, the record's version."""
    kind = model._meta.table_name
    target = f"{kind}:{row_id}"
    with unit(session) as audit:
        who = case_actor(session, action, target)
        row = model.select(*columns).where(model.id == row_id).first()  # type: ignore[attr-defined]
        if row is None:
            raise Denied(action, target, "no such record", NotAvailable())
        # Every record passed here has a ``case_id``; the BaseModel bound cannot say so.
        case = load_case(cast(Any, row).case_id, who, action)
        work = RecordWork(who, action, audit, case, row)
        if section is not None:
            require_section(case, section)
        if expected_version is not None:
            work.check_version(expected_version)
        yield work
