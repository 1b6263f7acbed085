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
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from peewee import Expression

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security.audit import DENIED
from jhro_tui.services.forms import STATUSES
from jhro_tui.services.session import AccountInfo, Session
from jhro_tui.store.models import Account, Case, CaseShare

Audit = Callable[..., None]

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
                          Account.office, Account.language, Account.active)
           .where(Account.name == session.user.name).first())
    if row is None or not row.active:
        user = session.user
        session.user = AccountInfo(user.name, user.full_name, user.role, user.office,
                                   user.language, False)
        raise Denied(action, target, "account inactive")
    session.user = AccountInfo.of(row)
    return Actor(row.id, row.name, row.role, row.office)


def case_actor(session: Session, action: str, target: str = "") -> Actor:
    """The acting account, refused unless it works on cases (officer or supervisor)."""
    who = actor(session, action, target)
    if who.role not in CASE_ROLES:
        raise Denied(action, target, f"role={who.role}")
    return who


def case_object(case: Case | None, case_id: int) -> str:
    return f"case:{case.reference}" if case is not None else f"case:#{case_id}"


def visible_cases(who: Actor) -> Expression:
    """SQL condition on ``Case`` for the cases ``who`` may see."""
    shared = CaseShare.select(CaseShare.case).where(CaseShare.account == who.id)
    condition = (Case.officer == who.id) | Case.id.in_(shared)
    if who.is_supervisor and who.office:
        condition = (Case.office == who.office) | condition
    return condition


def is_shared_with(case_id: int, who: Actor) -> bool:
    return CaseShare.select().where(CaseShare.case == case_id,
                                    CaseShare.account == who.id).exists()


def can_see(case: Case, who: Actor) -> bool:
    if who.role not in CASE_ROLES:
        return False
    if case.officer_id == who.id:
        return True
    if who.is_supervisor and who.office and case.office == who.office:
        return True
    return is_shared_with(case.id, who)


def can_see_identity(case: Case, who: Actor) -> bool:
    """Assigned officer, or the supervisor of the case's office."""
    if case.officer_id == who.id and who.role in CASE_ROLES:
        return True
    return who.is_supervisor and bool(who.office) and case.office == who.office


def supervises(case: Case, who: Actor) -> bool:
    return who.is_supervisor and bool(who.office) and case.office == who.office


def load_case(case_id: int, who: Actor, action: str) -> Case:
    """The case ``who`` may see, or ``Denied`` (same error whether missing or hidden)."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise Denied(action, case_object(None, case_id), "no such case", NotAvailable())
    if not can_see(case, who):
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
