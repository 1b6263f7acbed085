"""Finding cases: filters, full-text search, sorting and paging, straight from the database.

Pages come from SQL (keyset when the previous row's ``cursor`` is given, ``OFFSET``
otherwise); no call loads more than one page. What a user types in the search box goes
through peewee's ``web_query`` (quotes, dashes, parentheses and operators never raise)
and matches case titles, references, narratives, incident places and descriptions,
notes and victim codes; never victims' names or contacts. The word being typed matches
as a prefix, so the list narrows as the user types.

Audit: the first page of a query (``offset`` 0, no ``after``) records one ``case.list``
event with the filters; further pages of the same query and counts are not recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, OP, SQL, Expression, NodeList, fn

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import Actor, Denied
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import PRIORITIES, PRIORITY_NAME, PRIORITY_RANK, STATUSES
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.views import CaseSummary
from jhro_tui.store.models import Account, Case, CaseSearchIndex, CaseShare, Victim, Violation

SORTS: dict[str, Any] = {
    "updated_at": Case.updated_at,
    "opened_on": Case.opened_on,
    "incident_date": Case.incident_start,
    "reference": Case.reference,
    "title": Case.title,
    "priority": Case.priority,
    "status": Case.status,
}
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
    date_from: dt.date | None = None
    """Cases with an incident that may have happened on or after this day."""
    date_to: dt.date | None = None
    """Cases with an incident that may have happened on or before this day."""
    priority: str | None = None
    open_only: bool = False
    """Leave out closed cases."""
    sort: str = "updated_at"
    """One of ``SORTS``: updated_at, opened_on, incident_date, reference, title, priority,
    status."""
    descending: bool = True


def search_expression(text: str) -> str | None:
    """The FTS5 query for what a user typed, or None when nothing searchable is left."""
    text = " ".join(text.split())
    if not text:
        return None
    if text[-1].isalnum():
        text += "*"  # the word being typed matches as a prefix
    expression: str = CaseSearchIndex.web_query(text)
    if not expression or expression.strip('"') == "":
        return None
    return expression


def _check(query: CaseQuery) -> None:
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
                              end=query.date_to.isoformat(), start=query.date_from.isoformat())


# Above this many rows, a restricting set (search matches, an officer's cases) is checked
# row by row while SQLite walks the sort index, instead of being fetched whole and sorted:
# the first page then costs a few hundred index steps, not thousands of row reads.
LARGE_SET = 500
DEEP_OFFSET = 2000


def not_driving(field: Any) -> NodeList:
    """``+field``: SQLite's way of saying "do not drive the query by this term"."""
    return NodeList((SQL("+"), field), glue="")


def _visibility(who: Actor, counting: bool) -> Expression:
    if who.is_supervisor or counting:
        return access.visible_cases(who)
    own = Case.select(fn.COUNT(Case.id)).where(Case.officer == who.id).scalar()
    if own <= LARGE_SET:
        return access.visible_cases(who)
    shared = CaseShare.select(CaseShare.case).where(CaseShare.account == who.id)
    return (Expression(not_driving(Case.officer), OP.EQ, who.id)
            | Expression(not_driving(Case.id), OP.IN, shared))


def _restrict(ids: Any, size: Any) -> Expression:
    """``Case.id IN ids``, driving the query only when ``size`` (a count query) is small."""
    if size.scalar() > LARGE_SET:
        return Expression(not_driving(Case.id), OP.IN, ids)
    return Case.id.in_(ids)


