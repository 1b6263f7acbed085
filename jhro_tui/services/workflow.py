"""The life of a case: draft → submitted → validated → in follow-up → closed.

- Whoever may edit the case submits it, starts its follow-up, or starts a revision of a
  validated case (back to draft, with a reason).
- The supervisor of the case's office validates it or returns it to draft with a
  comment, closes it and reopens it (with a reason). A supervisor does not validate a
  case assigned to themselves: validation is a second pair of eyes.
- Validating stores a snapshot of the whole file (identity fields excluded): once
  validated, the documentation changes only through a revision and a new submission,
  and every validated version stays readable (``get_snapshot``).
Each step records who, when and why (``CaseStatusChange``) and is audited with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from jhro_tui.errors import NotFound, PermissionDenied, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import access, snapshots
from jhro_tui.services.access import Actor, Denied
from jhro_tui.services.common import account_names, check_version
from jhro_tui.services.detail import read_detail
from jhro_tui.services.forms import STATUSES
from jhro_tui.services.listing import summary_of
from jhro_tui.services.session import Session
from jhro_tui.services.validation import validate_comment
from jhro_tui.services.views import CaseSnapshotView, CaseSummary
from jhro_tui.store.models import (
    Case,
    CaseSnapshot,
    CaseStatusChange,
    Incident,
    Victim,
    Violation,
    utc_now,
)

EDITOR = "editor"
SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Step:
    """One allowed move: who may make it, and whether it needs a comment."""

    by: str
    comment_required: bool
    action: str


TRANSITIONS: dict[tuple[str, str], Step] = {
    ("draft", "submitted"): Step(EDITOR, False, "case.submit"),
    ("submitted", "validated"): Step(SUPERVISOR, False, "case.validate"),
    ("submitted", "draft"): Step(SUPERVISOR, True, "case.return"),
    ("validated", "in_follow_up"): Step(EDITOR, False, "case.follow_up"),
    ("validated", "draft"): Step(EDITOR, True, "case.revise"),
    ("in_follow_up", "draft"): Step(EDITOR, True, "case.revise"),
    ("validated", "closed"): Step(SUPERVISOR, False, "case.close"),
    ("in_follow_up", "closed"): Step(SUPERVISOR, False, "case.close"),
    ("closed", "in_follow_up"): Step(SUPERVISOR, True, "case.reopen"),
}


def _may(step: Step, case: Case, who: Actor) -> bool:
    if step.by == EDITOR:
        return access.can_see(case, who)
    if not access.supervises(case, who):
        return False
    return not (step.action == "case.validate" and case.officer_id == who.id)


def allowed_transitions(case: Case, who: Actor) -> tuple[str, ...]:
    """The statuses ``who`` may move ``case`` to now, in workflow order."""
    return tuple(target for (source, target), step in TRANSITIONS.items()
                 if source == case.status and _may(step, case, who))


def _ready_for_submission(case: Case) -> None:
    if not Violation.select().where(Violation.case == case.id).exists():
        raise ValidationError("incidents", N_("Record at least one incident with a violation "
                                              "before submitting the case."))
    if not Victim.select().where(Victim.case == case.id).exists():
        raise ValidationError("victims", N_("Record at least one victim before submitting "
                                            "the case."))
    if not Incident.select().where(Incident.case == case.id).exists():  # pragma: no cover
        raise ValidationError("incidents", N_("Record at least one incident."))


def transition(session: Session, case_id: int, target: str, *, comment: str = "",
               expected_version: int) -> CaseSummary:
    """Move a case to ``target`` if the workflow and this account allow it."""
    if target not in STATUSES:
        raise ValidationError("status", N_("Unknown value {value}: choose one from the list."),
                              value=target)
    with access.unit(session) as audit:
        who = access.case_actor(session, "case.transition", f"case:#{case_id}")
        case = access.load_case(case_id, who, "case.transition")
        step = TRANSITIONS.get((case.status, target))
        subject = access.case_object(case, case_id)
        if step is None:
            raise ValidationError("status", N_("A case that is {status} cannot become "
                                               "{target}."),
                                  status=_(STATUSES[case.status]), target=_(STATUSES[target]))
        if not _may(step, case, who):
            detail = f"{case.status}->{target}"
            if step.action == "case.validate" and case.officer_id == who.id:
                raise Denied(step.action, subject, detail + " own case", PermissionDenied(
                    N_("You are this case's officer: another supervisor of the office "
                       "validates it, or assign it to an officer first.")))
            raise Denied(step.action, subject, detail)
        check_version(case, expected_version)
        text = validate_comment(comment, step.comment_required)
        if target == "submitted":
            _ready_for_submission(case)
        now = utc_now()
        new_version = case.version + 1
        Case.update(status=target, version=new_version, updated_at=now,
                    updated_by=who.id).where(Case.id == case.id).execute()
        CaseStatusChange.create(case=case.id, from_status=case.status, to_status=target,
                                by=who.id, at=now, comment=text)
        if target == "validated":
            _snapshot(case.id, who, now)
        audit(step.action, subject, f"{case.status}->{target}")
    return summary_of(case_id)


def _snapshot(case_id: int, who: Actor, now: object) -> None:
    case = Case.get_by_id(case_id)
    detail = read_detail(case, None, account_names())
    number = (CaseSnapshot.select().where(CaseSnapshot.case == case_id).count()) + 1
    CaseSnapshot.create(case=case_id, number=number, case_version=case.version, taken_at=now,
                        taken_by=who.id, document=snapshots.pack(snapshots.dumps(detail)))


def submit(session: Session, case_id: int, *, expected_version: int,
           comment: str = "") -> CaseSummary:
    return transition(session, case_id, "submitted", comment=comment,
                      expected_version=expected_version)


def validate(session: Session, case_id: int, *, expected_version: int,
             comment: str = "") -> CaseSummary:
    return transition(session, case_id, "validated", comment=comment,
                      expected_version=expected_version)


def return_to_draft(session: Session, case_id: int, *, comment: str,
                    expected_version: int) -> CaseSummary:
    return transition(session, case_id, "draft", comment=comment,
                      expected_version=expected_version)


def start_follow_up(session: Session, case_id: int, *, expected_version: int,
                    comment: str = "") -> CaseSummary:
    return transition(session, case_id, "in_follow_up", comment=comment,
                      expected_version=expected_version)


def revise(session: Session, case_id: int, *, comment: str,
           expected_version: int) -> CaseSummary:
    """Reopen a validated case for changes: back to draft; the snapshot stays readable."""
    return transition(session, case_id, "draft", comment=comment,
                      expected_version=expected_version)


def close(session: Session, case_id: int, *, expected_version: int,
          comment: str = "") -> CaseSummary:
    return transition(session, case_id, "closed", comment=comment,
                      expected_version=expected_version)


def reopen(session: Session, case_id: int, *, comment: str,
           expected_version: int) -> CaseSummary:
    return transition(session, case_id, "in_follow_up", comment=comment,
                      expected_version=expected_version)


def get_snapshot(session: Session, case_id: int, number: int) -> CaseSnapshotView:
    """A validated version of a case, as it was validated (audited as a view)."""
    with access.unit(session) as audit:
        who = access.case_actor(session, "case.snapshot.view", f"case:#{case_id}")
        case = access.load_case(case_id, who, "case.snapshot.view")
        row = CaseSnapshot.get_or_none(CaseSnapshot.case == case_id,
                                       CaseSnapshot.number == number)
        if row is None:
            raise NotFound(N_("This case has no validated version {number}."), number=number)
        taken_by = row.taken_by.name
        audit("case.snapshot.view", access.case_object(case, case_id), f"number={number}")
    return CaseSnapshotView(row.number, row.case_version, row.taken_at, taken_by,
                            snapshots.loads(bytes(row.document)))
