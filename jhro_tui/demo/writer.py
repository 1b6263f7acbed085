"""Writing the demo caseload: a chunk of pieces per transaction.

Each model's rows go in through the model, shaped as its ``insert_many`` shapes them
(``supply.shaped``), one statement per model and piece; the search text is built once per
chunk, the chunk's foreign keys checked together before it commits, and one audit event
written per chunk, not per row. While loading, the database keeps a rollback journal
instead of its write-ahead log, and the case table's non-unique indexes are made once at
the end instead of row by row.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, cast

from peewee import SQL, Cast, Model, Select, Value, fn

from jhro_tui.demo.advocacy import AdvocacyWork
from jhro_tui.demo.detention import DetentionWork
from jhro_tui.demo.ids import Staff, Timeline, office_numbers
from jhro_tui.demo.justice import CourtWork
from jhro_tui.demo.offices import DEMO_ACTOR
from jhro_tui.demo.supply import Chunk, Plan, Supply, encode
from jhro_tui.errors import DamagedData
from jhro_tui.i18n import N_, _
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.vault import Vault
from jhro_tui.services.reference import VOCABULARIES, load_catalog
from jhro_tui.services.statistics import facts
from jhro_tui.store import search
from jhro_tui.store.db import database
from jhro_tui.store.models import Account, BulkLoad, Case, CaseCounter, CaseSearch
from jhro_tui.store.models import Office as OfficeRecord

Report = Callable[[str], None]

CHUNK = 2000
"""Cases per transaction (and per audit event)."""
PIECE = 250
"""Cases per piece of work handed to a worker process: small, so that the first ones
arrive soon and the last ones leave little to write once the workers are done."""


class ForeignKeys:
    """Checks that the rows a chunk adds point somewhere, before it commits.

    Foreign keys are off while the caseload loads: SQLite would check each row as it goes
    in, which costs more than checking them together. Each chunk's rows are checked
    together instead, while their pages are still in the cache; checking the whole
    database once at the end read most of it back from disk (and decrypted it) on large
    caseloads. A chunk's rows are those past the largest rowid before it: ids only grow
    (``CaseIds``), and the count of rows past the mark must match the count inserted.
    """

    def __init__(self, vault: Vault) -> None:
        self.db = vault.db
        self.checks: dict[str, str] = {}
        """Per table with foreign keys: a query counting its rows past a mark, and among
        them those that point nowhere."""
        # Tables without a rowid (the statistics' counted facts) are filled after the load,
        # from the rows it wrote, never by a chunk.
        for (table,) in self.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE '%WITHOUT ROWID' ORDER BY name"):
            joins, tests = [], []
            for key, seq, parent, column, target, *_rules in self.db.execute_sql(
                    f'PRAGMA foreign_key_list("{table}")'):
                assert seq == 0 and target, f"{table}: a key of one column, naming it"
                joins.append(f'LEFT JOIN "{parent}" AS p{key} ON p{key}."{target}" = c."{column}"')
                tests.append(f'c."{column}" IS NOT NULL AND p{key}."{target}" IS NULL')
            if tests:
                self.checks[table] = (
                    f"SELECT count(*), count(CASE WHEN {' OR '.join(tests)} THEN 1 END) "
                    f'FROM "{table}" AS c {" ".join(joins)} WHERE c.rowid > ?')

    def marks(self) -> dict[str, int]:
        return {table: self.db.execute_sql(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
                or 0 for table in self.checks}

    def check(self, marks: dict[str, int], inserted: dict[str, int]) -> None:
        """Raise if a row past ``marks`` points nowhere; ``inserted``: rows per table."""
        for table, query in self.checks.items():
            added, nowhere = self.db.execute_sql(query, (marks[table],)).fetchone()
            if added != inserted.get(table, 0):
                raise DamagedData(N_("The demo builder could not check every row it wrote "
                                     "({table})."), table=table)
            if nowhere:
                raise DamagedData(N_("The demo builder wrote a row that points nowhere "
                                     "({table})."), table=table)


def write_chunk(vault: Vault, keys: ForeignKeys, pieces: Iterable[Chunk], first_case: int,
                last_case: int) -> None:
    """Insert one chunk in one transaction, piece by piece as they come, then the chunk's
    search text, then check its foreign keys."""
    with vault.write() as pending:
        marks = keys.marks()
        inserted: Counter[str] = Counter()
        BulkLoad.insert(flag=1).execute()
        for piece in pieces:
            for model, names, payload in piece:
                inserted[model._meta.table_name] += _insert(model, names, payload)
        inserted[CaseSearch._meta.table_name] += search.index_cases(first_case, last_case)
        BulkLoad.delete().execute()
        keys.check(marks, inserted)
        pending.record(AuditEvent(DEMO_ACTOR, "demo.cases", "",
                                  f"cases={first_case}-{last_case}"))


def _insert(model: type[Model], names: tuple[str, ...],
            payload: bytes | list[tuple[Any, ...]]) -> int:
    """Insert one model's rows of a piece; return how many."""
    if isinstance(payload, bytes):
        return int(database.execute_sql(_from_json(model, names), (payload,)).rowcount)
    cursor = database.cursor()
    cursor.executemany(_one_row(model, names), payload)
    return int(cursor.rowcount)


