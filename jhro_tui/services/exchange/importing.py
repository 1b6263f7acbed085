"""Import cases from a file: every row checked before anything is written, then one
transaction.

A file is read whole (JSON of ``document``, the spreadsheet of ``flat_csv``, or either
inside an encrypted bundle), each row of each carried table checked column by column and
by its form's validation (``checks``), and every link between rows checked. Any problem
means nothing is written, and every problem is reported, with the file, the line, the
field and the reason. A case whose reference was already imported (or is a case of this
database) is reported and left out with what hangs on it.

Imported cases are drafts of the importing officer; a supervisor's import lands them in
the office's caseload, held by the supervisor until assigned (or by ``officer``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security import bundle, exchange
from jhro_tui.services import access, attachments
from jhro_tui.services.cases import _case_account, format_reference
from jhro_tui.services.common import rules
from jhro_tui.services.exchange import flat_csv
from jhro_tui.services.exchange.checks import CHECKS, FILLED, text_limit
from jhro_tui.services.exchange.document import (
    Document,
    ImportRefused,
    Problem,
    decode,
    read_json,
)
from jhro_tui.services.exchange.graph import (
    BY_NAME,
    CASE_TABLE,
    DERIVED,
    OFFICE_COLUMN,
    TABLES,
    Column,
    Table,
    users_of,
)
from jhro_tui.services.exchange.values import from_file
from jhro_tui.services.session import Session
from jhro_tui.services.validation import Rules
from jhro_tui.store import search
from jhro_tui.store.db import database
from jhro_tui.store.models import (
    BulkLoad,
    Case,
    CaseCounter,
    CaseStatusChange,
    Office,
    utc_now,
)

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) as the import goes."""

BATCH = 400
"""Rows per INSERT statement (under SQLite's bound on parameters for the widest table)."""


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    """Rows written, per table."""
    references: list[str] = field(default_factory=list)
    """The new cases' references, in the file's order."""
    case_ids: list[int] = field(default_factory=list)
    """Their ids, in the same order (to open one from the screen)."""
    sources: list[str] = field(default_factory=list)
    """Their references in the file, in the same order."""
    duplicates: list[str] = field(default_factory=list)
    """References of the file already imported (or of this database's own cases)."""

    @property
    def cases(self) -> int:
        return self.created.get(CASE_TABLE, 0)


IMPORT_LIMIT = 2 * 1024 * 1024 * 1024
"""The largest file an import reads (a whole country's caseload is far smaller)."""


def exchange_files(session: Session) -> list[str]:
    """The names of the files in the account's exchange folder, where a file to import
    is put (by sftp, or by an administrator)."""
    return [item.name for item in attachments.exchange_files(session)]


def read_exchange_file(session: Session, name: str,
                       passphrase: Callable[[], str] | None = None) -> Document:
    """A file of the account's exchange folder, read as ``read`` does (a link, a FIFO or
    a device is refused)."""
    try:
        data = exchange.read_file(attachments.exchange_folder(session),
                                  exchange.check_name(name), IMPORT_LIMIT)
    except exchange.TooLarge:
        raise ValidationError("file", N_("{name} is larger than jhro imports."),
                              name=name) from None
    return read(data, name, passphrase)


def read(data: bytes, name: str, passphrase: Callable[[], str] | None = None) -> Document:
    """The file's content as a document; an encrypted bundle asks ``passphrase``."""
    if bundle.is_bundle(data[:64]):
        if passphrase is None:
            raise ValidationError("file", N_("{name} is an encrypted bundle: its passphrase "
                                             "is needed."), name=name)
        data = bundle.open_sealed(data, passphrase())
    text = decode(data, name)
    if text.lstrip()[:1] == "{":
        return read_json(text, name)
    return flat_csv.read(text, name)


@dataclass
class _Planned:
    table: Table
    rows: list[dict[str, Any]]
    """Stored values, with links as the file's ids."""
    ids: dict[int, int] = field(default_factory=dict)
    """File id -> index in ``rows``."""


