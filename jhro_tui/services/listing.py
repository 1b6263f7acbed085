"""Finding cases: filters, full-text search, sorting and paging, straight from the database.

Pages come from SQL (keyset when the previous row's ``cursor`` is given, ``OFFSET``
otherwise); no call loads more than one page. What a user types in the search box goes
through peewee's ``web_query`` (quotes, dashes, parentheses and operators never raise)
and matches case titles, references, narratives, incident places and descriptions,
notes and victim codes; never victims' names or contacts. The word being typed matches
as a prefix from its third letter, so the list narrows as the user types.

``find_cases`` gives the count and the first page of a query in one transaction: the
full-text match (or the violation types) is evaluated once, into a temporary table of the
matching case ids that the count and the page both read. Further pages come from
``list_cases``, in a read-only transaction.

Audit: a query is recorded once, as one ``case.list`` event with the filters, by
``find_cases`` or by the first page of ``list_cases`` (``offset`` 0, no ``after``, no
``total``); further pages and counts are not recorded. A search only reads: it runs in a
deferred (read) transaction, never holding the write lock other sessions' logins and
saves wait for, and its audit event is written afterwards in a short transaction of its
own.

What is searched is at most ``MAX_QUERY_CHARS`` characters (a longer paste is refused,
saying its length); control, bidi and invisible characters in it separate words, as a
space does (a NUL made FTS5 fail with "unterminated string").
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, cast

from peewee import JOIN, OP, SQL, Column, Expression, Table, fn
from peewee import Case as SqlCase

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, format_date, format_number
from jhro_tui.services import access
from jhro_tui.services.access import Actor, not_driving
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import PRIORITIES, PRIORITY_NAME, PRIORITY_RANK, STATUSES
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.views import CaseSummary
from jhro_tui.store.db import database
from jhro_tui.store.models import (
    Account,
    Case,
    CaseSearchIndex,
    FollowUp,
    Perpetrator,
    Victim,
    Violation,
)
from jhro_tui.text import BIDI_AND_INVISIBLE

STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES, start=1)}
STATUS_ORDER = SqlCase(Case.status, [(SQL(f"'{status}'"), SQL(str(rank)))
                                     for status, rank in STATUS_RANK.items()])
"""The statuses in workflow order, written as the index of migration 0007 writes it (with
literals, not parameters: SQLite uses an index on an expression only for the same one)."""

SORTS: dict[str, Any] = {
    "updated_at": Case.updated_at,
    "opened_on": Case.opened_on,
    "incident_date": Case.incident_start,
    "reference": Case.reference,
    "title": Case.title,
    "priority": Case.priority,
    "status": STATUS_ORDER,
}
DESCENDING_FIRST = frozenset({"updated_at", "opened_on", "incident_date", "reference",
                              "priority"})
"""The sorts whose natural order is descending (the latest, the most urgent first); the
others (title, status in workflow order) start ascending."""
FEW_VALUES = frozenset({"status", "priority"})
"""Sorts on a key of a handful of values, never NULL."""
MAX_PAGE = 500


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: filters (all optional, combined with AND) and the order."""

    text: str = ""
    """Words to find (search-box syntax: "a phrase", -excluded, OR, parentheses)."""
    status: str | None = None
    officer: str | None = None
    """Account name of the assigned officer."""
    office: str | None = None
    province: str | None = None
    """Province code (the case's province)."""
    violation_type: str | None = None
    """A violation type code, or a category code for every type within it."""
    perpetrator: str | None = None
    """A perpetrator category code (with the categories within it): cases with such a
    perpetrator."""
    date_from: dt.date | None = None
    """Cases with an incident that may have happened on or after this day."""
    date_to: dt.date | None = None
    """Cases with an incident that may have happened on or before this day."""
    priority: str | None = None
    open_only: bool = False
    """Leave out closed cases."""
    unassigned: bool = False
    """Only cases not held by an active officer of their office (``unassigned``)."""
    follow_up_of: str | None = None
    """Account name: only cases with an open follow-up it is to do (by
    ``follow_up_before``, when given)."""
    follow_up_before: dt.date | None = None
    """Only cases with an open follow-up due before this day (overdue on it)."""
    sort: str = "updated_at"
    """One of ``SORTS``: updated_at, opened_on, incident_date, reference, title, priority,
    status (in workflow order)."""
    descending: bool = True


