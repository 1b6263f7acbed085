"""The life of a case: draft → submitted → validated → in follow-up → closed.

- Whoever may edit the case submits it, starts its follow-up, or starts a revision of a
  validated case (back to draft, with a reason).
- The supervisor of the case's office validates it or returns it to draft with a
  comment, closes it and reopens it (with a reason). A supervisor does not validate a
  case assigned to themselves: validation is a second pair of eyes.
- Submitting and validating check what a complete case has (``gaps_of``): what the
  office requires (``submission_requires`` in settings) refuses the step, with the whole
  list; the rest is shown as warnings before the step and recorded in its audit row.
- Validating stores a snapshot of the whole file (identity fields excluded): once
  validated, the documentation changes only through a revision and a new submission,
  and every validated version stays readable (``get_snapshot``).
Each step records who, when and why (``CaseStatusChange``) and is audited with it.
"""

from __future__ import annotations

from collections.abc import Collection

from jhro_tui.errors import NotFound, PermissionDenied, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import access, snapshots
from jhro_tui.services.access import Actor
from jhro_tui.services.common import account_names
from jhro_tui.services.detail import read_detail
from jhro_tui.services.forms import STATUSES
from jhro_tui.services.listing import summary_of
from jhro_tui.services.session import Session
from jhro_tui.services.statistics import facts
from jhro_tui.services.statistics.facts import COUNTED_STATUSES
from jhro_tui.services.transitions import TRANSITIONS as TRANSITIONS  # the case file's forms
from jhro_tui.services.transitions import may
from jhro_tui.services.validation import validate_comment
from jhro_tui.services.views import (
    CaseDetail,
    CaseSnapshotView,
    CaseSummary,
    Gap,
    VictimView,
    ViolationView,
)
from jhro_tui.store.models import Case, CaseSnapshot, CaseStatusChange, utc_now

CHECKED_STEPS = ("submitted", "validated")
"""The steps that check what a complete case has (``gaps_of``)."""


class Incomplete(ValidationError):
    """A step refused because the case lacks what the office requires: every gap, one a
    line."""

    def __init__(self, target: str, gaps: tuple[Gap, ...]) -> None:
        super().__init__("status", N_("This case cannot be submitted yet:")
                         if target == "submitted" else
                         N_("This case cannot be validated yet:"))
        self.gaps = gaps

    def message(self) -> str:
        return "\n".join([super().message(), *(f"• {gap.message()}" for gap in self.gaps)])


def gaps_of(detail: CaseDetail, required: Collection[str]) -> tuple[Gap, ...]:
    """What ``detail`` lacks to be a complete case, each marked required when its check is
    in ``required``; in the order of the case file, one gap for each kind of fault with
    the records at fault listed in it (a form shows them all at 80x24)."""
    found: list[Gap] = []

    def gap(check: str, template: str, **params: str) -> None:
        found.append(Gap(check, template, tuple(params.items()), check in required))

    dates = {incident.id: incident.date.format() for incident in detail.incidents}

    def named(violations: list[ViolationView]) -> str:
        return "; ".join(f"{violation.type_label} ({dates.get(violation.incident_id, '')})"
                         for violation in violations)

    violations = detail.violations
    if not detail.incidents:
        gap("incident", N_("No incident is recorded."))
    if not violations:
        gap("violation", N_("No violation is recorded."))
    elif empty := [dates[incident.id] for incident in detail.incidents if not incident.violations]:
        gap("violation", N_("Incidents with no violation: {dates}."), dates=", ".join(empty))
    if not detail.victims:
        gap("victim", N_("No victim is recorded."))
    else:
        if lonely := [violation for violation in violations if not violation.victims]:
            gap("victim", N_("Violations with no victim: {violations}."),
                violations=named(lonely))
        linked = {link.victim_id for violation in violations for link in violation.victims}
        if unlinked := [victim.code for victim in detail.victims if victim.id not in linked]:
            gap("victim", N_("Victims linked to no violation: {codes}."),
                codes=", ".join(unlinked))
    if not detail.perpetrators:
        gap("perpetrator", N_("No perpetrator is recorded (Unknown or unidentified "
                              "perpetrator is a category)."))
    else:
        if lonely := [violation for violation in violations if not violation.perpetrators]:
            gap("perpetrator", N_("Violations with no perpetrator: {violations}."),
                violations=named(lonely))
        linked = {link.perpetrator_id for violation in violations
                  for link in violation.perpetrators}
        if unlinked := [" ".join(part for part in (p.category_label, p.unit) if part)
                        for p in detail.perpetrators if p.id not in linked]:
            gap("perpetrator", N_("Perpetrators linked to no violation: {perpetrators}."),
                perpetrators="; ".join(unlinked))
    consent = {state: [victim.code for victim in detail.victims
                       if _documentation_consent(victim) == state]
               for state in ("not_asked", "refused", "revoked")}
    if consent["not_asked"]:
        gap("documentation_consent", N_("Consent to documentation not asked: {codes}."),
            codes=", ".join(consent["not_asked"]))
    if consent["refused"]:
        gap("documentation_consent", N_("Consent to documentation refused: {codes}."),
            codes=", ".join(consent["refused"]))
    if consent["revoked"]:
        gap("documentation_consent", N_("Consent to documentation withdrawn: {codes}."),
            codes=", ".join(consent["revoked"]))
    if not detail.sources:
        gap("source", N_("No source is recorded."))
    return tuple(found)


