"""The audit viewer: the trail's events for supervisors and administrators, and its check.

Who sees what, written once here:

- An **administrator** sees every event. They have no access to cases: they see what the
  trail says of a case (its reference, in ``object``), never a case's content; and of the
  two kinds of event whose ``detail`` may hold words a user typed about cases (a case
  search's words, an attachment's export file name: ``TYPED_DETAILS``), the detail is
  withheld from them.
- A **supervisor** sees their office's events: those of the accounts whose office is
  theirs (the account's office now, for all its events), and those whose object is one of
  their office's cases (``case:<reference>``), whoever acted. The details are shown: they
  hold ids, codes, counts and field names (the services keep case text out of the trail),
  and a search's words are about cases the supervisor may see.
- Anyone else is refused, and the refusal is audited.

Each query (opening the viewer, a change of filters) is recorded once as ``audit.view``
with its filters; further pages are not. The check of the chain is recorded as it starts
and with what it found (``audit.check``).

Pages come from SQL, newest first, by keyset on ``seq`` (``OFFSET`` only for a jump): the
trail may hold millions of rows. One index drives each query, named (SQLite, without
statistics, chose to scan the object index and sort the whole table: 18 s for 2,000,000
rows): the object index for a case, migration 0017's for an account or an action,
otherwise the rows in ``seq`` order, narrowed to a period by the ``seq`` bounds the
timestamp index gives. The office's accounts are a list SQLite builds once per
statement; its cases are looked up by reference for each event walked. Counts stop at
``COUNT_CAP``: counting every event of a
long trail costs a walk of it; the screen asks for more as the list is scrolled
(``count_events``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, format_date
from jhro_tui.security import anchor
from jhro_tui.security.audit import FAILED, ChainPosition, ChainReport
from jhro_tui.services import access
from jhro_tui.services.access import Actor, Denied
from jhro_tui.services.session import UNKNOWN_ACCOUNT, Session
from jhro_tui.store.db import database
from jhro_tui.store.models import Account

VIEWER_ROLES = frozenset({"supervisor", "admin"})
TYPED_DETAILS = frozenset({"case.list", "attachment.export"})
"""Actions whose detail may hold what a user typed about cases: withheld from admins."""
COUNT_CAP = 5000
"""Events counted at most by one count (the list grows by as many when scrolled to)."""
MAX_PAGE = 500
MAX_FILTER_CHARS = 100
CHECK_STRETCH = 20000
"""Rows of the chain checked per call of ``check_chain`` (about 0.1 s): the database
thread serves the screens between two stretches."""

_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


@dataclass(frozen=True)
class AuditQuery:
    """The viewer's filters, all optional, combined with AND."""

    account: str = ""
    """The name of the account that acted."""
    action: str = ""
    """An action (``case.view``), or the start of several with ``*`` (``case.*``)."""
    case: str = ""
    """A case reference: the events whose object is that case."""
    date_from: dt.date | None = None
    """Events on or after this office day."""
    date_to: dt.date | None = None
    """Events on or before this office day."""


@dataclass(frozen=True)
class AuditEventView:
    """One event as the viewer shows it."""

    seq: int
    at: dt.datetime
    """When (UTC, aware)."""
    account: str
    action: str
    object: str
    detail: str
    outcome: str
    withheld: bool = False
    """The detail is withheld from this account (``TYPED_DETAILS``, for an admin)."""


@dataclass(frozen=True)
class AuditListing:
    """The count of a query's events (up to ``COUNT_CAP``) and its first page."""

    count: int
    more: bool
    """More than ``count`` events match (the count stopped at the cap)."""
    events: list[AuditEventView] = field(default_factory=list)
    scope: str = ""
    """The office whose events these are; "" for every event (an admin)."""


def viewer(session: Session, action: str) -> Actor:
    """The acting account if it may use the viewer (a supervisor or an admin); a
    ``Denied`` (audited by the unit) otherwise."""
    who = access.actor(session, action, "audit")
    if who.role not in VIEWER_ROLES:
        raise Denied(action, "audit", f"role={who.role}")
    if who.role == "supervisor" and not who.office:
        raise Denied(action, "audit", "supervisor without an office")
    return who


def office_of(who: Actor) -> str | None:
    """The office whose events ``who`` sees; None: every event (an admin)."""
    return None if who.role == "admin" else who.office


