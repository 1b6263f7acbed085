"""What the Justice screen, the home screen and ``jhro report justice`` show: lists and
counts over the proceedings an account may see, one query each, bounded lists."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, SQL, fn

from jhro_tui.services import access, forms
from jhro_tui.services.access import Actor
from jhro_tui.services.dates import today
from jhro_tui.services.justice.figures import nobody, outcome_counts, sessions_values
from jhro_tui.services.justice.read import proceeding_label, session_view
from jhro_tui.services.justice.unit import seen_by, tuples, visible_proceedings
from jhro_tui.services.justice.views import SessionView
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.services.session import Session
from jhro_tui.store.models import (
    Accused,
    MobileSession,
    Proceeding,
    Reparation,
    ReparationPayment,
)

LIST_LIMIT = 200
"""Longest list the screen shows; the count above it says how many there are."""
FINISHED = ("closed", "enforcement")
"""Stages after which no hearing is expected."""


@dataclass(frozen=True)
class ProceedingLine:
    id: int
    label: str
    stage: str
    stage_on: dt.date
    last_hearing_on: dt.date | None
    next_hearing_on: dt.date | None
    is_appeal: bool


@dataclass(frozen=True)
class ReparationLine:
    id: int
    proceeding_id: int
    proceeding_label: str
    accused_code: str
    amount: int
    currency: str
    paid: int
    ordered_on: dt.date


@dataclass(frozen=True)
class JusticeOverview:
    today: dt.date
    hearings: tuple[ProceedingLine, ...]
    """Hearings set for this week and next, soonest first."""
    by_stage: dict[str, int]
    quiet_days: int
    quiet: tuple[ProceedingLine, ...]
    """Proceedings still open with no hearing for ``quiet_days``, the longest first."""
    quiet_total: int
    unpaid: tuple[ReparationLine, ...]
    unpaid_total: int
    sessions: tuple[SessionView, ...]


def _scope(who: Actor) -> Any:
    return Proceeding.id.in_(visible_proceedings(who))


def _listed_scope(who: Actor) -> Any:
    """The proceedings ``who`` may see, found once: five lists then read them by id instead
    of checking visibility five times (90 ms, not 20, at 100,000 cases)."""
    ids = [proceeding_id for (proceeding_id,) in tuples(visible_proceedings(who).distinct())]
    # One JSON parameter, not one per id: building a query of thousands of parameters
    # took peewee longer than SQLite took to run it.
    return Proceeding.id.in_(SQL("(SELECT value FROM json_each(?))", [json.dumps(ids)]))


def _line(row: Proceeding, catalog: Catalog) -> ProceedingLine:
    return ProceedingLine(row.id, proceeding_label(row, catalog), row.stage, row.stage_on,
                          row.last_hearing_on, row.next_hearing_on,
                          row.appeal_of_id is not None)


def _quiet(scope: Any, day: dt.date, quiet_days: int) -> Any:
    since = day - dt.timedelta(days=quiet_days)
    return (scope & Proceeding.stage.not_in(FINISHED)
            & (fn.COALESCE(Proceeding.last_hearing_on, Proceeding.opened_on) < since)
            & (Proceeding.next_hearing_on.is_null() | (Proceeding.next_hearing_on < day)))


def overview(session: Session) -> JusticeOverview:
    """The Justice screen of the acting account."""
    with access.reading(session):
        who = access.case_actor(session, "justice.view")
        catalog, day = load_catalog(), today(session.settings)
        monday = day - dt.timedelta(days=day.weekday())
        horizon = monday + dt.timedelta(days=13)
        scope = _listed_scope(who)
        hearings = tuple(_line(row, catalog) for row in Proceeding.select().where(
            scope, Proceeding.next_hearing_on.between(day, horizon))
            .order_by(Proceeding.next_hearing_on, Proceeding.id).limit(LIST_LIMIT))
        by_stage = dict(tuples(Proceeding.select(Proceeding.stage, fn.COUNT(Proceeding.id))
                               .where(scope).group_by(Proceeding.stage)))
        quiet_days = session.settings.justice_quiet_days
        quiet_query = Proceeding.select().where(_quiet(scope, day, quiet_days))
        quiet = tuple(_line(row, catalog) for row in quiet_query.order_by(
            fn.COALESCE(Proceeding.last_hearing_on, Proceeding.opened_on), Proceeding.id)
            .limit(LIST_LIMIT))
        unpaid = _unpaid(scope, catalog)
        sessions = tuple(session_view(row, catalog) for row in MobileSession.select().where(
            MobileSession.office == who.office).order_by(MobileSession.start_on.desc())
            .limit(LIST_LIMIT))
        return JusticeOverview(day, hearings, {stage: by_stage.get(stage, 0)
                                               for stage in forms.PROCEEDING_STAGES},
                               quiet_days, quiet, quiet_query.count(), unpaid[:LIST_LIMIT],
                               len(unpaid), sessions)


def _unpaid(scope: Any, catalog: Catalog) -> tuple[ReparationLine, ...]:
    paid = (ReparationPayment.select(ReparationPayment.reparation,
                                     fn.SUM(ReparationPayment.amount).alias("paid"))
            .group_by(ReparationPayment.reparation).alias("paid"))
    rows = tuples(Reparation.select(Reparation.id, Reparation.proceeding, Reparation.amount,
                                    Reparation.currency, Reparation.ordered_on, Accused.code,
                                    fn.COALESCE(paid.c.paid, 0), Proceeding.docket,
                                    Proceeding.court_code)
                  .join(Accused, on=(Reparation.accused == Accused.id))
                  .join_from(Reparation, Proceeding, on=(Reparation.proceeding == Proceeding.id))
                  .join_from(Reparation, paid, join_type=JOIN.LEFT_OUTER,
                             on=(paid.c.reparation_id == Reparation.id))
                  .where(scope, fn.COALESCE(paid.c.paid, 0) < Reparation.amount)
                  .order_by(Reparation.ordered_on, Reparation.id))
    return tuple(ReparationLine(rid, pid, " ".join(p for p in (
        docket, catalog.label("court_type", court)) if p), code, amount, currency, int(done),
        ordered_on) for rid, pid, amount, currency, ordered_on, code, done, docket, court in rows)


@dataclass(frozen=True)
class JusticeHome:
    next_hearings: tuple[ProceedingLine, ...]
    """Officer: the next hearings of the proceedings of their cases."""
    overdue: int
    """Supervisor: proceedings whose next hearing has passed with nothing recorded, or
    with no hearing for ``quiet_days``."""


def home(who: Actor, day: dt.date, quiet_days: int, limit: int = 5) -> JusticeHome:
    """The justice lines of the home screen (inside the unit that reads the home).

    A supervisor's count is of the office's own proceedings (those opened from its cases,
    found by the office they keep, as its follow-ups are), not of every proceeding they
    may see: the home is what the office answers for."""
    if who.is_supervisor:
        office = Proceeding.office == who.office
        overdue = Proceeding.select().where(
            (office & Proceeding.stage.not_in(FINISHED) & (Proceeding.next_hearing_on < day))
            | _quiet(office, day, quiet_days)).count()
        return JusticeHome((), overdue)
    catalog = load_catalog()
    rows = Proceeding.select().where(Proceeding.next_hearing_on >= day, seen_by(who)).order_by(
        Proceeding.next_hearing_on, Proceeding.id).limit(limit)
    return JusticeHome(tuple(_line(row, catalog) for row in rows), 0)


# --- the report -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionFigures:
    session: SessionView
    values: dict[str, int]


@dataclass(frozen=True)
class JusticeReport:
    office: str
    start: dt.date
    end: dt.date
    by_stage: dict[str, int]
    """Proceedings opened by ``end``, by their current stage (unit: proceedings)."""
    judgments: dict[str, int]
    """Accused judged in the period, by outcome (unit: accused)."""
    convicted_sexual_violence: int
    ordered: dict[str, int]
    """Reparations ordered in the period, by currency (amounts)."""
    paid: dict[str, int]
    """Payments received in the period, by currency (amounts)."""
    sessions: tuple[SessionFigures, ...]


def report(session: Session, start: dt.date, end: dt.date, *, office: str = "",
           session_id: int | None = None) -> JusticeReport:
    """The office's court figures for a period (its supervisor only; audited)."""
    action = "report.justice"
    with access.unit(session) as audit:
        _who, office = access.report_office(session, "justice", office, start, end)
        catalog = load_catalog()
        mine = Proceeding.office == office
        by_stage = dict(tuples(Proceeding.select(Proceeding.stage, fn.COUNT(Proceeding.id))
                               .where(mine, Proceeding.opened_on <= end)
                               .group_by(Proceeding.stage)))
        judged = outcome_counts(Accused.proceeding.in_(
            Proceeding.select(Proceeding.id).where(mine))
            & Accused.judged_on.between(start, end), catalog).get(None, nobody())
        ordered = dict(tuples(Reparation.select(Reparation.currency, fn.SUM(Reparation.amount))
                              .join(Proceeding, on=(Reparation.proceeding == Proceeding.id))
                              .where(mine, Reparation.ordered_on.between(start, end))
                              .group_by(Reparation.currency)))
        paid = dict(tuples(ReparationPayment.select(Reparation.currency,
                                                    fn.SUM(ReparationPayment.amount))
                           .join(Reparation, on=(ReparationPayment.reparation == Reparation.id))
                           .join(Proceeding, on=(Reparation.proceeding == Proceeding.id))
                           .where(mine, ReparationPayment.paid_on.between(start, end))
                           .group_by(Reparation.currency)))
        sessions = MobileSession.select().where(MobileSession.office == office)
        if session_id is not None:
            sessions = sessions.where(MobileSession.id == session_id)
            if not sessions.exists():
                raise access.Denied(action, f"mobile_session:{session_id}", "not visible",
                                    access.NotAvailable())
        else:
            sessions = sessions.where(MobileSession.start_on <= end,
                                      MobileSession.end_on >= start)
        views = [session_view(row, catalog) for row in sessions.order_by(MobileSession.start_on)]
        values = sessions_values(views, catalog)
        figures = tuple(SessionFigures(view, values[view.id]) for view in views)
        audit(action, f"office:{office}", f"from={start} to={end}")
        return JusticeReport(office, start, end,
                             {stage: by_stage.get(stage, 0)
                              for stage in forms.PROCEEDING_STAGES},
                             judged.by_outcome, judged.sexual_violence, ordered, paid, figures)