PREFIX_FROM = 3
"""Letters of the word being typed before it is looked up, as a prefix."""
MAX_QUERY_CHARS = 200
"""The longest text searched: some twenty words, more than anyone types; a longer paste
is refused (a megabyte held FTS5, and the write lock with it, for 26 seconds)."""


def _words_only(text: str) -> str:
    """``text`` with control, bidi and invisible characters made spaces."""
    if text.isprintable():
        return text
    return "".join(" " if character in BIDI_AND_INVISIBLE
                   or unicodedata.category(character) in ("Cc", "Cf") else character
                   for character in text)


def search_expression(text: str) -> str | None:
    """The FTS5 query for what a user typed, or None when nothing searchable is left.

    The word being typed matches as a prefix from its third letter on. Fewer letters
    begin too many words to tell cases apart: on 100,000 cases "de" began 26 words and
    80 % of the cases, "re" 96 %, and cost FTS5 15-24 ms to merge (ten times that on
    1,000,000); the widest three letters, "pre", 10 ms. A shorter word waits for its next
    letter, and the list shows what the other words find. A space after a word ends it:
    the words before it, however short, match whole.
    """
    if len(text) > MAX_QUERY_CHARS:
        # Refused by the services' check before any search; kept whole here so that a
        # screen comparing queries sees it differ from a shorter one.
        return text
    text = _words_only(text)
    finished = text[-1:].isspace()
    text = " ".join(text.split())
    typed = 0 if finished else _letters_at_end(text)
    if 0 < typed < PREFIX_FROM:
        text = text[:-typed].rstrip()
    if not text:
        return None
    if typed >= PREFIX_FROM:
        text += "*"
    expression: str = CaseSearchIndex.web_query(text)
    if not expression or expression.strip('"') == "":
        return None
    return expression


def _letters_at_end(text: str) -> int:
    """How many letters or digits end ``text``: the word being typed, if any."""
    count = 0
    for character in reversed(text):
        if not character.isalnum():
            break
        count += 1
    return count


def _check(query: CaseQuery) -> None:
    if len(query.text) > MAX_QUERY_CHARS:
        raise ValidationError("text", N_("A search holds at most {limit} characters; this "
                                         "one has {length}."),
                              limit=format_number(MAX_QUERY_CHARS),
                              length=format_number(len(query.text)))
    if query.sort not in SORTS:
        raise ValidationError("sort", N_("Unknown value {value}: choose one from the list."),
                              value=query.sort)
    if query.status is not None and query.status not in STATUSES:
        raise ValidationError("status", N_("Unknown value {value}: choose one from the list."),
                              value=query.status)
    if query.priority is not None and query.priority not in PRIORITIES:
        raise ValidationError("priority",
                              N_("Unknown value {value}: choose one from the list."),
                              value=query.priority)
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise ValidationError("date_to", N_("The end ({end}) is before the start ({start})."),
                              end=format_date(query.date_to), start=format_date(query.date_from))


# Above this many rows, a page walks the sort index and checks each row against the query
# (the visibility from the index where it holds the columns, a set of ids by its rowid)
# until it has enough; at or below it, the rows are read whole and sorted. The number of
# rows comes free with ``find_cases`` (the count), and with further pages as ``total``.
LARGE_SET = 500
DEEP_OFFSET = 2000
COVERED_SORTS = frozenset({"updated_at", "status"})
"""Sorts whose index also holds ``officer_id`` and ``office`` (migrations 0003, 0007):
walking them decides visibility without reading case rows, however deep the page."""

HITS = Table("case_hits", schema="temp")
HIT_ID = Column(HITS, "id")
"""The ids a query finds, for the count and the first page of one ``find_cases`` call.
Temporary tables live in memory (``temp_store = MEMORY``); it is emptied before the
transaction ends."""
HITS_DDL = "CREATE TEMP TABLE IF NOT EXISTS case_hits (id INTEGER PRIMARY KEY)"


def not_driving_in(field: Any, ids: Any) -> Expression:
    return Expression(not_driving(field), OP.IN, ids)