def _check(query: AuditQuery) -> AuditQuery:
    for name in ("account", "action", "case"):
        if len(getattr(query, name)) > MAX_FILTER_CHARS:
            raise ValidationError(name, N_("At most {limit} characters."),
                                  limit=MAX_FILTER_CHARS)
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise ValidationError("date_to", N_("The end ({end}) is before the start ({start})."),
                              end=format_date(query.date_to),
                              start=format_date(query.date_from))
    case = query.case.strip()
    case = case[len("case:"):] if case.lower().startswith("case:") else case
    return AuditQuery(query.account.strip(), query.action.strip(), case.upper(),
                      query.date_from, query.date_to)


def _known_account(name: str) -> None:
    if name and name != UNKNOWN_ACCOUNT and not Account.select().where(
            Account.name == name).exists():
        raise ValidationError("account", N_("There is no account named {name}."), name=name)


def _instant(day: dt.date, zone: dt.tzinfo | None) -> str:
    """The start of ``day`` in the office's zone, as the trail writes instants."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    return start.strftime(_TS_FORMAT)


@dataclass
class _Sql:
    """The FROM (with the index that drives it) and WHERE of a query, with parameters."""

    source: str
    conditions: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    empty: bool = False
    """Nothing can match (a period without events)."""

    def where(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def clause(self) -> str:
        return " AND ".join(self.conditions) or "1"


def statement(query: AuditQuery, office: str | None, zone: dt.tzinfo | None) -> _Sql:
    """The FROM and WHERE of ``query``'s events as seen from ``office`` (None: all)."""
    prefix = query.action[:-1] if query.action.endswith("*") else None
    if query.case:
        found = _Sql("audit_event INDEXED BY audit_event_object")
    elif query.account:
        found = _Sql("audit_event INDEXED BY audit_event_account")
    elif query.action and prefix is None:
        found = _Sql("audit_event INDEXED BY audit_event_action")
    else:
        found = _Sql("audit_event NOT INDEXED")
    if query.case:
        found.where("object = ?", f"case:{query.case}")
    if query.account:
        found.where("account = ?", query.account)
    if prefix is not None:
        found.where("substr(action, 1, ?) = ?", len(prefix), prefix)
    elif query.action:
        found.where("action = ?", query.action)
    if query.date_from or query.date_to:
        start = _instant(query.date_from, zone) if query.date_from else ""
        end = (_instant(query.date_to + dt.timedelta(days=1), zone) if query.date_to
               else "~")  # after every instant written
        found.where("ts >= ? AND ts < ?", start, end)
        if found.source.endswith("NOT INDEXED"):
            lowest, highest = database.execute_sql(
                "SELECT min(seq), max(seq) FROM audit_event INDEXED BY audit_event_ts "
                "WHERE ts >= ? AND ts < ?", (start, end)).fetchone()
            if lowest is None:
                found.empty = True
            else:
                found.where("seq BETWEEN ? AND ?", lowest, highest)
    if office is not None:
        # The office's cases by the unique index on their reference, row by row: a list
        # of them built for each statement cost 280 ms for an office of 100,000 cases
        # (1 ms a page this way).
        found.where("(account IN (SELECT name FROM account WHERE office = ?) OR "
                    "(substr(audit_event.object, 1, 5) = 'case:' AND EXISTS (SELECT 1 FROM "
                    "case_file WHERE reference = substr(audit_event.object, 6) "
                    "AND office = ?)))", office, office)
    return found


def _count(found: _Sql, before: int | None) -> tuple[int, bool]:
    if found.empty:
        return 0, False
    condition, params = found.clause(), list(found.params)
    if before is not None:
        condition += " AND seq < ?"
        params.append(before)
    (count,) = database.execute_sql(
        f"SELECT count(*) FROM (SELECT 1 FROM {found.source} WHERE {condition} "  # noqa: S608
        "LIMIT ?)", (*params, COUNT_CAP + 1)).fetchone()
    return min(count, COUNT_CAP), count > COUNT_CAP


def page_statement(found: _Sql, before: int | None, offset: int, limit: int
                   ) -> tuple[str, tuple[Any, ...]]:
    """The SQL of a page and its parameters (the tests read its plan)."""
    condition, params = found.clause(), list(found.params)
    if before is not None:
        condition += " AND seq < ?"
        params.append(before)
        offset = 0
    return ("SELECT seq, ts, account, action, object, detail, outcome "
            f"FROM {found.source} WHERE {condition} "  # noqa: S608
            "ORDER BY seq DESC LIMIT ? OFFSET ?", (*params, limit, offset))


def _page(found: _Sql, who: Actor, before: int | None, offset: int, limit: int
          ) -> list[AuditEventView]:
    if found.empty:
        return []
    rows = database.execute_sql(*page_statement(found, before, offset, limit)).fetchall()
    admin = who.role == "admin"
    return [_view(row, withheld=admin and row[3] in TYPED_DETAILS) for row in rows]


