"""Advocacy actions: a meeting, a letter, a report… with a State institution, on a law or
not, and the cases that illustrate what was said. An action's next step, with its date,
is a follow-up of the law's responsible officer (the author's when there is no law): it
is listed on their home screen with every other follow-up, and opens the law."""

from __future__ import annotations

from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access, office_records
from jhro_tui.services.advocacy.forms import ACTION_KINDS, INSTITUTIONS, ActionForm
from jhro_tui.services.advocacy.laws import law_of_office, visible_case
from jhro_tui.services.advocacy.read import action_view
from jhro_tui.services.advocacy.views import ActionView
from jhro_tui.services.common import account_names, rules
from jhro_tui.services.justice.unit import tuples, write_changes
from jhro_tui.services.office_records import record_unit
from jhro_tui.services.session import Session
from jhro_tui.services.validation import (
    end_not_before,
    from_today,
    length,
    not_future,
    one_of,
    required,
)
from jhro_tui.services.views import FollowUpView
from jhro_tui.store.models import AdvocacyAction, AdvocacyCase, Case, FollowUp, Law, utc_now


def _values(form: ActionForm, session: Session, who: access.Actor,
            recorded: AdvocacyAction | None) -> dict[str, Any]:
    checks = rules(session)
    if form.taken_on is None:
        raise ValidationError("taken_on", N_("Give the day of the action."))
    not_future(checks, "taken_on", form.taken_on)
    one_of("kind", form.kind, ACTION_KINDS)
    one_of("institution", form.institution, INSTITUTIONS)
    summary = required("summary", form.summary, N_("Say what was done and said."))
    for field in ("target_name", "target_person", "summary", "outcome", "next_step"):
        length(field, getattr(form, field))
    law = law_of_office(who, form.law_id)
    if form.follow_up_on is not None:
        from_today(checks, "follow_up_on", form.follow_up_on,
                   recorded.follow_up_on if recorded is not None else None)
        end_not_before("follow_up_on", form.taken_on, form.follow_up_on)
        required("next_step", form.next_step, N_("Say what is to be done by the follow-up "
                                                 "date."))
    return {"law": law.id if law is not None else None, "taken_on": form.taken_on,
            "kind": form.kind, "institution": form.institution,
            "target_name": form.target_name.strip(),
            "target_person": form.target_person.strip(), "summary": summary,
            "outcome": form.outcome.strip(), "next_step": form.next_step.strip(),
            "follow_up_on": form.follow_up_on}


def _cases(references: tuple[str, ...], work: access.Work) -> list[Case]:
    found: dict[int, Case] = {}
    for reference in references:
        if reference.strip():
            case = visible_case(reference, work)
            found[case.id] = case
    return list(found.values())


def _link(action_id: int, law_id: int | None, cases: list[Case], work: access.Work, *,
          every: bool = False) -> None:
    """Make the action's links to the cases ``work.who`` may see exactly ``cases``,
    auditing each made or undone on its case. A form names only the cases its user sees:
    the links to others stay, unless ``every`` link goes (the action does)."""
    links = AdvocacyCase.select(AdvocacyCase.case, Case.reference).join(
        Case, on=(AdvocacyCase.case == Case.id)).where(AdvocacyCase.action == action_id)
    if not every:
        links = links.where(access.Visibility(work.who).sql())
    before = {case_id: reference for case_id, reference in tuples(links)}
    wanted = {case.id: case.reference for case in cases}
    AdvocacyCase.update(law=law_id).where(AdvocacyCase.action == action_id).execute()
    gone = set(before) - set(wanted)
    if gone:
        AdvocacyCase.delete().where(AdvocacyCase.action == action_id,
                                    AdvocacyCase.case.in_(gone)).execute()
    for case_id in gone:
        work.audit("advocacy_action.unlink_case", f"action={action_id}",
                   target=f"case:{before[case_id]}")
    for case_id, reference in wanted.items():
        if case_id not in before:
            AdvocacyCase.create(law=law_id, action=action_id, case=case_id,
                                linked_by=work.who.id)
            work.audit("advocacy_action.link_case", f"action={action_id}",
                       target=f"case:{reference}")


