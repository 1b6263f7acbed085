"""What the Advocacy screen lists: the office's laws by stage (the board's columns, each
paged from the database through the index on office, stage and priority), the same laws
as one filtered list, and the actions of a period. Reads without the write lock; a page
names no case, so it is not audited (a law's page is)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from jhro_tui.services import access
from jhro_tui.services.advocacy.forms import LAW_STAGES
from jhro_tui.services.advocacy.read import action_view, follow_ups, name_of
from jhro_tui.services.advocacy.views import ActionView, LawLine, StageCount
from jhro_tui.services.common import account_names
from jhro_tui.services.dates import today
from jhro_tui.services.forms import PRIORITY_NAME, PRIORITY_RANK
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.office_records import office_sql
from jhro_tui.services.session import Session
from jhro_tui.services.views import LawOfCase
from jhro_tui.store.models import Account, AdvocacyAction, AdvocacyCase, FollowUp, Law


@dataclass(frozen=True)
class LawFilter:
    """What the list shows; empty fields do not filter."""

    stage: str = ""
    kind: str = ""
    jurisdiction: str = ""
    theme: str = ""
    priority: str = ""
    officer: str = ""
    """An account name: the laws it is responsible for."""
    text: str = ""
    """Words of the title, in any case and order."""
    overdue: bool = False
    """Only laws with a follow-up past its date."""


def _next_due(law: Any) -> Any:
    """The earliest open follow-up of a law's actions, read for the rows of a page only."""
    return (FollowUp.select(fn.MIN(FollowUp.due_on))
            .join(AdvocacyAction, on=(FollowUp.action_id == AdvocacyAction.id))
            .where(AdvocacyAction.law == law.id, FollowUp.done_at.is_null()))


def _where(filters: LawFilter, who: access.Actor, day: dt.date) -> list[Any]:
    conditions: list[Any] = [office_sql(Law.office, who)]
    for field in ("stage", "kind", "jurisdiction", "theme"):
        value = getattr(filters, field)
        if value:
            conditions.append(getattr(Law, field) == value)
    if filters.priority:
        conditions.append(Law.priority == PRIORITY_RANK.get(filters.priority, 0))
    if filters.officer:
        conditions.append(Law.officer == Account.select(Account.id).where(
            Account.name == filters.officer))
    for word in filters.text.split():
        # The words as typed, not a LIKE pattern: % and _ match only themselves.
        conditions.append(fn.instr(fn.lower(Law.title), word.lower()) > 0)
    if filters.overdue:
        conditions.append(fn.EXISTS(
            FollowUp.select(FollowUp.id)
            .join(AdvocacyAction, on=(FollowUp.action_id == AdvocacyAction.id))
            .where(AdvocacyAction.law == Law.id, FollowUp.done_at.is_null(),
                   FollowUp.due_on < day)))
    return conditions


def stage_counts(session: Session, filters: LawFilter = LawFilter()) -> tuple[StageCount, ...]:
    """How many of the office's laws stand at each stage (every stage, in board order)."""
    with access.reading(session):
        who = access.case_actor(session, "law.list")
        return _counts(who, filters, today(session.settings))


def _counts(who: access.Actor, filters: LawFilter, day: dt.date) -> tuple[StageCount, ...]:
    counts = dict(tuples(Law.select(Law.stage, fn.COUNT(Law.id))
                         .where(*_where(filters, who, day)).group_by(Law.stage)))
    return tuple(StageCount(stage, counts.get(stage, 0)) for stage in LAW_STAGES)


def first_pages(session: Session, limit: int
                ) -> tuple[tuple[StageCount, ...], tuple[tuple[str, tuple[LawLine, ...]], ...]]:
    """The board as it opens, read in one snapshot (a column's count and its rows cannot
    disagree): every stage's count, and the first ``limit`` laws of each that has some."""
    with access.reading(session):
        who = access.case_actor(session, "law.list")
        day = today(session.settings)
        counts = _counts(who, LawFilter(), day)
        names = account_names()
        return counts, tuple((count.stage, _page(who, LawFilter(stage=count.stage), day, 0,
                                                 limit, names))
                             for count in counts if count.laws)


