"""Rows into views: labels from the catalog, times on the office's clock, names masked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from jhro_tui.services.common import account_names
from jhro_tui.services.detail import follow_up_view
from jhro_tui.services.detention import legal
from jhro_tui.services.detention.legal import Limits, Step
from jhro_tui.services.detention.views import (
    DetaineeRow,
    DetaineeView,
    FacilityView,
    StepView,
    VisitView,
)
from jhro_tui.services.justice.read import session_view
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.reference import Catalog
from jhro_tui.store.models import (
    Case,
    Detainee,
    DetentionStep,
    DetentionVisit,
    Facility,
    FollowUp,
    MobileSession,
    VisitOfficer,
)

Names = dict[int, tuple[str, str]]


def on_clock(instant: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """A UTC instant on the office's clock (naive, for display)."""
    return instant.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)


def facility_view(row: Facility, catalog: Catalog, held: int = 0, past_limit: int = 0,
                  last_visit_on: dt.date | None = None) -> FacilityView:
    return FacilityView(row.id, row.office, row.name, row.kind, row.province_code,
                        catalog.label("province", row.province_code), row.territory_code,
                        catalog.label("territory", row.territory_code), row.locality,
                        row.authority, row.capacity, row.note, row.version, held,
                        past_limit, last_visit_on)


def visit_view(row: DetentionVisit, names: Names, *, with_follow_ups: bool = False
               ) -> VisitView:
    officers = tuple(sorted(names.get(account_id, ("", ""))[0]
                            for account_id in visitors(row.id)))
    facility = Facility.get_by_id(row.facility_id)
    reference = ""
    if row.case_id is not None:
        reference = Case.select(Case.reference).where(Case.id == row.case_id).scalar() or ""
    follow_ups: tuple[Any, ...] = ()
    if with_follow_ups:
        follow_ups = tuple(follow_up_view(task, "", names) for task in FollowUp.select().where(
            FollowUp.visit_id == row.id).order_by(FollowUp.due_on, FollowUp.id))
    return VisitView(row.id, row.facility_id, facility.name, row.office, row.visited_on,
                     row.access, officers, row.men, row.women, row.boys, row.girls,
                     tuple(row.conditions.split()), row.notes, row.case_id, reference,
                     row.version, follow_ups)


def visitors(visit_id: int) -> list[int]:
    """The accounts of a visit's officers."""
    return [int(row[0]) for row in tuples(VisitOfficer.select(VisitOfficer.account)
                                          .where(VisitOfficer.visit == visit_id))]


def steps_of(detainee_id: int) -> list[DetentionStep]:
    return list(DetentionStep.select().where(DetentionStep.detainee == detainee_id)
                .order_by(DetentionStep.at, DetentionStep.id))


def facts(rows: Iterable[DetentionStep]) -> list[Step]:
    return [Step(row.kind, row.at, row.months, row.verdict) for row in rows]


def step_view(row: DetentionStep, names: Names, catalog: Catalog, zone: dt.tzinfo | None
              ) -> StepView:
    facility_name = ""
    if row.facility_id is not None:
        facility_name = Facility.select(Facility.name).where(
            Facility.id == row.facility_id).scalar() or ""
    session_label = ""
    if row.session_id is not None:
        held = MobileSession.get_or_none(MobileSession.id == row.session_id)
        session_label = session_view(held, catalog).label if held else ""
    return StepView(row.id, row.detainee_id, row.kind, row.at, on_clock(row.at, zone),
                    row.timed, row.months, row.verdict, row.facility_id, facility_name,
                    row.proceeding_id, row.basis, row.session_id, session_label, row.note,
                    names.get(row.created_by_id, ("", ""))[0], row.version)


def detainee_view(row: Detainee, catalog: Catalog, limits: Limits, zone: dt.tzinfo | None,
                  now: dt.datetime, *, identity: bool, reveal: bool) -> DetaineeView:
    names = account_names()
    rows = steps_of(row.id)
    assessment = legal.assess(facts(rows), limits, row.penalty, now, zone)
    reference = ""
    if row.case_id is not None:
        reference = Case.select(Case.reference).where(Case.id == row.case_id).scalar() or ""
    facility = Facility.get_by_id(row.facility_id)
    return DetaineeView(
        row.id, row.office, row.code, row.name if identity and reveal else "",
        not identity, identity and bool(row.name), row.sex, row.age_group, row.facility_id,
        facility.name,
        names.get(row.officer_id, ("", ""))[0], row.case_id, reference, row.penalty,
        catalog.label("detention_limit", row.penalty) if row.penalty else "",
        row.arrested_at, row.released_at, assessment, row.review, row.review_reason,
        names.get(row.review_by_id, ("", ""))[0] if row.review_by_id else "",
        row.review_at, tuple(step_view(step, names, catalog, zone) for step in rows),
        row.version)


ROW_COLUMNS = (Detainee.id, Detainee.code, Detainee.facility, Facility.name, Detainee.sex,
               Detainee.age_group, Detainee.arrested_at, Detainee.released_at,
               Detainee.lawful_until, Detainee.lapsed_step, Detainee.review)


def detainee_row(values: tuple[Any, ...], now: dt.datetime, zone: dt.tzinfo | None
                 ) -> DetaineeRow:
    """A list's row, its flag from the kept ``lawful_until`` (valid after the last fact,
    which ``legal.standing`` guarantees)."""
    (row_id, code, facility_id, facility_name, sex, age_group, arrested_at, released_at,
     lawful_until, lapsed_step, review) = values
    over = dt.timedelta(0)
    over_days = 0
    if released_at is None and lawful_until is not None and lawful_until <= now:
        over = now - lawful_until
        over_days = (legal.local_day(now, zone) - legal.local_day(lawful_until, zone)).days + 1
    return DetaineeRow(row_id, code, facility_id, facility_name, sex, age_group, arrested_at,
                       released_at, lawful_until, lapsed_step, review, over, over_days)