def conditions(query: CaseQuery, who: Actor, *, walk: bool = False) -> list[Expression]:
    """SQL conditions on ``Case`` for ``query`` as seen by ``who`` (visibility first).

    With ``walk`` the visibility terms are checked row by row while SQLite walks the sort
    index (a page of a large set); otherwise they drive the query through their indexes
    (a count, a small set). A set of ids (search matches, violation types) never drives:
    it is checked by rowid against the rows the other terms give.
    """
    found: list[Expression] = [access.Visibility(who).sql(walk=walk)]
    if query.status:
        found.append(Case.status == query.status)
    if query.open_only:
        found.append(Case.status != "closed")
    if query.officer:
        found.append(Case.officer.in_(
            Account.select(Account.id).where(Account.name == query.officer)))
    if query.office:
        found.append(Case.office == query.office)
    if query.unassigned:
        found.append(unassigned())
    if query.follow_up_of or query.follow_up_before:
        found.append(not_driving_in(Case.id, _follow_ups(query)))
    if query.province:
        found.append(Case.province_code == query.province)
    if query.priority:
        found.append(Case.priority == PRIORITY_RANK[query.priority])
    if query.violation_type:
        typed = _within(Violation.type_code, query.violation_type)
        found.append(not_driving_in(Case.id, Violation.select(Violation.case).where(typed)))
    if query.perpetrator:
        category = _within(Perpetrator.category_code, query.perpetrator)
        found.append(not_driving_in(Case.id, Perpetrator.select(Perpetrator.case)
                                     .where(category)))
    if query.date_from:
        found.append(Case.incident_end >= query.date_from)
    if query.date_to:
        found.append(Case.incident_start <= query.date_to)
    expression = search_expression(query.text)
    if expression is not None:
        found.append(not_driving_in(
            Case.id, CaseSearchIndex.select(CaseSearchIndex.rowid)
            .where(CaseSearchIndex.match(expression))))
    return found


def unassigned(model: Any = Case) -> Expression:
    """The cases of an office that no active officer of that office holds: assigned to a
    supervisor (the office's own, who then validates nobody's work but their own), to a
    disabled account, or to an account that has moved to another office. The caseload of
    a supervisor's home counts them apart (``home.caseload``)."""
    held: Expression = model.officer.not_in(
        Account.select(Account.id).where(Account.active, Account.role == "officer",
                                         Account.office == model.office))
    return held


def _follow_ups(query: CaseQuery) -> Any:
    """The cases with an open follow-up as ``query`` asks (whose, due before when)."""
    open_ones = [FollowUp.done_at.is_null(), FollowUp.case.is_null(False)]
    if query.follow_up_of:
        open_ones.append(FollowUp.assigned_to.in_(
            Account.select(Account.id).where(Account.name == query.follow_up_of)))
    if query.follow_up_before:
        open_ones.append(FollowUp.due_on < query.follow_up_before)
    return FollowUp.select(FollowUp.case).where(*open_ones)


def _within(field: Any, code: str) -> Expression:
    """``field`` is the code or one below it in its taxonomy (``STATE`` holds ``STATE.PNC``)."""
    within: Expression = (field == code) | ((field > code + ".") & (field < code + "/"))
    return within


def _after(query: CaseQuery, after: tuple[object, int]) -> Expression:
    """Rows strictly after ``after`` = (sort value, id) in the query's order.

    NULL sorts lowest (SQLite's order): first when ascending, last when descending.
    """
    field = SORTS[query.sort]
    value: Any = after[0]
    last_id = after[1]
    if query.sort == "priority" and isinstance(value, str):
        value = PRIORITY_RANK.get(value, value)
    if query.sort == "status" and isinstance(value, str):
        value = STATUS_RANK.get(value, value)
    found: Expression
    if query.sort in FEW_VALUES:
        # Never NULL. Written as one range on the sort key and a test of each row in it:
        # the form below let SQLite, seeing so few values, read both of its branches
        # through the index and sort them (0.2-0.5 s a page on 100,000 cases).
        start, beyond = (OP.LTE, OP.LT) if query.descending else (OP.GTE, OP.GT)
        return Expression(field, start, value) & (
            Expression(not_driving(field), beyond, value)
            | Expression(not_driving(Case.id), beyond, last_id))
    if query.descending:
        if value is None:
            found = field.is_null() & (Case.id < last_id)
        else:
            found = ((field < value) | ((field == value) & (Case.id < last_id))
                     | field.is_null())
    elif value is None:
        found = (field.is_null() & (Case.id > last_id)) | field.is_null(False)
    else:
        found = (field > value) | ((field == value) & (Case.id > last_id))
    return found


def _describe(query: CaseQuery) -> str:
    shown = {key: (value.isoformat() if isinstance(value, dt.date) else value)
             for key, value in vars(query).items()
             if value not in (None, "", False) and key not in ("sort", "descending")}
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


