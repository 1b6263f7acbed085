"""The review queue: the submitted cases of a supervisor's office, the oldest submission
first, one after the other.

A case's place in the queue is the time of its last submission (its latest
``CaseStatusChange`` to ``submitted``), then its id: a case returned to draft and
submitted again waits behind those submitted before it came back. The supervisor of an
office only (``Visibility(who).office``); anyone else is refused, and the refusal
audited. Validating and returning stay ``workflow``'s: the queue only says which case
comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import Expression, fn

from jhro_tui.services import access
from jhro_tui.services.session import Session
from jhro_tui.store.models import Case, CaseStatusChange


@dataclass(frozen=True)
class ReviewNext:
    """Where the review queue stands (``next_submitted``)."""

    case_id: int | None
    """The next submitted case of the office, or None when none is left after the one
    reviewed."""
    remaining: int
    """Submitted cases of the office behind ``case_id`` in the queue."""
    waiting: int
    """Every submitted case of the office, the ones passed over included."""


def submitted_at(model: Any = Case) -> Any:
    """When ``model``'s case was last submitted (a subquery correlated on its id: the
    office's submitted cases are few, and the changes of a case are indexed by it)."""
    return (CaseStatusChange.select(fn.MAX(CaseStatusChange.at))
            .where(CaseStatusChange.case == model.id, CaseStatusChange.to_status == "submitted"))


QUEUE_ORDER = (submitted_at(), Case.id)
"""The queue's order, as ``order_by`` takes it (the home's list of cases to validate)."""


def next_submitted(session: Session, after_case_id: int | None = None) -> ReviewNext:
    """The oldest submitted case of the supervisor's office, or, with ``after_case_id``,
    the first one behind that case in the queue (the case just validated, returned or
    passed over: it need not be submitted any more)."""
    with access.working(session, "review.next") as work:
        office = access.Visibility(work.who).office
        if not office:
            raise work.denied(f"role={work.who.role}", target="review:queue")
        waiting = [Case.office == office, Case.status == "submitted"]
        behind = list(waiting)
        if after_case_id is not None:
            behind.append(_behind(after_case_id))
        first = (Case.select(Case.id, Case.reference).where(*behind)
                 .order_by(*QUEUE_ORDER).limit(1).tuples().first())
        remaining = Case.select().where(*behind).count() - (first is not None)
        total = Case.select().where(*waiting).count()
        work.audit("review.next", f"waiting={total}",
                   target="review:queue" if first is None else f"case:{first[1]}")
    return ReviewNext(first[0] if first else None, remaining, total)


def _behind(case_id: int) -> Expression:
    """The cases after ``case_id`` in the queue's order (all of them if it was never
    submitted)."""
    at = submitted_at()
    then = (CaseStatusChange.select(fn.MAX(CaseStatusChange.at))
            .where(CaseStatusChange.case == case_id, CaseStatusChange.to_status == "submitted")
            .scalar())
    if then is None:
        return Case.id.is_null(False)
    after: Expression = (at > then) | ((at == then) & (Case.id > case_id))
    return after