def _view(row: tuple[Any, ...], *, withheld: bool) -> AuditEventView:
    seq, ts, account, action, target, detail, outcome = row
    at = dt.datetime.strptime(ts, _TS_FORMAT).replace(tzinfo=dt.UTC)
    return AuditEventView(seq, at, account, action, target, "" if withheld else detail,
                          outcome, withheld)


def _describe(query: AuditQuery) -> str:
    shown = {key: (value.isoformat() if isinstance(value, dt.date) else value)
             for key, value in vars(query).items() if value}
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


def find_events(session: Session, query: AuditQuery, limit: int = 100) -> AuditListing:
    """The events ``query`` finds among those this account may see: their count (up to
    ``COUNT_CAP``) and the newest ``limit``. Recorded as one ``audit.view`` event."""
    query = _check(query)
    limit = max(0, min(limit, MAX_PAGE))
    with access.reading(session):
        who = viewer(session, "audit.view")
        _known_account(query.account)
        office = office_of(who)
        found = statement(query, office, session.settings.zone)
        count, more = _count(found, None)
        events = _page(found, who, None, 0, limit)
    session.audit("audit.view", "audit", _describe(query))
    return AuditListing(count, more, events, office or "")


def list_events(session: Session, query: AuditQuery, *, before: int | None = None,
                offset: int = 0, limit: int = 100) -> list[AuditEventView]:
    """A further page of ``query``: the events older than ``before`` (the ``seq`` of the
    last row of the previous page), or, without it, after skipping ``offset``."""
    query = _check(query)
    limit = max(0, min(limit, MAX_PAGE))
    with access.reading(session):
        who = viewer(session, "audit.view")
        found = statement(query, office_of(who), session.settings.zone)
        return _page(found, who, before, offset, limit)


def count_events(session: Session, query: AuditQuery, before: int) -> tuple[int, bool]:
    """How many of ``query``'s events are older than ``before`` (up to ``COUNT_CAP``),
    and whether there are more."""
    query = _check(query)
    with access.reading(session):
        who = viewer(session, "audit.view")
        return _count(statement(query, office_of(who), session.settings.zone), before)


# -- the check of the chain ------------------------------------------------------------------

@dataclass(frozen=True)
class ChainCheck:
    """How far a check of the whole chain has got, and, once done, what it found."""

    position: ChainPosition = field(default_factory=ChainPosition)
    head: int = 0
    """The newest event when the last stretch ran (what 100 % is)."""
    report: ChainReport | None = None
    """Set when the check is done: intact, or the first problem."""

    @property
    def done(self) -> bool:
        return self.report is not None

    @property
    def fraction(self) -> float:
        if self.done:
            return 1.0
        return min(1.0, self.position.seq / self.head) if self.head else 0.0


def check_chain(session: Session, progress: ChainCheck | None = None,
                stretch: int = CHECK_STRETCH) -> ChainCheck:
    """Check the next ``stretch`` rows of the audit chain after ``progress`` (None:
    start, recorded as ``audit.check``); at the end, compare it with the anchor, as ``jhro
    audit verify`` does, and record what was found.

    Call again with what it returns until ``done``: each call is a read of its own, so the
    database thread serves the screens in between. Events written meanwhile are checked
    too: the check ends on the head it finds last.
    """
    if progress is None:
        with access.unit(session) as audit:
            viewer(session, "audit.check")
            audit("audit.check", "audit", "started")
        progress = ChainCheck()
    # The anchor first, then the chain: every anchor line is written after its commit, so
    # a chain read afterwards reaches at least as far (the other way round, a commit in
    # between looked like a cut tail).
    points = anchor.recent(session.paths.anchor)
    with access.reading(session):
        viewer(session, "audit.check")
        chain = session.vault.audit
        reached, problem = chain.walk(progress.position, stretch)
        head = (chain.head() or ChainPosition()).seq
        if problem is None and reached.seq - progress.position.seq < stretch:
            latest = max(points, key=lambda point: point.seq, default=None)
            problem = chain.compare_anchor(reached.seq, latest, points)
    checked = ChainCheck(reached, max(head, reached.seq), problem)
    if problem is not None:
        if problem.intact:
            session.audit("audit.check", "audit", f"intact length={problem.length}")
        else:
            session.audit("audit.check", "audit", f"{problem.problem} seq={problem.seq}",
                          outcome=FAILED)
    return checked