SUMMARY_COLUMNS = (
    Case.id, Case.reference, Case.title, Case.status, Case.priority, Account.name,
    Account.full_name, Case.office, Case.province_code, Case.opened_on, Case.incident_start,
    Case.incident_precision, Case.incident_estimated, Case.updated_at, Case.version,
)


def _summaries(rows: list[tuple], query: CaseQuery | None) -> list[CaseSummary]:  # type: ignore[type-arg]
    catalog = load_catalog()
    result = []
    sort = query.sort if query else "updated_at"
    position = {"updated_at": 13, "opened_on": 9, "incident_date": 10, "reference": 1,
                "title": 2, "priority": 4, "status": 3}[sort]
    for row in rows:
        (case_id, reference, title, status, priority, officer, full_name, office, province,
         opened_on, incident_start, precision, estimated, updated_at, version,
         victim_count) = row
        incident = (PartialDate.from_storage(incident_start, precision or "day", estimated)
                    if incident_start is not None else None)
        result.append(CaseSummary(
            case_id, reference, title, status, PRIORITY_NAME.get(priority, "normal"),
            officer, full_name, office, province, catalog.label("province", province),
            opened_on, incident, updated_at, version, victim_count,
            (STATUS_RANK.get(status) if sort == "status" else row[position], case_id)))
    return result


def _select(where: list[Expression]):  # type: ignore[no-untyped-def]
    victims = (Victim.select(fn.COUNT(Victim.id)).where(Victim.case == Case.id))
    return (Case.select(*SUMMARY_COLUMNS, victims.alias("victim_count"))
            .join(Account, JOIN.INNER, on=(Case.officer == Account.id))
            .where(*where))


def _order(query: CaseQuery) -> tuple[Any, Any]:
    field = SORTS[query.sort]
    if query.descending:
        return field.desc(), Case.id.desc()
    return field.asc(), Case.id.asc()


def _page(where: list[Expression], query: CaseQuery, offset: int, limit: int
          ) -> list[tuple]:  # type: ignore[type-arg]
    """The rows of one page: first its ids (from the indexes alone where they suffice),
    then only those rows, with their columns and victim counts.

    A single statement would read the row and count the victims of every row it skips
    with ``OFFSET``, not only of those it returns.
    """
    ids = Case.select(Case.id).where(*where).order_by(*_order(query)).limit(limit)
    if offset:
        ids = ids.offset(offset)
    return list(_select([Case.id.in_(ids)]).order_by(*_order(query)).tuples())


def _has_id_set(query: CaseQuery) -> bool:
    return (bool(query.violation_type) or bool(query.perpetrator)
            or search_expression(query.text) is not None)


def find_cases(session: Session, query: CaseQuery, limit: int = 100
               ) -> tuple[int, list[CaseSummary]]:
    """How many cases ``query`` finds among those this account may see, and the first
    ``limit`` of them: one transaction, one ``case.list`` audit event.

    Further pages: ``list_cases(..., total=)`` with the count returned here.
    """
    _check(query)
    limit = max(0, min(limit, MAX_PAGE))
    with access.reading(session):
        who = access.case_actor(session, "case.list")
        if _has_id_set(query):
            total, rows = _find_through_hits(query, who, limit)
        else:
            total = (Case.select(fn.COUNT(Case.id))
                     .where(*conditions(query, who)).scalar())
            rows = _page(conditions(query, who, walk=total > LARGE_SET), query, 0, limit)
    session.audit("case.list", "", _describe(query))
    return total, _summaries(rows, query)


def _find_through_hits(query: CaseQuery, who: Actor, limit: int
                       ) -> tuple[int, list[tuple]]:  # type: ignore[type-arg]
    """Count and first page through ``HITS``: the search (or the violation types) is
    evaluated once, by the statement that fills it; its row count is the total."""
    database.execute_sql(HITS_DDL)
    database.execute_sql('DELETE FROM "temp"."case_hits"')
    total: int = database.execute(HITS.insert(_found(query, who), columns=[HIT_ID])).rowcount
    hits = HITS.select(HIT_ID)
    member = not_driving_in(Case.id, hits) if total > LARGE_SET else Case.id.in_(hits)
    rows = _page([member], query, 0, limit)
    # On an error the unit's rollback empties it as well.
    database.execute_sql('DELETE FROM "temp"."case_hits"')
    return total, rows