@functools.cache
def _from_json(model: type[Model], names: tuple[str, ...]) -> str:
    """The model's ``INSERT … SELECT`` of rows given as one JSON array, by ``jsonb_each``:
    SQLite, not Python, walks the rows, and reads each row's values from the binary form,
    without parsing its text once per column."""
    fields = [model._meta.fields[name] for name in names]
    rows = Select([fn.jsonb_each(Cast(Value(b"", unpack=False), "TEXT"))],
                  [SQL(f"value ->> {index}") for index in range(len(fields))])
    sql, _params = model.insert_from(rows, fields).sql()
    return str(sql)


@functools.cache
def _one_row(model: type[Model], names: tuple[str, ...]) -> str:
    """The model's ``insert_many`` statement for one row, run for each row of a piece: its
    values are already converted (``supply.shaped``), and peewee's building of a node per
    value cost more than writing them."""
    fields = [model._meta.fields[name] for name in names]
    sql, _params = model.insert_many([tuple(None for _field in fields)], fields=fields).sql()
    return str(sql)


def defer_case_indexes(vault: Vault) -> list[str]:
    """Drop the case table's indexes that need not hold while loading; return the
    statements that make them again.

    A case goes into a dozen indexes (title, status, office, officer, dates), most of
    them in another order than cases come: kept up row by row, they cost the load more
    than making them once at the end, and rewrite pages of theirs in every chunk. Nothing
    reads them while loading; the unique one (references) stays, to refuse a duplicate
    as it comes.
    """
    statements = []
    with vault.write():
        for _seq, name, unique, origin, _partial in vault.db.execute_sql(
                f'PRAGMA index_list("{Case._meta.table_name}")').fetchall():
            if unique or origin != "c":
                continue
            (sql,) = vault.db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                (name,)).fetchone()
            statements.append(sql)
            vault.db.execute_sql(f'DROP INDEX "{name}"')
    return statements