def conditions(query: CaseQuery, who: Actor, *, counting: bool = False) -> list[Expression]:
    """SQL conditions on ``Case`` for ``query`` as seen by ``who`` (visibility first).

    Small counting queries decide how SQLite should use each restricting set: a page
    walks the sort index when a set is large; a count is driven by the indexes.
    """
    found: list[Expression] = [_visibility(who, counting)]
    if query.status:
        found.append(Case.status == query.status)
    if query.open_only:
        found.append(Case.status != "closed")
    if query.officer:
        found.append(Case.officer.in_(
            Account.select(Account.id).where(Account.name == query.officer)))
    if query.office:
        found.append(Case.office == query.office)
    if query.province:
        found.append(Case.province_code == query.province)
    if query.priority:
        found.append(Case.priority == PRIORITY_RANK[query.priority])
    if query.violation_type:
        code = query.violation_type
        typed = ((Violation.type_code == code)
                 | ((Violation.type_code > code + ".") & (Violation.type_code < code + "/")))
        found.append(_restrict(Violation.select(Violation.case).where(typed),
                               Violation.select(fn.COUNT(Violation.id)).where(typed)))
    if query.date_from:
        found.append(Case.incident_end >= query.date_from)
    if query.date_to:
        found.append(Case.incident_start <= query.date_to)
    expression = search_expression(query.text)
    if expression is not None:
        found.append(_restrict(
            CaseSearchIndex.select(CaseSearchIndex.rowid)
            .where(CaseSearchIndex.match(expression)),
            CaseSearchIndex.select(fn.COUNT(SQL("*")))
            .where(CaseSearchIndex.match(expression))))
    return found


def _after(query: CaseQuery, after: tuple[object, int]) -> Expression:
    """Rows strictly after ``after`` = (sort value, id) in the query's order.

    NULL sorts lowest (SQLite's order): first when ascending, last when descending.
    """
    field = SORTS[query.sort]
    value: Any = after[0]
    last_id = after[1]
    if query.sort == "priority" and isinstance(value, str):
        value = PRIORITY_RANK.get(value, value)
    if query.descending:
        if value is None:
            return field.is_null() & (Case.id < last_id)
        return ((field < value) | ((field == value) & (Case.id < last_id))
                | field.is_null())
    if value is None:
        return (field.is_null() & (Case.id > last_id)) | field.is_null(False)
    return (field > value) | ((field == value) & (Case.id > last_id))


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
            (row[position], case_id)))
    return result


def _select(where: list[Expression]):  # type: ignore[no-untyped-def]
    victims = (Victim.select(fn.COUNT(Victim.id)).where(Victim.case == Case.id))
    return (Case.select(*SUMMARY_COLUMNS, victims.alias("victim_count"))
            .join(Account, JOIN.INNER, on=(Case.officer == Account.id))
            .where(*where))


def list_cases(session: Session, query: CaseQuery, offset: int = 0, limit: int = 100,
               after: tuple[object, int] | None = None) -> list[CaseSummary]:
    """One page of the cases ``query`` finds among those this account may see.

    With ``after`` (the ``cursor`` of the last row of the previous page) the page is read
    by keyset, whatever ``offset`` says; otherwise ``offset`` rows are skipped.
    """
    _check(query)
    limit = max(0, min(limit, MAX_PAGE))
    first_page = after is None and offset == 0
    with access.unit(session) as audit:
        who = access.case_actor(session, "case.list")
        # A page far down the list is cheaper from the whole (index-driven) set, sorted,
        # than from a walk of the sort index past every row before it.
        where = conditions(query, who, counting=after is None and offset > DEEP_OFFSET)
        if after is not None:
            where.append(_after(query, after))
        field = SORTS[query.sort]
        order = ((field.desc(), Case.id.desc()) if query.descending
                 else (field.asc(), Case.id.asc()))
        select = _select(where).order_by(*order).limit(limit)
        if after is None and offset:
            select = select.offset(offset)
        rows = list(select.tuples())
        if first_page:
            audit("case.list", "", _describe(query))
    return _summaries(rows, query)


def count_cases(session: Session, query: CaseQuery) -> int:
    """How many cases ``query`` finds among those this account may see."""
    _check(query)
    try:
        who = access.case_actor(session, "case.count")
    except Denied as denied:
        session.audit(denied.action, denied.target, denied.detail, outcome="denied")
        raise denied.error from None
    count: int = (Case.select(fn.COUNT(Case.id))
                  .where(*conditions(query, who, counting=True)).scalar())
    return count


def summary_of(case_id: int) -> CaseSummary:
    """The list row of one case (for services that return what they changed)."""
    rows = list(_select([Case.id == case_id]).tuples())
    return _summaries(rows, None)[0]


def summaries(where: list[Expression], limit: int) -> list[CaseSummary]:
    rows = list(_select(where).order_by(Case.updated_at.desc(), Case.id.desc())
                .limit(limit).tuples())
    return _summaries(rows, None)