def _found(query: CaseQuery, who: Actor) -> Any:
    """The ids of the cases ``query`` finds for ``who`` (a select of one column).

    SQLite keeps the set on one side of the intersection in memory and streams the other:
    the cheaper side to keep is the smaller. An officer sees their own caseload (and the
    cases shared with them), usually fewer cases than a word matches in the whole
    database: the matches are streamed and checked against it. A supervisor sees a whole
    office: the office's cases are streamed and checked against the matches.
    """
    expression = search_expression(query.text)
    if expression is None or who.is_supervisor:
        return Case.select(Case.id).where(*conditions(query, who))
    seen = Case.select(Case.id).where(*conditions(replace(query, text=""), who))
    return (CaseSearchIndex.select(CaseSearchIndex.rowid)
            .where(CaseSearchIndex.match(expression),
                   not_driving_in(CaseSearchIndex.rowid, seen)))


def list_cases(session: Session, query: CaseQuery, offset: int = 0, limit: int = 100,
               after: tuple[object, int] | None = None, *, total: int | None = None
               ) -> list[CaseSummary]:
    """One page of the cases ``query`` finds among those this account may see.

    With ``after`` (the ``cursor`` of the last row of the previous page) the page is read
    by keyset, whatever ``offset`` says; otherwise ``offset`` rows are skipped.

    ``total``, the count ``find_cases`` gave for this query, makes this a further page of
    a query already recorded: it is not audited again (whatever ``offset`` says, so that a
    last page read backwards is not a new query), and the count chooses the plan.
    Without it the first page (``offset`` 0, no ``after``) records the query.
    """
    _check(query)
    limit = max(0, min(limit, MAX_PAGE))
    with access.reading(session):
        rows = _list_page(session, query, offset, limit, after, total)
    if total is None and after is None and offset == 0:
        session.audit("case.list", "", _describe(query))
    return _summaries(rows, query)


def _list_page(session: Session, query: CaseQuery, offset: int, limit: int,
               after: tuple[object, int] | None, total: int | None
               ) -> list[tuple]:  # type: ignore[type-arg]
    who = access.case_actor(session, "case.list")
    if after is None and offset > DEEP_OFFSET and query.sort not in COVERED_SORTS:
        # Far down an order whose index cannot tell visibility, the whole (index-driven)
        # set, sorted, costs less than a walk past every row before the page.
        walk = False
    elif total is not None:
        walk = total > LARGE_SET
    else:
        walk = who.is_supervisor or _more_than(Case.officer == who.id, LARGE_SET)
    where = conditions(query, who, walk=walk)
    if after is not None:
        where.append(_after(query, after))
        offset = 0
    return _page(where, query, offset, limit)


def _more_than(condition: Expression, size: int) -> bool:
    """Whether more than ``size`` cases meet ``condition``: reads at most size + 1 ids."""
    probe = Case.select(SQL("1")).where(condition).limit(size + 1)
    found: int = Case.select(fn.COUNT(SQL("*"))).from_(probe.alias("probe")).scalar()
    return found > size


def count_cases(session: Session, query: CaseQuery) -> int:
    """How many cases ``query`` finds among those this account may see."""
    _check(query)
    with access.reading(session):
        who = access.case_actor(session, "case.count")
        count: int = (Case.select(fn.COUNT(Case.id))
                      .where(*conditions(query, who)).scalar())
    return count


def summary_of(case_id: int) -> CaseSummary:
    """The list row of one case (for services that return what they changed)."""
    rows = list(_select([Case.id == case_id]).tuples())
    return _summaries(rows, None)[0]


def summaries(where: list[Expression], limit: int, *, offset: int = 0,
              order: tuple[Any, ...] = (Case.updated_at.desc(), Case.id.desc())
              ) -> list[CaseSummary]:
    """``limit`` cases ``where`` finds, past ``offset``, in ``order`` (the latest change
    first)."""
    # The page's ids first, then their rows: sorted whole, the rows' officer and victim
    # count were computed for every case found (57 ms for Goma's 1,200 submitted cases at
    # 100,000, ordered by when each was submitted), where only a page is shown.
    page = [row[0] for row in cast("Iterable[tuple[int]]", Case.select(Case.id).where(*where)
                                   .order_by(*order).limit(limit).offset(offset).tuples())]
    rows = list(_select([Case.id.in_(page)]).order_by(*order).tuples())
    return _summaries(rows, None)