def build_cases(vault: Vault, count: int, seed: int, end: dt.date, report: Report,
                 pool: ProcessPoolExecutor | None, workers: int) -> None:
    catalog = load_catalog()
    numbers, last_numbers = office_numbers(seed, count, Timeline(count, end))
    codes = {name: code for name, code in cast(
        "Iterable[tuple[str, str]]",
        OfficeRecord.select(OfficeRecord.name, OfficeRecord.code).tuples())}
    plan = Plan(seed, count, end, tuple(
        (term.vocabulary, term.code, term.parent_code, term.label_en, term.label_fr,
         term.active, dict(term.extra))
        for vocabulary in VOCABULARIES for term in catalog.terms(vocabulary,
                                                                 include_inactive=True)),
        staff_of_offices(), numbers, codes)
    chunks = [(first, min(first + CHUNK - 1, count)) for first in range(1, count + 1, CHUNK)]
    pieces = [(start, min(start + PIECE - 1, last)) for first, last in chunks
              for start in range(first, last + 1, PIECE)]
    started = time.perf_counter()
    vault.db.execute_sql("PRAGMA cache_size = -262144")  # 256 MiB while loading
    vault.db.execute_sql("PRAGMA foreign_keys = OFF")  # checked per chunk (ForeignKeys)
    # The load adds pages and changes few: with a rollback journal each is written once,
    # straight into the database, where the write-ahead log has it written twice (to the
    # log, then copied over at each checkpoint). The journal still keeps the pages a chunk
    # changes as they were, so a chunk cut short rolls back.
    vault.db.execute_sql("PRAGMA journal_mode = TRUNCATE")
    keys = ForeignKeys(vault)
    case_indexes = defer_case_indexes(vault)
    with vault.write():
        search.hold_merges()
    # Enough pieces given ahead that a worker is still busy when a chunk has been committed
    # (up to a quarter of a second on large caseloads, some six pieces' making).
    supply = Supply(plan, pieces, pool, depth=8 * workers)
    for first, last in chunks:
        write_chunk(vault, keys, supply.through(last), first, last)
        if last % 10_000 == 0 or last == count:
            elapsed = time.perf_counter() - started
            report(_("  {done} of {total} cases ({rate:.0f}/s)").format(
                done=last, total=count, rate=last / elapsed if elapsed else 0))
    vault.db.execute_sql("PRAGMA foreign_keys = ON")
    with vault.write() as pending_audit:
        for statement in case_indexes:
            vault.db.execute_sql(statement)
        search.merge_all()
        for (office, year), number in last_numbers.items():
            CaseCounter.insert(office=office, year=year, last=number).execute()
        # The court work joins written cases: drawn once they are all in, and in the last
        # transaction, whose audit event ends the build; detention after it, as mobile
        # court sessions release detainees.
        for model, names, payload in encode(CourtWork(seed, end, plan.staff, catalog).draw()):
            _insert(model, names, payload)
        for model, names, payload in encode(DetentionWork(seed, count, end, plan.staff,
                                                          catalog).draw()):
            _insert(model, names, payload)
        # Advocacy last: it links cases and numbers its follow-ups after the visits'.
        for model, names, payload in encode(AdvocacyWork(seed, count, end, plan.staff).draw()):
            _insert(model, names, payload)
        # Written straight into the tables, the validated cases still have to be counted.
        facts.rebuild()
        pending_audit.record(AuditEvent(DEMO_ACTOR, "demo.done", "",
                                        f"cases={count} seed={seed}"))
    vault.db.execute_sql("PRAGMA journal_mode = WAL")
    vault.db.execute_sql("PRAGMA cache_size = -2000")


def staff_of_offices() -> Staff:
    by_office: dict[str, list[tuple[int, str]]] = {}
    supervisors: dict[str, int] = {}
    everyone: list[tuple[int, str, str]] = []
    names: dict[int, tuple[str, str]] = {}
    for account_id, name, full_name, role, office, scope in cast(
            "Iterable[tuple[int, str, str, str, str, str]]",
            Account.select(Account.id, Account.name, Account.full_name, Account.role,
                           Account.office, Account.scope).order_by(Account.id).tuples()):
        names[account_id] = (name, full_name)
        if role == "officer":
            by_office.setdefault(office, []).append((account_id, name))
            everyone.append((account_id, name, office))
        elif role == "supervisor" and scope != "national":
            # The office's own supervisor validates its cases; the national one reads.
            supervisors[office] = account_id
    return Staff(by_office, supervisors, everyone, names)

