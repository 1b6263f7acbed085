"""Views of laws and actions, read inside a unit of work that has checked the office."""

from __future__ import annotations

from typing import Any

from peewee import fn

from jhro_tui.services import access
from jhro_tui.services.access import Actor
from jhro_tui.services.advocacy.views import ActionView, LawView, LinkedCase, StageView
from jhro_tui.services.common import account_names
from jhro_tui.services.detail import follow_up_view
from jhro_tui.services.forms import PRIORITY_NAME
from jhro_tui.services.justice.unit import tuples
from jhro_tui.store.models import AdvocacyAction, AdvocacyCase, Case, FollowUp, Law, LawStage

Names = dict[int, tuple[str, str]]


def name_of(names: Names, account_id: int | None) -> str:
    return names.get(account_id, ("", ""))[0] if account_id is not None else ""


def linked_cases(condition: Any, who: Actor) -> tuple[tuple[LinkedCase, ...], int]:
    """The cases linked where ``condition`` holds that ``who`` may see (each once, by
    reference), and how many others there are."""
    visible = access.Visibility(who).sql()
    rows = tuples(AdvocacyCase.select(AdvocacyCase.id, Case.id, Case.reference, Case.title,
                                      Case.status, AdvocacyCase.action)
                  .join(Case, on=(AdvocacyCase.case == Case.id))
                  .where(condition, visible).order_by(Case.reference, AdvocacyCase.id))
    seen: set[int] = set()
    shown = []
    for link_id, case_id, reference, title, status, action_id in rows:
        if case_id not in seen:
            seen.add(case_id)
            shown.append(LinkedCase(link_id, case_id, reference, title, status, action_id))
    every = AdvocacyCase.select(fn.COUNT(AdvocacyCase.case.distinct())).where(
        condition).scalar() or 0
    return tuple(shown), every - len(shown)


def follow_ups(action_ids: list[int]) -> dict[int, FollowUp]:
    """The follow-up of each of these actions that has one, in one query."""
    return {int(task.action_id or 0): task
            for task in FollowUp.select().where(FollowUp.action_id.in_(action_ids))}


def action_view(row: AdvocacyAction, names: Names, who: Actor, *, law_title: str = "",
                with_cases: bool = True, tasks: dict[int, FollowUp] | None = None
                ) -> ActionView:
    """``tasks``: the follow-ups read beforehand for a list of actions (``follow_ups``)."""
    if row.follow_up_on is None:
        task = None
    elif tasks is not None:
        task = tasks.get(row.id)
    else:
        task = FollowUp.select().where(FollowUp.action_id == row.id).first()
    cases = (linked_cases(AdvocacyCase.action == row.id, who)[0] if with_cases else ())
    if row.law_id is not None and not law_title:
        law_title = Law.select(Law.title).where(Law.id == row.law_id).scalar() or ""
    return ActionView(row.id, row.version, row.law_id, law_title, row.taken_on, row.kind,
                      row.institution, row.target_name, row.target_person, row.summary,
                      row.outcome, row.next_step, row.follow_up_on,
                      follow_up_view(task, "", names) if task is not None else None,
                      name_of(names, row.created_by_id), cases)


def law_view(row: Law, who: Actor) -> LawView:
    names = account_names()
    history = tuple(StageView(stage.id, stage.stage, stage.on, stage.evidence,
                              name_of(names, stage.recorded_by_id), stage.recorded_at)
                    for stage in LawStage.select().where(LawStage.law == row.id)
                    .order_by(LawStage.on, LawStage.id))
    rows = list(AdvocacyAction.select().where(AdvocacyAction.law == row.id)
                .order_by(AdvocacyAction.taken_on.desc(), AdvocacyAction.id.desc()))
    tasks = follow_ups([action.id for action in rows])
    actions = tuple(action_view(action, names, who, law_title=row.title, with_cases=False,
                                tasks=tasks) for action in rows)
    cases, hidden = linked_cases(AdvocacyCase.law == row.id, who)
    return LawView(row.id, row.version, row.office, row.title, row.kind, row.jurisdiction,
                   row.province_code, row.theme, tuple(row.standards.split()),
                   PRIORITY_NAME.get(row.priority, "normal"),
                   name_of(names, row.officer_id), row.stage, row.stage_on, row.note,
                   name_of(names, row.created_by_id), row.created_at,
                   name_of(names, row.updated_by_id), row.updated_at, history, actions,
                   cases, hidden)