class _Checker:
    def __init__(self, document: Document, rules: Rules) -> None:
        self.document = document
        self.rules = rules
        self.problems: list[Problem] = list(document.problems)
        self.planned: dict[str, _Planned] = {}
        self.present: dict[str, set[Any]] = {}
        """Every id each table has in the file, faulty rows' included."""
        self.case_of: dict[tuple[str, int], int] = {}
        """(table, file id) -> the file id of the case its row belongs to."""

    def problem(self, table: str, index: int, row: Any, field_name: str,
                error: JhroError | str) -> None:
        ident = row.get("id") if isinstance(row, dict) else None
        where = f"{table} {ident}" if isinstance(ident, int) else f"{table} #{index + 1}"
        message = error.message() if isinstance(error, JhroError) else error
        self.problems.append(Problem(self.document.name, self.document.line_of(table, index),
                                     where, field_name, message))

    def run(self) -> dict[str, _Planned]:
        for name in self.document.tables:
            if name not in BY_NAME:
                self.problems.append(Problem(
                    self.document.name, None, name, "tables",
                    ValidationError("tables", N_("Unknown table {name}: jhro imports "
                                                 "{known}."), name=name,
                                    known=", ".join(BY_NAME)).message()))
        for table in TABLES:
            self._table(table)
        return self.planned

    def _table(self, table: Table) -> None:
        planned = self.planned[table.name] = _Planned(table, [])
        self.present[table.name] = {row.get("id") for row in
                                    self.document.tables.get(table.name, [])
                                    if isinstance(row, dict)
                                    and isinstance(row.get("id"), int)}
        known = {column.name for column in table.columns}
        derived = DERIVED.get(table.name, frozenset())
        read = [(column, column.required and (table.name, column.name) not in FILLED,
                 text_limit(column.name) if column.kind == "text" else None)
                for column in table.columns
                if column.name not in derived and column.name != OFFICE_COLUMN]
        catalog = self.rules.catalog
        seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {}
        for index, raw in enumerate(self.document.tables.get(table.name, [])):
            if not isinstance(raw, dict):
                self.problem(table.name, index, raw, "-", ValidationError(
                    "row", N_("A row must be an object of fields.")))
                continue
            faults = len(self.problems)
            for key in raw.keys() - known - derived:
                self.problem(table.name, index, raw, key, ValidationError(
                    key, N_("Unknown field {name}."), name=key))
            stored: dict[str, Any] = {}
            for column, required, limit in read:
                try:
                    value = from_file(table.name, column, raw.get(column.name), catalog,
                                      required=required)
                    if limit is not None and value is not None and len(value) > limit:
                        raise ValidationError(column.name, N_("Too long: {length} characters, "
                                                              "at most {limit}."),
                                              length=len(value), limit=limit)
                except ValidationError as exc:
                    self.problem(table.name, index, raw, column.name, exc)
                    continue
                stored[column.name] = value
            if table.name == CASE_TABLE:
                stored["reference"] = raw.get("reference")
                if not isinstance(stored["reference"], str) or not stored["reference"].strip():
                    self.problem(table.name, index, raw, "reference", ValidationError(
                        "reference", N_("A case needs its reference in the file it "
                                        "comes from.")))
            if len(self.problems) > faults:
                continue
            check = CHECKS.get(table.name)
            if check is not None:
                try:
                    stored = check(stored, self.rules)
                except ValidationError as exc:
                    self.problem(table.name, index, raw, exc.field, exc)
                    continue
            ident = stored["id"]
            if ident in planned.ids:
                self.problem(table.name, index, raw, "id", ValidationError(
                    "id", N_("Another {table} row has the id {id}."), table=table.name,
                    id=ident))
                continue
            if not self._links(table, index, raw, stored):
                continue
            if not self._unique(table, index, raw, stored, seen):
                continue
            planned.ids[ident] = len(planned.rows)
            planned.rows.append(stored)

    def _unique(self, table: Table, index: int, raw: Any, stored: dict[str, Any],
                seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]]) -> bool:
        for names in table.unique:
            key = tuple(stored.get(name) for name in names)
            first = seen.setdefault(names, {}).setdefault(key, stored["id"])
            if first != stored["id"]:
                self.problem(table.name, index, raw, names[-1], ValidationError(
                    names[-1], N_("Same {fields} as {table} {id}: each must be different."),
                    fields=", ".join(names), table=table.name, id=first))
                return False
        return True

    def _links(self, table: Table, index: int, raw: Any, stored: dict[str, Any]) -> bool:
        """Each link names a row of the file; a row's parents belong to one case."""
        cases: set[int] = set()
        fine = True
        for column in table.columns:
            if column.kind not in ("case", "link"):
                continue
            target = stored.get(column.name)
            if target is None:
                continue
            if target not in self.planned[column.target].ids:
                if target in self.present[column.target]:
                    fine = False  # its parent's own problems are reported already
                elif column.cascades or column.required:
                    self.problem(table.name, index, raw, column.name, ValidationError(
                        column.name, N_("Refers to {table} {id}, which is not in the "
                                        "file (or has problems of its own)."),
                        table=column.target, id=target))
                    fine = False
                else:
                    stored[column.name] = None
                continue
            if column.kind == "case":
                cases.add(target)
            elif column.cascades and (column.target, target) in self.case_of:
                cases.add(self.case_of[(column.target, target)])
        if table.name == CASE_TABLE:
            self.case_of[(table.name, stored["id"])] = stored["id"]
        elif sum(column.kind == "case" for column in table.columns) > 1:
            pass  # a link between two cases (related cases) belongs to both
        elif len(cases) > 1:
            self.problem(table.name, index, raw, "case", ValidationError(
                "case", N_("Its parents belong to different cases.")))
            fine = False
        elif cases:
            self.case_of[(table.name, stored["id"])] = cases.pop()
        return fine