def _follow_up(row: AdvocacyAction, work: access.Work) -> None:
    """Keep the action's follow-up as its next step and date say: made, moved, reworded
    or removed (a done one stays done unless its date moves)."""
    task = FollowUp.get_or_none(FollowUp.action_id == row.id)
    if row.follow_up_on is None:
        if task is not None and task.done_at is None:
            task.delete_instance()
        return
    now = utc_now()
    if task is None:
        law = Law.get_or_none(Law.id == row.law_id) if row.law_id is not None else None
        assignee = law.officer_id if law is not None and law.officer_id else work.who.id
        FollowUp.create(case=None, action_id=row.id, office=row.office,
                        description=row.next_step, due_on=row.follow_up_on,
                        assigned_to=assignee, created_by=work.who.id, created_at=now,
                        updated_by=work.who.id, updated_at=now)
        return
    changes: dict[Any, Any] = {}
    if task.description != row.next_step:
        changes[FollowUp.description] = row.next_step
    if task.due_on != row.follow_up_on:
        changes.update({FollowUp.due_on: row.follow_up_on, FollowUp.done_at: None,
                        FollowUp.done_by: None})
    if changes:
        changes.update({FollowUp.version: FollowUp.version + 1, FollowUp.updated_at: now,
                        FollowUp.updated_by: work.who.id})
        FollowUp.update(changes).where(FollowUp.id == task.id).execute()


def add_action(session: Session, form: ActionForm, cases: tuple[str, ...] = ()
               ) -> ActionView:
    """Record an action; ``cases`` are the references of the cases it is linked to."""
    action = "advocacy_action.add"
    with access.working(session, action) as work:
        values = _values(form, session, work.who, None)
        linked = _cases(cases, work)
        now = utc_now()
        row = AdvocacyAction.create(office=work.who.office, created_by=work.who.id,
                                    updated_by=work.who.id, created_at=now, updated_at=now,
                                    **values)
        _link(row.id, row.law_id, linked, work)
        _follow_up(row, work)
        work.audit(action, f"law={row.law_id} kind={row.kind}",
                   target=f"advocacy_action:{row.id}")
        return action_view(row, account_names(), work.who)


def update_action(session: Session, action_id: int, form: ActionForm,
                  cases: tuple[str, ...] = (), *, expected_version: int) -> ActionView:
    action = "advocacy_action.update"
    with record_unit(session, AdvocacyAction, action_id, action,
                     expected_version=expected_version) as work:
        values = _values(form, session, work.who, work.row)
        linked = _cases(cases, work)
        changed = write_changes(AdvocacyAction, work.row, values, work.who)
        row = AdvocacyAction.get_by_id(action_id)
        _link(action_id, row.law_id, linked, work)
        _follow_up(row, work)
        if changed:
            work.audit(action, " ".join(changed))
        return action_view(row, account_names(), work.who)


def remove_action(session: Session, action_id: int, *, expected_version: int) -> None:
    """Remove an action recorded by mistake (the office supervisor), with its follow-up and
    its links to cases."""
    action = "advocacy_action.remove"
    with record_unit(session, AdvocacyAction, action_id, action,
                     expected_version=expected_version) as work:
        work.require_supervisor()
        _link(action_id, None, [], work, every=True)
        FollowUp.delete().where(FollowUp.action_id == action_id).execute()
        AdvocacyAction.delete().where(AdvocacyAction.id == action_id).execute()
        work.audit(action, f"law={work.row.law_id} kind={work.row.kind}")


def advocacy_action(session: Session, action_id: int) -> ActionView:
    """An action with its follow-up and linked cases (audited as a view)."""
    with record_unit(session, AdvocacyAction, action_id, "advocacy_action.view") as work:
        work.audit("advocacy_action.view")
        return action_view(work.row, account_names(), work.who)


def complete_follow_up(session: Session, follow_up_id: int, *, expected_version: int,
                       done: bool = True) -> FollowUpView:
    """Mark an action's follow-up done (or not done again)."""
    return office_records.complete_follow_up(
        session, follow_up_id, AdvocacyAction, "action_id",
        "advocacy_action.follow_up.done" if done else "advocacy_action.follow_up.undone",
        expected_version=expected_version, done=done)