def count_laws(session: Session, filters: LawFilter = LawFilter()) -> int:
    with access.reading(session):
        who = access.case_actor(session, "law.list")
        return int(Law.select(fn.COUNT(Law.id))
                   .where(*_where(filters, who, today(session.settings))).scalar() or 0)


def laws_page(session: Session, filters: LawFilter, offset: int, limit: int
              ) -> tuple[LawLine, ...]:
    """One page of the office's laws: the most urgent first, then the latest moved."""
    with access.reading(session):
        who = access.case_actor(session, "law.list")
        return _page(who, filters, today(session.settings), offset, limit, account_names())


def _page(who: access.Actor, filters: LawFilter, day: dt.date, offset: int, limit: int,
          names: dict[int, tuple[str, str]]) -> tuple[LawLine, ...]:
    rows = tuples(Law.select(Law.id, Law.title, Law.kind, Law.jurisdiction,
                             Law.province_code, Law.theme, Law.priority, Law.stage,
                             Law.stage_on, Law.officer, _next_due(Law))
                  .where(*_where(filters, who, day))
                  .order_by(Law.priority.desc(), Law.stage_on.desc(), Law.id.desc())
                  .offset(offset).limit(limit))
    return tuple(LawLine(row_id, title, kind, jurisdiction, province, theme,
                         PRIORITY_NAME.get(priority, "normal"), stage, stage_on,
                         name_of(names, officer), _day(next_due))
                 for row_id, title, kind, jurisdiction, province, theme, priority, stage,
                 stage_on, officer, next_due in rows)


def _day(value: Any) -> dt.date | None:
    """A date read through an aggregate, which SQLite gives back as text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def count_actions(session: Session, start: dt.date, end: dt.date,
                  law_id: int | None = None) -> int:
    with access.reading(session):
        who = access.case_actor(session, "advocacy_action.list")
        return int(_actions(who, start, end, law_id).select(fn.COUNT(AdvocacyAction.id))
                   .scalar() or 0)


def actions_page(session: Session, start: dt.date, end: dt.date, offset: int, limit: int,
                 law_id: int | None = None) -> tuple[ActionView, ...]:
    """The office's actions taken from ``start`` to ``end`` (of one law, if given), the
    latest first."""
    with access.reading(session):
        who = access.case_actor(session, "advocacy_action.list")
        names = account_names()
        rows = list(_actions(who, start, end, law_id)
                    .select(AdvocacyAction, Law.title.alias("law_title"))
                    .join(Law, JOIN.LEFT_OUTER, on=(AdvocacyAction.law == Law.id))
                    .order_by(AdvocacyAction.taken_on.desc(), AdvocacyAction.id.desc())
                    .offset(offset).limit(limit).objects())
        tasks = follow_ups([row.id for row in rows])
        return tuple(action_view(row, names, who, law_title=row.law_title or "",
                                 with_cases=False, tasks=tasks) for row in rows)


def _actions(who: access.Actor, start: dt.date, end: dt.date, law_id: int | None) -> Any:
    conditions = [office_sql(AdvocacyAction.office, who),
                  AdvocacyAction.taken_on.between(start, end)]
    if law_id is not None:
        conditions.append(AdvocacyAction.law == law_id)
    return AdvocacyAction.select().where(*conditions)


def laws_of_case(case_id: int, who: access.Actor) -> tuple[LawOfCase, ...]:
    """The laws of ``who``'s office a case illustrates (for its case file, which has
    checked that ``who`` may see the case)."""
    return tuple(LawOfCase(law_id, title, stage, stage_on)
                 for law_id, title, stage, stage_on in tuples(
                     Law.select(Law.id, Law.title, Law.stage, Law.stage_on).distinct()
                     .join(AdvocacyCase, on=(AdvocacyCase.law == Law.id))
                     .where(AdvocacyCase.case == case_id, office_sql(Law.office, who))
                     .order_by(Law.title)))
