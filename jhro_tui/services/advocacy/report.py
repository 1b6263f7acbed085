"""``jhro report advocacy``: an office's advocacy for a period, as its supervisor reports
it: where each law stands, which moved in the period (from what to what, on what
evidence), the actions taken by kind and by institution, and the follow-ups of actions
overdue at the end of the period.

Counted by SQL (one GROUP BY per split, the previous stage of a move found through the
history's index); only the office's law titles, the period's moves and actions and the
overdue follow-ups are read as rows, as they are printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from jhro_tui.services import access
from jhro_tui.services.advocacy.forms import ACTION_KINDS, INSTITUTIONS, LAW_STAGES
from jhro_tui.services.advocacy.read import name_of
from jhro_tui.services.common import account_names
from jhro_tui.services.dates import today
from jhro_tui.services.detention.legal import day_start
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.session import Session
from jhro_tui.store.models import AdvocacyAction, FollowUp, Law, LawStage


@dataclass(frozen=True)
class StageLaws:
    """The office's laws at one stage now, the most urgent first."""

    stage: str
    laws: tuple[tuple[int, str], ...]
    """(id, title) of each."""

    @property
    def count(self) -> int:
        return len(self.laws)


@dataclass(frozen=True)
class StageChange:
    law_id: int
    title: str
    from_stage: str
    """"" for the first stage of a law recorded in the period."""
    to_stage: str
    on: dt.date
    evidence: str
    recorded_by: str


@dataclass(frozen=True)
class ActionLine:
    id: int
    law_id: int | None
    law_title: str
    taken_on: dt.date
    kind: str
    institution: str
    target_name: str
    target_person: str
    summary: str
    outcome: str


@dataclass(frozen=True)
class OverdueFollowUp:
    id: int
    action_id: int
    law_id: int | None
    law_title: str
    next_step: str
    due_on: dt.date
    assigned_to: str
    days_overdue: int


@dataclass(frozen=True)
class AdvocacyReport:
    office: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    """The day overdue follow-ups are counted at: the end of the period, or today if it
    ends later."""
    by_stage: tuple[StageLaws, ...]
    """Every stage, in the board's order, with the laws standing there now."""
    changes: tuple[StageChange, ...]
    by_kind: dict[str, int]
    """Actions of the period by kind: every kind, zero included."""
    by_institution: dict[str, int]
    actions: tuple[ActionLine, ...]
    overdue: tuple[OverdueFollowUp, ...]


def report(session: Session, start: dt.date, end: dt.date, *, office: str = ""
           ) -> AdvocacyReport:
    """The office's advocacy figures for a period (its supervisor only; audited)."""
    with access.unit(session) as audit:
        _who, office = access.report_office(session, "advocacy", office, start, end)
        names = account_names()
        as_of = min(end, today(session.settings))
        result = AdvocacyReport(
            office, start, end, as_of, _by_stage(office), _changes(office, start, end, names),
            _counted(AdvocacyAction.kind, office, start, end, ACTION_KINDS),
            _counted(AdvocacyAction.institution, office, start, end, INSTITUTIONS),
            _actions(office, start, end),
            _overdue(office, as_of, session.settings.zone, names))
        audit("report.advocacy", f"office:{office}", f"from={start} to={end}")
        return result


def _by_stage(office: str) -> tuple[StageLaws, ...]:
    found: dict[str, list[tuple[int, str]]] = {}
    for law_id, title, stage in tuples(
            Law.select(Law.id, Law.title, Law.stage).where(Law.office == office)
            .order_by(Law.stage, Law.priority.desc(), Law.title, Law.id)):
        found.setdefault(stage, []).append((law_id, title))
    return tuple(StageLaws(stage, tuple(found.get(stage, ()))) for stage in LAW_STAGES)


def _changes(office: str, start: dt.date, end: dt.date,
             names: dict[int, tuple[str, str]]) -> tuple[StageChange, ...]:
    """The moves dated in the period, each with the stage it left (through the index on
    law, day and id, one step back)."""
    before = LawStage.alias("before")
    previous = (before.select(before.stage)
                .where(before.law == LawStage.law,
                       (before.on < LawStage.on)
                       | ((before.on == LawStage.on) & (before.id < LawStage.id)))
                .order_by(before.on.desc(), before.id.desc()).limit(1))
    rows = tuples(LawStage.select(LawStage.law, Law.title, previous, LawStage.stage,
                                  LawStage.on, LawStage.evidence, LawStage.recorded_by)
                  .join(Law, on=(LawStage.law == Law.id))
                  .where(Law.office == office, LawStage.on.between(start, end))
                  .order_by(LawStage.on, LawStage.id))
    return tuple(StageChange(law_id, title, left or "", stage, _day(on), evidence,
                             name_of(names, recorded_by))
                 for law_id, title, left, stage, on, evidence, recorded_by in rows)


def _counted(column: object, office: str, start: dt.date, end: dt.date,
             codes: dict[str, str]) -> dict[str, int]:
    counts = dict(tuples(AdvocacyAction.select(column, fn.COUNT(AdvocacyAction.id))
                         .where(AdvocacyAction.office == office,
                                AdvocacyAction.taken_on.between(start, end))
                         .group_by(column)))
    return {code: int(counts.get(code, 0)) for code in codes}


def _actions(office: str, start: dt.date, end: dt.date) -> tuple[ActionLine, ...]:
    rows = tuples(AdvocacyAction.select(
        AdvocacyAction.id, AdvocacyAction.law, Law.title, AdvocacyAction.taken_on,
        AdvocacyAction.kind, AdvocacyAction.institution, AdvocacyAction.target_name,
        AdvocacyAction.target_person, AdvocacyAction.summary, AdvocacyAction.outcome)
        .join(Law, JOIN.LEFT_OUTER, on=(AdvocacyAction.law == Law.id))
        .where(AdvocacyAction.office == office, AdvocacyAction.taken_on.between(start, end))
        .order_by(AdvocacyAction.taken_on, AdvocacyAction.id))
    return tuple(ActionLine(action_id, law_id, title or "", _day(taken_on), *rest)
                 for action_id, law_id, title, taken_on, *rest in rows)


def _overdue(office: str, as_of: dt.date, zone: dt.tzinfo | None,
             names: dict[int, tuple[str, str]]) -> tuple[OverdueFollowUp, ...]:
    """Follow-ups of the office's actions due before ``as_of`` and not done by its end."""
    after = day_start(as_of + dt.timedelta(days=1), zone)
    rows = tuples(FollowUp.select(FollowUp.id, FollowUp.action_id, AdvocacyAction.law,
                                  Law.title, FollowUp.description, FollowUp.due_on,
                                  FollowUp.assigned_to)
                  .join(AdvocacyAction, on=(FollowUp.action_id == AdvocacyAction.id))
                  .join(Law, JOIN.LEFT_OUTER, on=(AdvocacyAction.law == Law.id))
                  .where(FollowUp.office == office, FollowUp.action_id.is_null(False),
                         FollowUp.due_on < as_of,
                         FollowUp.done_at.is_null() | (FollowUp.done_at >= after))
                  .order_by(FollowUp.due_on, FollowUp.id))
    return tuple(OverdueFollowUp(task_id, action_id, law_id, title or "", step, _day(due),
                                 name_of(names, assigned), (as_of - _day(due)).days)
                 for task_id, action_id, law_id, title, step, due, assigned in rows)


def _day(value: object) -> dt.date:
    """A date read as a tuple, which SQLite may give back as text."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