def import_cases(session: Session, document: Document, *, officer: str | None = None,
                 progress: Progress | None = None) -> ImportReport:
    """Check every row of ``document``, then write them all in one unit of work (or
    nothing, raising ``ImportRefused`` with every problem found)."""
    with access.working(session, "cases.import") as work:
        who = work.who
        target = who.id
        if officer and officer != who.name:
            if not who.is_supervisor:
                raise work.denied(f"officer={officer}")
            target = _case_account(officer, who.office, "officer").id
        if not who.office:
            raise ValidationError("office", N_("Your account has no field office: an "
                                               "administrator must set one first."))
        checker = _Checker(document, rules(session))
        planned = checker.run()
        if checker.problems:
            raise ImportRefused(checker.problems)
        report = ImportReport()
        _leave_out(planned, report)
        _write(planned, who.id, target, who.office, document.name, report, progress,
               work.audit)
        work.audit("cases.import", f"file={document.name} cases={report.cases} "
                   f"duplicates={len(report.duplicates)} rows={sum(report.created.values())}",
                   target=f"office:{who.office}")
    return report


def _leave_out(planned: dict[str, _Planned], report: ImportReport) -> None:
    """Leave out the cases imported before (or this database's own), and with them every
    row that hangs on them; a carried row (a proceeding) no case of the file needs goes
    too, as no one could see it."""
    cases = planned[CASE_TABLE]
    references = [row["reference"].strip() for row in cases.rows]
    known: set[str] = set()
    for start in range(0, len(references), BATCH):
        some = references[start:start + BATCH]
        ours: Any = Case.select(Case.reference).where(Case.reference.in_(some))
        imported: Any = Case.select(Case.source_reference).where(
            Case.source_reference.in_(some))
        known |= {row[0] for row in ours.tuples()} | {row[0] for row in imported.tuples()}
    seen: set[str] = set()
    kept_cases = []
    for row, reference in zip(cases.rows, references, strict=True):
        if reference in known or reference in seen:
            report.duplicates.append(reference)
        else:
            kept_cases.append(row)
        seen.add(reference)
    cases.rows = kept_cases
    kept: dict[str, set[Any]] = {CASE_TABLE: {row["id"] for row in cases.rows}}

    def keep(name: str) -> set[Any]:
        if name in kept:
            return kept[name]
        table, plan = BY_NAME[name], planned[name]
        if table.carried:
            needed = set()
            for user, column in users_of(name):
                others = [c for c in user.parents if c is not column]
                needed |= {row.get(column.name) for row in planned[user.name].rows
                           if all(row.get(c.name) in keep(c.target) for c in others)}
            plan.rows = [row for row in plan.rows if row["id"] in needed]
        else:
            plan.rows = [row for row in plan.rows if all(
                row.get(c.name) is None or row.get(c.name) in keep(c.target)
                for c in table.parents)]
        kept[name] = {row["id"] for row in plan.rows}
        return kept[name]

    for plan in planned.values():
        keep(plan.table.name)
        plan.ids = {row["id"]: index for index, row in enumerate(plan.rows)}


