"""The start screen of an officer or supervisor: their open cases, cases to validate,
follow-ups and protection reviews due, their next court dates, and a supervisor's
caseload of the office."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Iterable
from typing import Any, cast

from peewee import SQL, fn

from jhro_tui.services import access
from jhro_tui.services.common import account_names
from jhro_tui.services.dates import today
from jhro_tui.services.detention.overview import held_past_limit
from jhro_tui.services.forms import STATUSES
from jhro_tui.services.justice import overview as justice_overview
from jhro_tui.services.listing import summaries
from jhro_tui.services.review import QUEUE_ORDER
from jhro_tui.services.session import Session
from jhro_tui.services.views import (
    Caseload,
    CaseloadRow,
    CaseSummary,
    FollowUpView,
    HomeSummary,
    NextHearing,
    ProtectionReview,
)
from jhro_tui.store.models import Account, Case, FollowUp, Victim, utc_now

CASELOAD_STATUSES = tuple(STATUSES)
"""The caseload's columns: every status, in workflow order."""


def home_summary(session: Session, *, limit: int = 20, horizon_days: int = 7) -> HomeSummary:
    """My open cases, cases to validate (supervisor: the oldest submission first, the
    review queue's order), follow-ups overdue or due within ``horizon_days`` (an
    officer's own; a supervisor's, and those of every case of the office), protection
    reviews overdue or due within ``horizon_days``, and a supervisor's caseload."""
    with access.working(session, "home.view") as work:
        who = work.who
        visibility = access.Visibility(who)
        day = today(session.settings)
        horizon = day + dt.timedelta(days=horizon_days)
        mine = [Case.officer == who.id, Case.status != "closed"]
        open_cases = summaries(mine, limit)
        open_count = Case.select().where(*mine).count()
        to_validate: list[CaseSummary] = []
        to_validate_count = 0
        if visibility.office:
            waiting = [Case.office == visibility.office, Case.status == "submitted"]
            to_validate = summaries(waiting, limit, order=QUEUE_ORDER)
            to_validate_count = Case.select().where(*waiting).count()
        overdue, due, overdue_count, due_count = _follow_ups_due(visibility, day, horizon,
                                                                 limit)
        # Driven by the review-date index, earliest first; each victim's case is checked by a
        # correlated subquery, which (unlike a join) never makes SQLite scan every case.
        # Reviews of the cases ``who`` answers for: assigned or of their office, not shared.
        scoped = Case.alias()
        in_scope = scoped.select(
            (scoped.status != "closed") & visibility.sql(scoped, shared=False)).where(
            scoped.id == Victim.case)
        reference = scoped.select(scoped.reference).where(scoped.id == Victim.case)
        reviews = tuple(
            ProtectionReview(victim_id, code, case_id, case_reference, level, review_on)
            for victim_id, code, case_id, case_reference, level, review_on in cast(
                "Iterable[tuple[int, str, int, str, str, dt.date]]",
                Victim.select(Victim.id, Victim.code, Victim.case, reference, Victim.risk_level,
                              Victim.risk_review_on)
                .where(Victim.risk_review_on <= horizon, Victim.risk_level != "none", in_scope)
                .order_by(Victim.risk_review_on, Victim.id).limit(limit).tuples()))
        justice = justice_overview.home(who, day, session.settings.justice_quiet_days)
        load = caseload(visibility.office, day) if visibility.office else None
        work.audit("home.view")
    return HomeSummary(tuple(open_cases), open_count, tuple(to_validate), to_validate_count,
                       due, overdue, reviews, day, due_count, overdue_count,
                       tuple(NextHearing(line.id, line.label, line.next_hearing_on)
                             for line in justice.next_hearings if line.next_hearing_on),
                       justice.overdue, held_past_limit(who, utc_now()), load)


