"""Import and export of cases (issue 21): 10,000 cases with their incidents, violations,
victims and the links between victims and violations, imported into an empty database
from JSON and from the one-row-per-violation CSV, then exported again.

The file is made here (``generate``, a fixed seed): what a partner's database would send,
in the documented format (``services/exchange/document.py``, ``flat_csv.py``), with codes
of the reference data, partial dates as typed in the forms, named and unnamed victims,
and only the fields both formats carry, so that the JSON and the CSV hold the same
records. The database is a fresh vault (one office, its supervisor, the test KDF, as the
tests build one), copied afresh for every import; the supervisor imports.

The import is the service (``importing.read`` then ``importing.import_cases``), timed
whole and in its parts: reading and parsing the file, checking every row (the forms'
validation, codes, links), writing (the inserts, the search index, the status history,
an audit event a case), and the rest (the duplicates looked up, then the unit of work's
end: the audit trail's rows and the COMMIT). Hooks around ``_Checker.run`` and
``_write`` only read the clock. Baselines, in the same run: the file parsed by the standard library
alone (``json.loads``, ``csv.reader``), and the very rows the service wrote, read back and
inserted with ``executemany`` in one transaction into a plain SQLite file (stdlib
``sqlite3``, no encryption) with the same schema, the insert triggers standing aside as
they do for the import. The ratio is what validation, encryption, the search index and
the audit trail cost over storing the rows.

The export is ``export_cases`` of those 10,000 cases (the supervisor's office), beside
the same SELECTs (peewee's own SQL for them) run through ``sqlcipher3`` on the same
database.

    python -m bench.exchange [--cases N] [--imports N]   only these figures (10,000 cases,
                                                         3 imports of each format and 3
                                                         exports; about 2 minutes)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import io
import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import caseload, machine, rawsql, report
from bench.justice import timed
from bench.stats import Row, Samples, Target

CASES = 10_000
SEED = 1
IMPORT_RUNS = 3
"""Imports of each format, and exports: one takes seconds, so a garbage collection
(50–170 ms) cannot move its median, and each import needs its own empty database."""
OFFICE = "Goma"
ADMIN, SUPERVISOR = "admin", "supervisor"
PASSPHRASES = {ADMIN: "violet tundra ledger 4417", SUPERVISOR: "quiet meadow granite 7731"}
IMPORT_TARGET = Target("< 10 s", limit=10.0)
IMPORTED = ("case_file", "incident", "violation", "victim", "victim_violation")
"""The tables the file fills (the CSV adds no consent: no victim of the file has one)."""

WORK = caseload.SCRATCH / "exchange"

PLACES = ("Kiwanja", "Rutshuru", "Mangina", "Kitchanga", "Minova", "Sake", "Nyiragongo",
          "Bunagana", "Kalehe", "Masisi", "Pinga", "Walikale", "Beni", "Oicha", "Lubero")
FIRST = ("Zawadi", "Amani", "Neema", "Furaha", "Espoir", "Josué", "Béatrice", "Gédéon",
         "Mapendo", "Kahindo", "Muhindo", "Ngalula", "Héritier", "Esther", "Patient")
LAST = ("KAHINDO", "MBUYI", "KASEREKA", "BISIMWA", "LUKUSA", "ILUNGA", "MWAMBA", "BAHATI",
        "KAKULE", "NDJOLI", "BALAGIZI", "KASONGO", "MAPENDO", "PALUKU", "MUSAFIRI")
SENTENCES = (
    "According to the information gathered, armed men entered the village at night.",
    "Selon les informations recueillies, des éléments armés ont fait irruption à l'aube.",
    "The victims were interviewed separately by the office team.",
    "Les faits ont été rapportés par une organisation partenaire puis vérifiés.",
    "Several houses were looted and livestock taken.",
    "Des témoins affirment que les auteurs portaient des uniformes.",
    "A medical certificate was obtained from the referral hospital.",
    "Les victimes ont été conduites vers un lieu inconnu puis relâchées.",
)


# -- the file -------------------------------------------------------------------------


def generate(cases: int, seed: int, catalog: Any) -> dict[str, list[dict[str, Any]]]:
    """``cases`` cases as a partner's file holds them (file ids, codes, partial dates):
    1–3 incidents each, 1–3 violations an incident, 1–4 victims, each victim linked to
    one or two of the case's violations; a third of the violations count unnamed
    victims."""
    from jhro_tui.services import forms

    rng = random.Random(seed)
    territories = {}
    for province in catalog.terms("province"):
        children = [t.code for t in catalog.terms("territory", parent=province.code)]
        if children:
            territories[province.code] = children
    provinces = sorted(territories)
    types = [term.code for term in catalog.terms("violation_type")
             if not catalog.has_children("violation_type", term.code)]
    labels = {code: catalog.label("violation_type", code, "en") for code in types}
    verification = list(forms.VERIFICATION)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in IMPORTED}
    first_day, span = dt.date(2019, 1, 1), (dt.date(2025, 6, 30) - dt.date(2019, 1, 1)).days

    def row_id(table: str) -> int:
        return len(tables[table]) + 1

    for number in range(1, cases + 1):
        case_id = row_id("case_file")
        province = rng.choice(provinces)
        day = first_day + dt.timedelta(days=rng.randrange(span))
        violations: list[int] = []
        title = ""
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            incident_id = row_id("incident")
            when = day + dt.timedelta(days=rng.randrange(30))
            shape = rng.random()
            date = (when.isoformat() if shape < 0.70 else when.isoformat()[:7]
                    if shape < 0.85 else str(when.year) if shape < 0.90
                    else "~" + when.isoformat())
            end = (when + dt.timedelta(days=rng.randint(1, 5))).isoformat() \
                if shape < 0.70 and rng.random() < 0.1 else None
            place = rng.choice(PLACES)
            tables["incident"].append({
                "id": incident_id, "case": case_id, "date": date, "end": end,
                "province_code": province,
                "territory_code": rng.choice(territories[province]),
                "locality": place, "description": " ".join(rng.sample(SENTENCES, 2))})
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                violation_id = row_id("violation")
                code = rng.choice(types)
                title = title or f"{labels[code]} — {place}"
                unnamed = {f"unnamed_{group}": 0 for group in forms.UNNAMED_GROUPS}
                if rng.random() < 0.33:
                    unnamed[f"unnamed_{rng.choice(forms.UNNAMED_GROUPS)}"] = rng.randint(1, 20)
                tables["violation"].append({
                    "id": violation_id, "incident": incident_id, "case": case_id,
                    "type_code": code, "verification_status": rng.choice(verification),
                    "description": rng.choice(SENTENCES) if rng.random() < 0.3 else "",
                    **unnamed})
                violations.append(violation_id)
        tables["case_file"].append({
            "id": case_id, "reference": f"PARTNER-{day.year}-{number:06d}", "title": title,
            "opened_on": (day + dt.timedelta(days=30 + rng.randrange(60))).isoformat(),
            "province_code": province, "priority": rng.choice(("normal", "normal", "high",
                                                               "low", "urgent")),
            "confidentiality": rng.choice(("confidential", "strictly_confidential")),
            "narrative": " ".join(rng.sample(SENTENCES, 4))})
        for index in range(1, rng.randint(1, 4) + 1):
            victim_id = row_id("victim")
            named = rng.random() < 0.4
            age = rng.randint(4, 70) if rng.random() < 0.6 else None
            tables["victim"].append({
                "id": victim_id, "case": case_id, "code": f"V{index:02d}",
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}" if named else "",
                "contact": f"+243 99 {rng.randrange(10**7):07d}" if named and
                rng.random() < 0.5 else "",
                "sex": rng.choice(("female", "female", "male", "male", "unknown")),
                "age": age, "age_group": "unknown" if age is not None
                else rng.choice(("adult", "child", "unknown"))})
            for violation_id in rng.sample(violations, min(len(violations),
                                                           rng.choice((1, 1, 2)))):
                tables["victim_violation"].append({
                    "id": row_id("victim_violation"), "victim": victim_id,
                    "violation": violation_id,
                    "involvement": "direct" if rng.random() < 0.85 else "indirect"})
    return tables


def encode(tables: dict[str, list[dict[str, Any]]], fmt: str) -> bytes:
    from jhro_tui.services.exchange import flat_csv
    from jhro_tui.services.exchange.document import FORMAT, VERSION, dumps

    if fmt == "csv":
        return flat_csv.write(tables)
    return dumps({"format": FORMAT, "version": VERSION, "office": "a partner"}, tables)


# -- the databases --------------------------------------------------------------------


def fresh_vault(directory: Path) -> None:
    """An empty vault: the office Goma and its supervisor, the test KDF (tests/conftest's
    ``build_vault``, without the officer)."""
    from jhro_tui.config import Paths
    from jhro_tui.security.keys import TEST_KDF
    from jhro_tui.services import offices
    from jhro_tui.services.accounts import NewAccount, create_account
    from jhro_tui.services.setup import initialize

    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    paths = Paths(directory)
    initialize(paths, NewAccount(ADMIN, "admin", "Amina Kabila", "Kinshasa"),
               PASSPHRASES[ADMIN], kdf=TEST_KDF)
    session = login(directory, ADMIN)
    try:
        offices.create_office(session, OFFICE)
        create_account(session, NewAccount(SUPERVISOR, "supervisor", "Sophie Ilunga", OFFICE),
                       PASSPHRASES[SUPERVISOR], kdf=TEST_KDF)
    finally:
        session.close()


def login(directory: Path, account: str) -> Any:
    from jhro_tui.config import Paths, Settings
    from jhro_tui.services.session import login as open_session

    return open_session(Paths(directory), Settings(), account, PASSPHRASES[account])


def copy_vault(template: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    (target / "login-throttle.json").unlink(missing_ok=True)
    return target


@contextmanager
def phases(times: dict[str, float]) -> Iterator[None]:
    """Record how long the import's check and write take; the service runs unchanged."""
    from jhro_tui.services.exchange import importing

    def clocked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - started
        return run

    check, write = importing._Checker.run, importing._write
    importing._Checker.run = clocked("check", check)  # type: ignore[method-assign]
    importing._write = clocked("write", write)
    try:
        yield
    finally:
        importing._Checker.run = check  # type: ignore[method-assign]
        importing._write = write