def _documentation_consent(victim: VictimView) -> str:
    record = victim.consent("documentation")
    return "not_asked" if record is None else record.state


def submission_gaps(session: Session, detail: CaseDetail) -> tuple[Gap, ...]:
    """What the case file ``detail`` (as read by ``get_case``) lacks, by this office's
    settings: what a form shows before the officer submits or the supervisor validates.
    Reads nothing from the database."""
    return gaps_of(detail, session.settings.submission_requires)


def transition(session: Session, case_id: int, target: str, *, comment: str = "",
               expected_version: int) -> CaseSummary:
    """Move a case to ``target`` if the workflow and this account allow it."""
    if target not in STATUSES:
        raise ValidationError("status", N_("Unknown value {value}: choose one from the list."),
                              value=target)
    with access.case_unit(session, case_id, "case.transition") as work:
        case, who = work.case, work.who
        step = TRANSITIONS.get((case.status, target))
        if step is None:
            raise ValidationError("status", N_("A case that is {status} cannot become "
                                               "{target}."),
                                  status=_(STATUSES[case.status]), target=_(STATUSES[target]))
        if not may(step, case, who):
            detail = f"{case.status}->{target}"
            if step.action == "case.validate" and case.officer_id == who.id:
                raise work.denied(detail + " own case", PermissionDenied(
                    N_("You are this case's officer: another supervisor of the office "
                       "validates it, or assign it to an officer first.")), action=step.action)
            raise work.denied(detail, action=step.action)
        work.check_version(expected_version)
        text = validate_comment(comment, step.comment_required)
        gaps: tuple[Gap, ...] = ()
        if target in CHECKED_STEPS:
            gaps = gaps_of(read_detail(case, None, account_names()),
                           session.settings.submission_requires)
            missing = tuple(gap for gap in gaps if gap.required)
            if missing:
                raise Incomplete(target, missing)
        now = utc_now()
        new_version = case.version + 1
        Case.update(status=target, version=new_version, updated_at=now,
                    updated_by=who.id).where(Case.id == case.id).execute()
        CaseStatusChange.create(case=case.id, from_status=case.status, to_status=target,
                                by=who.id, at=now, comment=text)
        if target == "validated":
            _snapshot(case.id, who, now)
        if target in COUNTED_STATUSES and case.status not in COUNTED_STATUSES:
            facts.record(case.id)
        elif case.status in COUNTED_STATUSES and target not in COUNTED_STATUSES:
            facts.forget(case.id)
        # What was left to check, by name: the audit trail says what a case lacked when it
        # was submitted or validated, without copying the case's text into it.
        lacking = ",".join(dict.fromkeys(gap.check for gap in gaps))
        work.audit(step.action,
                   f"{case.status}->{target}" + (f" warnings={lacking}" if lacking else ""))
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
    with access.case_unit(session, case_id, "case.snapshot.view") as work:
        row = CaseSnapshot.get_or_none(CaseSnapshot.case == case_id,
                                       CaseSnapshot.number == number)
        if row is None:
            raise NotFound(N_("This case has no validated version {number}."), number=number)
        taken_by = row.taken_by.name
        work.audit("case.snapshot.view", f"number={number}")
    return CaseSnapshotView(row.number, row.case_version, row.taken_at, taken_by,
                            snapshots.loads(bytes(row.document)))