def caseload(office: str, day: dt.date) -> Caseload:
    """Who carries what in ``office``: its active officers' cases by status (one GROUP
    BY over the office's cases, none read), the cases no active officer of the office
    holds (``listing.unassigned``: the same rule, applied to the groups), and each
    officer's late cases: those with an open follow-up of theirs due before ``day``.

    Every figure is what the case list finds with the filters the home gives it
    (officer, status and office; unassigned; follow-ups of an officer due before the day).
    """
    officers = list(cast("Iterable[tuple[int, str, str]]", Account.select(
        Account.id, Account.name, Account.full_name).where(
        Account.active, Account.role == "officer", Account.office == office)
        .order_by(Account.name).tuples()))
    column = {status: number for number, status in enumerate(CASELOAD_STATUSES)}
    held = {account_id: [0] * len(column) for account_id, _name, _full in officers}
    nobody = [0] * len(column)
    for officer_id, status, count in cast("Iterable[tuple[int, str, int]]", Case.select(
            Case.officer, Case.status, fn.COUNT(Case.id)).where(Case.office == office)
            .group_by(Case.officer, Case.status).tuples()):
        held.get(officer_id, nobody)[column[status]] += count
    late = dict(cast("Iterable[tuple[int, int]]", FollowUp.select(
        FollowUp.assigned_to, fn.COUNT(FollowUp.case.distinct())).where(
        FollowUp.office == office, FollowUp.done_at.is_null(), FollowUp.case.is_null(False),
        # Grouped by ``+assigned_to``: grouped plainly, SQLite skip-scanned the account index
        # to avoid a sort (110 ms for Goma at 100,000 cases) where the office's open
        # follow-ups are found by their own index (5 ms).
        FollowUp.due_on < day).group_by(access.not_driving(FollowUp.assigned_to)).tuples()))
    return Caseload(office, tuple(
        CaseloadRow(name, full_name, tuple(held[account_id]), late.get(account_id, 0))
        for account_id, name, full_name in officers), CaseloadRow("", "", tuple(nobody), 0),
        day)


def _follow_ups_due(visibility: access.Visibility, day: dt.date, horizon: dt.date,
                    limit: int
                    ) -> tuple[tuple[FollowUpView, ...], tuple[FollowUpView, ...], int, int]:
    """Open follow-ups due by ``horizon``: the earliest ``limit`` overdue, the earliest
    ``limit`` due from ``day``, and how many of each.

    An officer's are those they do, on cases they may see: joined to their case, so SQLite
    walks the account's open follow-ups and reads each one's case ("case IN the cases they
    may see" walked thousands of cases: 40 ms for 1,100 follow-ups at 100,000 cases,
    against 0.8 ms). A supervisor's are every one of the office's cases, found by the
    office each follow-up keeps (its index, migration 0007, gives them in order without
    reading a case), and their own of other offices, by the account's index: one query
    each, since an OR of the two made SQLite scan one index whole (50 ms). The overdue
    page is bounded by ``day`` alone: the horizon beside it, redundant, led SQLite to a
    skip-scan of the wrong index (48 ms against 0.1 ms).
    """
    open_by = [FollowUp.done_at.is_null()]
    columns = (FollowUp.id, FollowUp.case, FollowUp.description, FollowUp.due_on,
               FollowUp.assigned_to, FollowUp.done_at, FollowUp.done_by, FollowUp.version,
               FollowUp.visit_id, FollowUp.action_id)
    who = visibility.who
    if visibility.office:
        # The reference by a correlated subquery, read for the rows of the page only: a
        # join made SQLite read every matching case before sorting them.
        scoped = Case.alias()
        reference = scoped.select(scoped.reference).where(scoped.id == FollowUp.case)
        scopes = [
            FollowUp.select(*columns, reference).where(
                *open_by, FollowUp.office == visibility.office),
            # A follow-up is given only to whom may work on its case.
            FollowUp.select(*columns, reference).where(
                *open_by, FollowUp.assigned_to == who.id,
                FollowUp.office != visibility.office)]
    else:
        scopes = [FollowUp.select(*columns, Case.reference)
                  .join(Case, on=(FollowUp.case == Case.id))
                  .where(*open_by, FollowUp.assigned_to == who.id, visibility.sql()),
                  # A detention visit's or an advocacy action's follow-ups have no case:
                  # the office's facilities and laws are the officer's to follow.
                  FollowUp.select(*columns, SQL("''")).where(
                      *open_by, FollowUp.assigned_to == who.id, FollowUp.case.is_null(),
                      FollowUp.office == who.office)]
    overdue_count = due_count = 0
    for found in scopes:
        overdue, total = cast("tuple[int | None, int]", found.select(
            fn.SUM(FollowUp.due_on < day), fn.COUNT(FollowUp.id))
            .where(FollowUp.due_on <= horizon).tuples().get())
        overdue_count += overdue or 0
        due_count += total - (overdue or 0)
    names = account_names()
    pages = []
    for when in (FollowUp.due_on < day, FollowUp.due_on.between(day, horizon)):
        rows = heapq.merge(*(cast("Iterable[tuple[Any, ...]]", found.where(when).order_by(
            FollowUp.due_on, FollowUp.id).limit(limit).tuples()) for found in scopes),
            key=lambda row: (row[3], row[0]))
        pages.append(tuple(
            FollowUpView(row_id, case_id, reference or "", description, due_on,
                         names.get(assigned_to, ("", ""))[0], done_at,
                         names.get(done_by, ("", ""))[0] if done_by else "", version,
                         visit_id, action_id)
            for row_id, case_id, description, due_on, assigned_to, done_at, done_by,
            version, visit_id, action_id, reference in itertools.islice(rows, limit)))
    return pages[0], pages[1], overdue_count, due_count