def import_once(directory: Path, data: bytes, name: str, cases: int) -> dict[str, float]:
    """One import into ``directory`` (an empty vault): seconds for each part."""
    from jhro_tui.services.exchange import importing

    session = login(directory, SUPERVISOR)
    times: dict[str, float] = {}
    try:
        with phases(times):
            started = time.perf_counter()
            document = importing.read(data, name)
            times["read"] = time.perf_counter() - started
            result = importing.import_cases(session, document)
            times["total"] = time.perf_counter() - started
    finally:
        session.close()
    if result.cases != cases or result.duplicates:
        raise RuntimeError(f"the import of {name} made {result.cases} cases")
    times["rows"] = float(sum(result.created.values()))
    return times


def written_rows(directory: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The rows an import wrote to the file's tables, as stored."""
    key = rawsql.database_key(directory, SUPERVISOR, PASSPHRASES[SUPERVISOR])
    conn = rawsql.connect(directory / "jhro.db", key)
    try:
        rows = {}
        for table in IMPORTED:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY id')
            rows[table] = ([column[0] for column in cursor.description], cursor.fetchall())
        return rows
    finally:
        conn.close()


def plain_schema(template: Path, target: Path) -> None:
    """An unencrypted copy of the empty vault's database: the same tables, indexes and
    triggers, the same reference data and accounts (it holds no case)."""
    key = rawsql.database_key(template, SUPERVISOR, PASSPHRASES[SUPERVISOR])
    conn = rawsql.connect(template / "jhro.db", key)
    try:
        escaped = str(target).replace("'", "''")
        target.unlink(missing_ok=True)
        conn.execute(f"ATTACH DATABASE '{escaped}' AS plain KEY ''")
        try:
            conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        finally:
            conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()


def plain_insert(path: Path, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]
                 ) -> float:
    """Seconds to insert ``rows`` into the plain file at ``path`` (stdlib ``sqlite3``,
    jhro's pragmas), one ``executemany`` a table, one transaction."""
    from jhro_tui.security.vault import PRAGMAS

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Not trusted_schema: the standard library's older SQLite refuses, at prepare
        # time, the insert triggers that write to the search index (they stand aside).
        for name, value in PRAGMAS:
            if name != "trusted_schema":
                conn.execute(f"PRAGMA {name} = {value}")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO bulk_load (flag) VALUES (1)")
        for table, (columns, values) in rows.items():
            conn.executemany(
                f'INSERT INTO "{table}" (' + ", ".join(f'"{c}"' for c in columns)
                + ") VALUES (" + ", ".join("?" for _ in columns) + ")", values)
        conn.execute("DELETE FROM bulk_load")
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def parse_alone(data: bytes, fmt: str) -> None:
    text = data.decode("utf-8")
    if fmt == "json":
        json.loads(text)
    else:
        list(csv.reader(io.StringIO(text, newline="")))


