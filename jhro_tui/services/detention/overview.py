"""What the Detention screen, the home line and ``jhro report detention`` count.

"Held past the limit now" comes from the columns each detainee row keeps
(``lawful_until``, worked out from the timeline on every change): one indexed query per
figure, no timeline read into Python. A date in the past is another matter (the facts
known then, not those recorded since): the report works it out with ``legal.assess`` for
the detainees held on that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from peewee import SQL, fn

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access, forms
from jhro_tui.services.access import Actor
from jhro_tui.services.detention import legal
from jhro_tui.services.detention.read import (
    ROW_COLUMNS,
    detainee_row,
    facility_view,
    on_clock,
)
from jhro_tui.services.detention.unit import limits, office_sql
from jhro_tui.services.detention.views import Count, DetaineeRow, FacilityView
from jhro_tui.services.justice.read import session_view
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.justice.views import SessionView
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.store.models import (
    Detainee,
    DetentionStep,
    DetentionVisit,
    Facility,
    MobileSession,
    utc_now,
)

LIST_LIMIT = 200
"""Rows a list of the screen shows; its count says how many there are in all."""


@dataclass(frozen=True)
class VisitLine:
    id: int
    facility_id: int
    facility_name: str
    visited_on: dt.date
    access: str
    headcount: int | None
    case_id: int | None


@dataclass(frozen=True)
class DetentionOverview:
    office: str
    now: dt.datetime
    start: dt.date
    end: dt.date
    facilities: tuple[FacilityView, ...]
    held: int
    past_limit: tuple[DetaineeRow, ...]
    """Held past the legal limit now and not overridden, the longest over first."""
    past_limit_total: int
    visits: tuple[VisitLine, ...]
    """Visits in the period, the latest first."""
    visits_total: int
    refused: int
    releases: tuple[Count, ...]
    """Releases in the period by basis (unit: detainees)."""
    released_by_sessions: int


def _flagged(now: dt.datetime) -> Any:
    """Held, past the kept limit at ``now``, and not overridden by an officer."""
    return (Detainee.released_at.is_null() & (Detainee.lawful_until <= now)
            & (Detainee.review != "overridden"))


def _period(start: dt.date | None, end: dt.date | None, day: dt.date
            ) -> tuple[dt.date, dt.date]:
    end = end or day
    start = start or end - dt.timedelta(days=29)
    if end < start:
        raise ValidationError("to", N_("The end ({end}) is before the start ({start})."),
                              end=end, start=start)
    return start, end


def releases_by_basis(who_office: Any, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    return {basis: int(count) for basis, count in tuples(
        DetentionStep.select(DetentionStep.basis, fn.COUNT(DetentionStep.id))
        .join(Detainee, on=(DetentionStep.detainee == Detainee.id))
        .where(who_office, Detainee.released_at.between(start, end),
               DetentionStep.kind == legal.RELEASE)
        .group_by(DetentionStep.basis))}


def instants(start: dt.date, end: dt.date, zone: dt.tzinfo | None
              ) -> tuple[dt.datetime, dt.datetime]:
    """A period of office days as UTC instants, the end day included."""
    return (legal.day_start(start, zone),
            legal.day_start(end + dt.timedelta(days=1), zone) - dt.timedelta(microseconds=1))


def overview(session: Session, start: dt.date | None = None, end: dt.date | None = None
             ) -> DetentionOverview:
    """The Detention screen: the office's facilities with their headcounts, who is held
    past the legal limit now, the visits and releases of a period (the last 30 days by
    default). Audited as a view."""
    action = "detention.view"
    with access.unit(session) as audit:
        who = access.case_actor(session, action, "detention")
        now = utc_now()
        zone = session.settings.zone
        start, end = _period(start, end, legal.local_day(now, zone))
        catalog = load_catalog()
        mine = office_sql(Detainee.office, who)
        held = {facility: (int(count), int(over or 0)) for facility, count, over in tuples(
            Detainee.select(Detainee.facility, fn.COUNT(Detainee.id),
                            fn.SUM(_flagged(now)))
            .where(mine, Detainee.released_at.is_null()).group_by(Detainee.facility))}
        last_visits = dict(tuples(
            DetentionVisit.select(DetentionVisit.facility, fn.MAX(DetentionVisit.visited_on))
            .where(office_sql(DetentionVisit.office, who)).group_by(DetentionVisit.facility)))
        facilities = tuple(
            facility_view(row, catalog, *held.get(row.id, (0, 0)), last_visits.get(row.id))
            for row in Facility.select().where(office_sql(Facility.office, who))
            .order_by(Facility.name, Facility.id))
        flagged = (Detainee.select(*ROW_COLUMNS)
                   .join(Facility, on=(Detainee.facility == Facility.id))
                   .where(mine, _flagged(now)))
        past = tuple(detainee_row(values, now, zone) for values in tuples(
            flagged.order_by(Detainee.lawful_until, Detainee.id).limit(LIST_LIMIT)))
        past_total = sum(over for _count, over in held.values())
        visits_query = DetentionVisit.select(
            DetentionVisit.id, DetentionVisit.facility, Facility.name,
            DetentionVisit.visited_on, DetentionVisit.access, DetentionVisit.men,
            DetentionVisit.women, DetentionVisit.boys, DetentionVisit.girls,
            DetentionVisit.case).join(Facility, on=(DetentionVisit.facility == Facility.id)
                                      ).where(office_sql(DetentionVisit.office, who),
                                              DetentionVisit.visited_on.between(start, end))
        visits = tuple(VisitLine(row_id, facility_id, name, on, access_given,
                                 _headcount(men, women, boys, girls), case_id)
                       for row_id, facility_id, name, on, access_given, men, women, boys,
                       girls, case_id in tuples(visits_query.order_by(
                           DetentionVisit.visited_on.desc(), DetentionVisit.id.desc())
                           .limit(LIST_LIMIT)))
        totals = tuples(DetentionVisit.select(
            fn.COUNT(DetentionVisit.id),
            fn.SUM(DetentionVisit.access == "refused")).where(
                office_sql(DetentionVisit.office, who),
                DetentionVisit.visited_on.between(start, end)))[0]
        first, last = instants(start, end, zone)
        releases = releases_by_basis(mine, first, last)
        # COUNT of the column, not a condition on it: a condition made SQLite walk every
        # release by a session ever recorded (through its index) instead of the office's
        # releases of the period.
        by_sessions = int(DetentionStep.select(fn.COUNT(DetentionStep.session)).join(
            Detainee, on=(DetentionStep.detainee == Detainee.id)).where(
                mine, Detainee.released_at.between(first, last),
                DetentionStep.kind == legal.RELEASE).scalar() or 0)
        audit(action, "detention", f"from={start} to={end}")
        return DetentionOverview(
            who.office, now, start, end, facilities, sum(c for c, _o in held.values()), past,
            past_total, visits, int(totals[0] or 0), int(totals[1] or 0),
            tuple(Count(code, label, releases.get(code, 0))
                  for code, label in forms.DETENTION_RELEASE_BASES.items()),
            by_sessions)


def _headcount(*counts: int | None) -> int | None:
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def past_limit_page(session: Session, offset: int, limit: int = LIST_LIMIT
                    ) -> tuple[DetaineeRow, ...]:
    """A further page of the detainees held past the limit (read only, no audit row: the
    screen that asks was audited when opened)."""
    with access.reading(session):
        who = access.case_actor(session, "detention.page", "detention")
        now = utc_now()
        return tuple(detainee_row(values, now, session.settings.zone) for values in tuples(
            Detainee.select(*ROW_COLUMNS).join(Facility, on=(Detainee.facility == Facility.id))
            .where(office_sql(Detainee.office, who), _flagged(now))
            .order_by(Detainee.lawful_until, Detainee.id).offset(offset).limit(limit)))


def held_past_limit(who: Actor, now: dt.datetime) -> int:
    """The home line: held past the legal limit in the account's office now (inside the
    unit that reads the home)."""
    return int(Detainee.select(fn.COUNT(Detainee.id))
               .where(office_sql(Detainee.office, who), _flagged(now)).scalar() or 0)


# --- the report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FacilityFigures:
    facility: FacilityView
    held: int
    past_limit: int
    """Held past the legal limit at the end of the period (and not overridden)."""


@dataclass(frozen=True)
class SessionReleases:
    session: SessionView
    released: int


@dataclass(frozen=True)
class DetentionReport:
    office: str
    start: dt.date
    end: dt.date
    visits: dict[str, int]
    """Visits in the period by access given (unit: visits)."""
    by_facility: tuple[FacilityFigures, ...]
    releases: dict[str, int]
    """Releases in the period by basis (unit: detainees)."""
    sessions: tuple[SessionReleases, ...]
    """Detainees released in the period by each mobile court session."""

    @property
    def access_refused(self) -> int:
        return self.visits.get("refused", 0)


def report(session: Session, start: dt.date, end: dt.date, *, office: str = ""
           ) -> DetentionReport:
    """The office's detention figures for a period (its supervisor only; audited). Who is
    held past the limit is counted as at the end of the period, from the facts known
    then."""
    with access.unit(session) as audit:
        _who, office = access.report_office(session, "detention", office, start, end)
        zone = session.settings.zone
        catalog = load_catalog()
        bands = limits(catalog, session)
        first, last = instants(start, end, zone)
        moment = min(last, utc_now())
        visits = dict(tuples(DetentionVisit.select(DetentionVisit.access,
                                                   fn.COUNT(DetentionVisit.id))
                             .where(DetentionVisit.office == office,
                                    DetentionVisit.visited_on.between(start, end))
                             .group_by(DetentionVisit.access)))
        counted = held_at(office, moment, bands, zone)
        facilities = tuple(
            FacilityFigures(facility_view(row, catalog), *counted.get(row.id, (0, 0)))
            for row in Facility.select().where(Facility.office == office)
            .order_by(Facility.name, Facility.id))
        mine = Detainee.office == office
        releases = releases_by_basis(mine, first, last)
        # Sessions kept after grouping, not as a condition: with it SQLite walked every
        # release by a session ever recorded, through its index (200 ms at 20,000
        # detainees), instead of the office's releases of the period.
        per_session = {session_id: count for session_id, count in tuples(
            DetentionStep.select(DetentionStep.session, fn.COUNT(DetentionStep.id))
            .join(Detainee, on=(DetentionStep.detainee == Detainee.id))
            .where(mine, DetentionStep.kind == legal.RELEASE,
                   Detainee.released_at.between(first, last))
            .group_by(DetentionStep.session)) if session_id is not None}
        sessions = tuple(SessionReleases(session_view(row, catalog), per_session[row.id])
                         for row in MobileSession.select().where(
                             MobileSession.id.in_(list(per_session)))
                         .order_by(MobileSession.start_on, MobileSession.id))
        audit("report.detention", f"office:{office}", f"from={start} to={end}")
        return DetentionReport(office, start, end,
                               {code: int(visits.get(code, 0)) for code in forms.VISIT_ACCESS},
                               facilities,
                               {code: releases.get(code, 0)
                                for code in forms.DETENTION_RELEASE_BASES}, sessions)


def held_at(office: str, moment: dt.datetime, bands: legal.Limits, zone: dt.tzinfo | None
             ) -> dict[int, tuple[int, int]]:
    """Per facility, the detainees held at ``moment`` and those of them past the limit,
    from the facts known then. Now (or later), the kept columns answer; before, each
    timeline is assessed as it stood."""
    now = utc_now()
    held_then = ((Detainee.office == office) & (Detainee.arrested_at <= moment)
                 & (Detainee.released_at.is_null() | (Detainee.released_at > moment)))
    if moment >= now - dt.timedelta(seconds=1):
        return {facility: (int(count), int(over or 0)) for facility, count, over in tuples(
            Detainee.select(Detainee.facility, fn.COUNT(Detainee.id), fn.SUM(_flagged(now)))
            .where(held_then).group_by(Detainee.facility))}
    # A timeline with no fact after ``moment`` stood then as it stands now, and its kept
    # columns are valid for any instant after its last fact (the property test of
    # ``detainees.restate``): one GROUP BY counts those. Only the others are assessed again
    # from the facts known then.
    later = DetentionStep.select(SQL("1")).where(DetentionStep.detainee == Detainee.id,
                                                 DetentionStep.at > moment)
    placed_step = DetentionStep.select(SQL("1")).where(
        DetentionStep.detainee == Detainee.id, DetentionStep.facility.is_null(False),
        DetentionStep.kind.in_((legal.ARREST, legal.TRANSFER)))
    counted: dict[int, tuple[int, int]] = {
        facility: (int(count), int(over or 0)) for facility, count, over in tuples(
            Detainee.select(Detainee.facility, fn.COUNT(Detainee.id),
                            fn.SUM((Detainee.lawful_until <= moment)
                                   & (Detainee.review != "overridden")))
            .where(held_then, ~fn.EXISTS(later), fn.EXISTS(placed_step))
            .group_by(Detainee.facility))}
    # One query for every step known then, as tuples in each timeline's order: the
    # detainee screen's order (at, id), and no model instance per step.
    steps = tuples(
        DetentionStep.select(DetentionStep.detainee, DetentionStep.kind, DetentionStep.at,
                             DetentionStep.months, DetentionStep.verdict,
                             DetentionStep.facility, Detainee.penalty, Detainee.review)
        .join(Detainee, on=(DetentionStep.detainee == Detainee.id))
        .where(held_then, fn.EXISTS(later), DetentionStep.at <= moment)
        .order_by(DetentionStep.detainee, DetentionStep.at, DetentionStep.id))
    for _detainee, timeline in groupby(steps, key=itemgetter(0)):
        known = list(timeline)
        placed = [facility for _id, kind, _at, _months, _verdict, facility, _penalty, _review
                  in known if kind in (legal.ARREST, legal.TRANSFER) and facility]
        if not placed:
            continue
        penalty, review = known[0][6], known[0][7]
        state = legal.assess([legal.Step(kind, at, months, verdict)
                              for _id, kind, at, months, verdict, *_rest in known],
                             bands, penalty, moment, zone)
        count, over = counted.get(placed[-1], (0, 0))
        counted[placed[-1]] = (count + 1, over + (state.past_limit and review != "overridden"))
    return counted


__all__ = ["DetentionOverview", "DetentionReport", "held_past_limit", "on_clock",
           "overview", "past_limit_page", "report"]