def _write(planned: dict[str, _Planned], author: int, officer: int, office: str, name: str,
           report: ImportReport, progress: Progress | None, audit: Callable[..., None]
           ) -> None:
    total = sum(len(plan.rows) for plan in planned.values())
    done = 0
    now = utc_now()
    new_ids: dict[str, dict[int, int]] = {}
    BulkLoad.insert(flag=1).execute()
    for table in TABLES:
        plan = planned[table.name]
        model: Any = table.model
        first = (model.select(fn.MAX(model.id)).scalar() or 0) + 1
        mapping = new_ids[table.name] = {row["id"]: first + index
                                         for index, row in enumerate(plan.rows)}
        if table.name == CASE_TABLE:
            _number(plan.rows, office)
        rows = [_stored(table, row, mapping, new_ids, author, officer, office, now)
                for row in plan.rows]
        if rows:
            # Through the cursor: peewee builds an INSERT's SQL value by value, which
            # took most of an import's time.
            fields = [model._meta.fields[key] for key in rows[0]]
            statement = (f'INSERT INTO "{table.name}" ('
                         + ", ".join(f'"{f.column_name}"' for f in fields) + ") VALUES ("
                         + ", ".join("?" for _ in fields) + ")")
            cursor = database.cursor()
            for start in range(0, len(rows), BATCH):
                cursor.executemany(statement, [
                    tuple(f.db_value(value) for f, value in zip(fields, row.values(),
                                                                  strict=True))
                    for row in rows[start:start + BATCH]])
                done += len(rows[start:start + BATCH])
                if progress is not None:
                    progress(done, total)
        report.created[table.name] = len(rows)
    cases = new_ids[CASE_TABLE]
    if cases:
        low, high = min(cases.values()), max(cases.values())
        search.index_cases(low, high)
        database.execute_sql(_INCIDENT_SUMMARY, (low, high))
        CaseStatusChange.insert_many(
            [(case_id, "", "draft", author, now, f"imported from {name}")
             for case_id in cases.values()],
            fields=[CaseStatusChange.case, CaseStatusChange.from_status,
                    CaseStatusChange.to_status, CaseStatusChange.by, CaseStatusChange.at,
                    CaseStatusChange.comment]).execute()
        for row in planned[CASE_TABLE].rows:
            report.references.append(row["new_reference"])
            report.case_ids.append(cases[row["id"]])
            report.sources.append(row["reference"].strip())
            audit("case.import", f"from={row['reference']} file={name}",
                  target=f"case:{row['new_reference']}")
    BulkLoad.delete().execute()
    # The planner's statistics, for tables that grew or were never analysed (a new
    # office's database has none): without them SQLite crosses the two IN lists of a
    # link table's export query (victim ids × violation ids), 80 s at 10,000 cases
    # instead of 0.1 s. SQLite bounds the work itself (analysis_limit): 0.07 s here.
    database.execute_sql("PRAGMA optimize=0x10002")


_INCIDENT_SUMMARY = """UPDATE case_file SET
    incident_start = (SELECT min(date_value) FROM incident WHERE case_id = case_file.id),
    incident_end = (SELECT max(period_end) FROM incident WHERE case_id = case_file.id),
    incident_precision = (SELECT date_precision FROM incident WHERE case_id = case_file.id
                          ORDER BY date_value, id LIMIT 1),
    incident_estimated = coalesce((SELECT date_estimated FROM incident
                                   WHERE case_id = case_file.id
                                   ORDER BY date_value, id LIMIT 1), 0)
    WHERE id BETWEEN ? AND ?"""
"""What the incident triggers keep on each case, which stand aside during a bulk load."""


def _number(rows: list[dict[str, Any]], office: str) -> None:
    """Give each new case the office's next reference of its year, one counter update per
    year."""
    code = Office.get(Office.name == office).code
    last: dict[int, int] = {}
    for row in rows:
        year = row["opened_on"].year
        if year not in last:
            counter = CaseCounter.get_or_none(CaseCounter.office == office,
                                              CaseCounter.year == year)
            last[year] = counter.last if counter else 0
            if counter is None:
                CaseCounter.insert(office=office, year=year, last=0).execute()
        last[year] += 1
        row["new_reference"] = format_reference(code, year, last[year])
    for year, number in last.items():
        CaseCounter.update(last=number).where(CaseCounter.office == office,
                                              CaseCounter.year == year).execute()


def _stored(table: Table, row: dict[str, Any], mapping: dict[int, int],
            new_ids: dict[str, dict[int, int]], author: int, officer: int, office: str,
            now: dt.datetime) -> dict[str, Any]:
    """The row as inserted: the file's ids mapped to new ones, authors to the importer,
    the office to the importing one; columns the file left out take their defaults."""
    out: dict[str, Any] = {}
    for name, model_field in table.model._meta.fields.items():
        column: Column | None = table.column(name)
        if name == "id":
            out[name] = mapping[row["id"]]
        elif column is not None and column.kind in ("case", "link"):
            target = row.get(name)
            out[name] = new_ids[column.target].get(target) if target is not None else None
        elif column is not None and column.kind == "account":
            out[name] = author if row.get(name) is not None or not model_field.null else None
        elif column is not None and column.kind == "out":
            out[name] = None
        elif name == OFFICE_COLUMN:
            out[name] = office
        elif name == "version":
            out[name] = 1
        elif name in row and row[name] is not None:
            out[name] = row[name]
        elif model_field.default is not None:
            default = model_field.default
            out[name] = default() if callable(default) else default
        else:
            out[name] = None
    if table.name == CASE_TABLE:
        out.update(reference=row["new_reference"], status="draft", officer=officer,
                   source_reference=row["reference"].strip(), created_by=author,
                   updated_by=author, updated_at=now)
        for derived in ("incident_start", "incident_end", "incident_precision"):
            out[derived] = None
        out["incident_estimated"] = False
    return out