def export_sql(directory: Path) -> list[tuple[str, tuple[Any, ...]]]:
    """The SELECTs ``export_cases`` sends for the office's rows, as peewee writes them."""
    from jhro_tui.services.exchange.graph import TABLES, selections
    from jhro_tui.store.models import Account, Case

    session = login(directory, SUPERVISOR)
    try:
        chosen = selections(Case.select(Case.id).where(Case.office == OFFICE))
        statements = [Account.select(Account.id, Account.name).sql()]
        for table in TABLES:
            model: Any = table.model
            statements.append(model.select().where(model.id.in_(chosen[table.name]))
                              .order_by(model.id).sql())
        return [(sql, tuple(params)) for sql, params in statements]
    finally:
        session.close()


def _date_params(params: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(value.isoformat() if isinstance(value, dt.date) else value
                 for value in params)


# -- the figures ----------------------------------------------------------------------


def measure(repeat: int, cases: int = CASES, runs: int = IMPORT_RUNS,
            log: Callable[[str], None] = print) -> list[Row]:
    from jhro_tui.services import reference
    from jhro_tui.services.exchange import exporting

    WORK.mkdir(parents=True, exist_ok=True)
    template = WORK / "empty"
    fresh_vault(template)
    session = login(template, SUPERVISOR)
    try:
        tables = generate(cases, SEED, reference.catalog(session))
    finally:
        session.close()
    counts = {name: len(rows) for name, rows in tables.items()}
    files = {fmt: encode(tables, fmt) for fmt in ("json", "csv")}
    scale = (f"{counts['case_file']:,} cases, {counts['incident']:,} incidents, "
             f"{counts['violation']:,} violations, {counts['victim']:,} victims, "
             f"{counts['victim_violation']:,} links")
    log(f"file: {scale}; JSON {len(files['json']) / 2**20:.1f} MiB, "
        f"CSV {len(files['csv']) / 2**20:.1f} MiB")
    plain_template = WORK / "plain-empty.db"
    plain = WORK / "plain.db"
    rows: list[Row] = []
    target = WORK / "import"
    try:
        plain_schema(template, plain_template)
        for fmt, data in files.items():
            log(f"import from {fmt.upper()} ×{runs}")
            results = []
            for _run in range(runs):
                copy_vault(template, target)
                results.append(import_once(target, data, f"cases.{fmt}", cases))
            written = written_rows(target)
            inserts = []
            for _run in range(runs):
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{plain}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(plain_template, plain)
                inserts.append(plain_insert(plain, written))
            parsed = timed(functools.partial(parse_alone, data, fmt), repeat)
            stored = int(results[0]["rows"])
            label = f"Import {fmt.upper()}, {cases:,} cases ({stored:,} rows"
            insert_label = "(plain SQLite: the same rows, executemany, one transaction)"
            rows += [
                Row(f"{label}): read, check, write, total", "s",
                    Samples.of([r["total"] for r in results]), Samples.of(inserts),
                    insert_label, IMPORT_TARGET),
                Row(f"{label}): read and parse the file", "s",
                    Samples.of([r["read"] for r in results]), Samples.of(parsed),
                    f"(`{'json.loads' if fmt == 'json' else 'csv.reader'}` alone)"),
                Row(f"{label}): check every row (forms' validation, codes, links)", "s",
                    Samples.of([r["check"] for r in results])),
                Row(f"{label}): write (rows, search index, status history, audit events)",
                    "s", Samples.of([r["write"] for r in results]), Samples.of(inserts),
                    insert_label),
                Row(f"{label}): the rest (duplicates looked up, audit trail, COMMIT)", "s",
                    Samples.of([r["total"] - r["read"] - r["check"] - r["write"]
                                for r in results])),
            ]
        log("export of the imported cases")
        session = login(target, SUPERVISOR)
        try:
            exports = {fmt: timed(functools.partial(exporting.export_cases, session, fmt,
                                                    plaintext_understood=True), runs)
                       for fmt in ("json", "csv")}
            size = len(exporting.export_cases(session, "json",
                                               plaintext_understood=True).content)
        finally:
            session.close()
        statements = export_sql(target)
        key = rawsql.database_key(target, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        conn = rawsql.connect(target / "jhro.db", key)
        try:
            raw = timed(lambda: [conn.execute(sql, _date_params(params)).fetchall()
                                 for sql, params in statements], runs)
        finally:
            conn.close()
        for fmt, seconds in exports.items():
            rows.append(Row(
                f"Export {fmt.upper()} (`export_cases`), the {cases:,} imported cases"
                + (f" ({size / 2**20:.1f} MiB)" if fmt == "json" else ""), "s",
                Samples.of(seconds), Samples.of(raw), "(the same SELECTs through sqlcipher3)"))
    finally:
        for path in (target, template):
            shutil.rmtree(path, ignore_errors=True)
        for path in (plain, plain_template):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        if not any(WORK.iterdir()):
            WORK.rmdir()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--repeat", type=int, default=7,
                        help="runs of the parse baselines (a fraction of a second each)")
    parser.add_argument("--imports", type=int, default=IMPORT_RUNS,
                        help="imports of each format (each into an empty database) and "
                             "exports")
    args = parser.parse_args(argv)
    about = machine.describe()
    print(f"machine: {about['cpu']}, {about['cores']} cores, {about['memory']}; "
          f"{about['sqlcipher']}")
    for row in measure(args.repeat, args.cases, args.imports):
        baseline = row.baseline or Samples(())
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "; target met", False: "; target MISSED", None: ""}[row.verdict]
        print(f"{row.figure}: median {report.number(row.samples.median, row.unit)}, "
              f"min {report.number(row.samples.low, row.unit)}, "
              f"max {report.number(row.samples.high, row.unit)}; baseline "
              f"{report.number(baseline.median, row.unit)} {row.baseline_label}; "
              f"ratio {ratio}{met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
