"""Schema versions: an older database is upgraded on open, a newer one is refused."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playhouse.migrations import Runner

from jhro_tui.security.vault import Vault
from jhro_tui.store import schema
from jhro_tui.store.schema import NewerSchema
from tests.conftest import ADMIN, OFFICER, CliResult, VaultDir, build_vault
from tests.core.support import inspect

LOGIN_HISTORY = "0010_login_history"
ACCOUNT_SCOPE = "0015_account_scope"
SOURCE_REFERENCE = "0020_source_reference"


def applied_migrations(vault: VaultDir) -> set[str]:
    opened = Vault.open(vault.paths, vault.roots())
    try:
        return {row[0] for row in opened.db.execute_sql("SELECT name FROM schema_migration")}
    finally:
        opened.close()


def tables(vault: VaultDir) -> set[str]:
    opened = Vault.open(vault.paths, vault.roots())
    try:
        return {row[0] for row in opened.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        opened.close()


def as_of(old_jhro: pytest.MonkeyPatch, migrations: Path) -> None:
    """Build with only ``migrations``, and 0010 and 0015, whose account columns every
    account this jhro creates writes, and 0020 once there are cases (they only add
    columns, so the order of migrations does not matter to them)."""
    for name in (LOGIN_HISTORY, ACCOUNT_SCOPE):
        shutil.copy(schema.MIGRATIONS / f"{name}.py", migrations)
    if (migrations / "0002_cases.py").exists():
        # Every case this jhro opens writes the column 0020 adds.
        shutil.copy(schema.MIGRATIONS / f"{SOURCE_REFERENCE}.py", migrations)
    old_jhro.setattr(schema, "MIGRATIONS", migrations)


def as_before_offices(old_jhro: pytest.MonkeyPatch) -> None:
    """A jhro older than migration 0006 kept an account's office as free text: no list of
    offices to check it against or to add to."""
    from jhro_tui.services import offices, setup

    old_jhro.setattr(offices, "require_office", lambda office, role: None)
    old_jhro.setattr(offices, "create_office", lambda session, name: None)
    old_jhro.setattr(setup, "add_office", lambda name: None)


def as_before_office_references(old_jhro: pytest.MonkeyPatch) -> None:
    """A jhro older than migration 0011 gave offices no code and counted references in one
    counter per year for all offices."""
    from jhro_tui.services import cases, offices, setup
    from jhro_tui.store.db import database

    def office_without_code(name: str) -> Any:
        database.execute_sql("INSERT INTO office (name, created_at) VALUES (?, ?)",
                             (name, "2025-01-01 00:00:00"))
        return SimpleNamespace(code="")

    def one_counter_for_all(office: str, year: int) -> str:
        row = database.execute_sql("SELECT last FROM case_counter WHERE year = ?",
                                   (year,)).fetchone()
        number = (row[0] if row else 0) + 1
        database.execute_sql("INSERT OR REPLACE INTO case_counter (year, last) VALUES (?, ?)",
                             (year, number))
        return f"JHRO-{year:04d}-{number:05d}"

    old_jhro.setattr(setup, "add_office", office_without_code)
    old_jhro.setattr(offices, "add_office", office_without_code)
    old_jhro.setattr(cases, "next_reference", one_counter_for_all)


def test_every_migration_is_applied_to_a_new_database(vault: VaultDir) -> None:
    shipped = {path.stem for path in schema.MIGRATIONS.glob("[0-9]*.py")}
    assert "0001_initial" in shipped
    assert applied_migrations(vault) == shipped


def test_database_from_a_newer_jhro_is_refused_with_a_clear_message(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    opened = Vault.open(vault.paths, vault.roots())
    try:
        opened.db.execute_sql("INSERT INTO schema_migration (name, applied) VALUES (?, ?)",
                              ("9999_from_the_future", "2030-01-01 00:00:00"))
        opened.checkpoint()
    finally:
        opened.close()
    before = vault.digests()

    result = jhro("user", "list", user=ADMIN)

    assert result.code == NewerSchema.exit_code != 0
    assert result.stderr_lines == [
        "jhro: This database was written by a newer version of jhro (schema "
        "9999_from_the_future); upgrade jhro before opening it."]
    assert result.stdout == ""
    assert vault.digests() == before
    with pytest.raises(NewerSchema):
        vault.login(ADMIN)


def test_older_database_is_upgraded_on_open(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A database made by a jhro that knew only the first migration."""
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    shutil.copy(schema.MIGRATIONS / "0001_initial.py", only_first)
    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, only_first)
        as_before_offices(old_jhro)
        if hasattr(schema, "reference"):  # an old jhro shipped no reference data
            old_jhro.setattr(schema.reference, "sync", lambda db: None)
        vault = build_vault(tmp_path / "data")
    assert applied_migrations(vault) == {"0001_initial", LOGIN_HISTORY, ACCOUNT_SCOPE}
    length_before = inspect(vault).chain.length

    session = vault.login(ADMIN)
    session.close()

    shipped = {path.stem for path in schema.MIGRATIONS.glob("[0-9]*.py")}
    assert applied_migrations(vault) == shipped
    assert {"account", "audit_event", "schema_migration"} <= tables(vault)
    seen = inspect(vault)
    assert seen.chain.intact
    assert seen.chain.length > length_before


def test_failed_upgrade_leaves_the_database_as_it_was(vault: VaultDir, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, broken)
    (broken / "9998_half_done.py").write_text(
        "def up(migrator, db):\n"
        "    db.execute_sql('CREATE TABLE half_done (x INTEGER)')\n"
        "    db.execute_sql('INSERT INTO half_done VALUES (1)')\n"
        "    raise RuntimeError('power cut in the middle of the upgrade')\n")
    tables_before = tables(vault)
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    opened = Vault.open(vault.paths, vault.roots())
    try:
        with pytest.raises(RuntimeError):
            schema.upgrade(opened.db)
        assert "9998_half_done" not in Runner(opened.db, str(broken)).applied()
    finally:
        opened.close()
    assert tables(vault) == tables_before


def test_a_0002_database_gains_the_list_index_and_finds_the_same_cases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0003 swaps the list's sort index in place; search is unchanged."""
    from jhro_tui.services import cases, forms
    from jhro_tui.services.listing import CaseQuery, find_cases
    from tests.conftest import OFFICER

    up_to_0002 = tmp_path / "migrations"
    up_to_0002.mkdir()
    for name in ("0001_initial.py", "0002_cases.py"):
        shutil.copy(schema.MIGRATIONS / name, up_to_0002)
    queries = [CaseQuery(text=text) for text in
               ("k", "Ka", "kal", "Kalehe", "marche", "hommes armés", '"hommes armes"',
                "-Kalehe", "Bukavu OR Uvira", "é", "zebre")]

    def found(session: object) -> list[tuple[int, list[int]]]:
        return [(total, [row.id for row in rows]) for total, rows in
                (find_cases(session, query) for query in queries)]  # type: ignore[arg-type]

    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, up_to_0002)
        as_before_offices(old_jhro)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            for title, narrative in [
                    ("Attaque de Kalehe", "Des hommes armés ont attaqué le marché."),
                    ("Arrestation à Uvira", "Kabila, karaté, kayak."),
                    ("Pillage à Bukavu", "Les hommes sont partis vers Kamanyola.")]:
                cases.create_case(session, forms.CaseForm(title, narrative))
            before = found(session)
        finally:
            session.close()
    assert applied_migrations(vault) == {"0001_initial", "0002_cases", LOGIN_HISTORY,
                                         ACCOUNT_SCOPE, SOURCE_REFERENCE}

    session = vault.login(OFFICER)
    try:
        assert found(session) == before
        assert before[0][0] == 3 and before[3][0] == 1 and before[-1][0] == 0
        # The triggers of 0002 still keep the index current.
        made = cases.create_case(session, forms.CaseForm("Zèbre de Kisangani"))
        assert find_cases(session, CaseQuery(text="zebre"))[1][0].id == made.id
        assert find_cases(session, CaseQuery(text="k"))[0] == 4
    finally:
        session.close()
    assert "0003_list_speed" in applied_migrations(vault)
    opened = Vault.open(vault.paths, vault.roots())
    try:
        table_sql = opened.db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'case_fts'").fetchone()[0]
        indexes = {row[0] for row in opened.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_file'")}
        secure = opened.db.execute_sql(
            "SELECT v FROM case_fts_config WHERE k = 'secure-delete'").fetchone()
    finally:
        opened.close()
    assert "prefix" not in table_sql and "remove_diacritics 2" in table_sql
    assert "case_updated_at_officer_id_office" in indexes and "case_updated_at" not in indexes
    assert secure == (1,)


def test_a_0003_database_stops_reindexing_unchanged_search_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0004 replaces the search row's update trigger; edits are still found."""
    from jhro_tui.services import cases, forms
    from jhro_tui.services.listing import CaseQuery, find_cases
    from tests.conftest import OFFICER

    up_to_0003 = tmp_path / "migrations"
    up_to_0003.mkdir()
    for name in ("0001_initial.py", "0002_cases.py", "0003_list_speed.py"):
        shutil.copy(schema.MIGRATIONS / name, up_to_0003)
    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, up_to_0003)
        as_before_offices(old_jhro)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            made = cases.create_case(session, forms.CaseForm("Attaque de Kalehe"))
        finally:
            session.close()
    assert "0004_search_unchanged" not in applied_migrations(vault)

    session = vault.login(OFFICER)
    try:
        db = session.vault.db

        def index() -> list[tuple[int, bytes]]:
            return [tuple(row) for row in db.execute_sql(
                "SELECT id, block FROM case_fts_data ORDER BY id")]

        before = index()
        with session.vault.write():
            db.execute_sql("UPDATE case_search SET body = body, title = title")
        assert index() == before
        cases.update_case(session, made.id, forms.CaseForm("Attaque de Minova"),
                          expected_version=1)
        assert index() != before
        assert find_cases(session, CaseQuery(text="Kalehe"))[0] == 0
        assert find_cases(session, CaseQuery(text="Minova"))[1][0].id == made.id
    finally:
        session.close()
    assert "0004_search_unchanged" in applied_migrations(vault)


def test_a_0004_database_reads_the_supervisors_queue_through_its_new_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0005 swaps the (office, status) index for one in the queue's order; the
    queue and its count are unchanged, and follow later submissions. (The home lists the
    queue oldest submission first since issue 20: these cases, submitted in SQL with no
    status change recorded, come in the order they were made.)"""
    from jhro_tui.services import cases, forms
    from jhro_tui.store.models import Case, utc_now
    from tests.conftest import OFFICER, SUPERVISOR

    up_to_0004 = tmp_path / "migrations"
    up_to_0004.mkdir()
    for name in ("0001_initial.py", "0002_cases.py", "0003_list_speed.py",
                 "0004_search_unchanged.py"):
        shutil.copy(schema.MIGRATIONS / name, up_to_0004)

    def submitted(session: Any, title: str) -> int:
        # Written in SQL: the services of today write columns that later migrations add.
        made = cases.create_case(session, forms.CaseForm(title, province_code="CD-SK"))
        with session.vault.write():
            session.vault.db.execute_sql(
                "UPDATE case_file SET status = 'submitted', updated_at = ? WHERE id = ?",
                (utc_now(), made.id))
        return made.id

    def queue() -> tuple[int, list[int]]:
        session = vault.login(SUPERVISOR)
        try:
            home = cases.home_summary(session, limit=2)
            return home.to_validate_count, [case.id for case in home.to_validate]
        finally:
            session.close()

    def queue_before_upgrade() -> tuple[int, list[int]]:
        """The queue read as the home screen reads it: this jhro's home also reads columns
        a 0004 database does not have."""
        from jhro_tui.services.listing import summaries

        session = vault.login(SUPERVISOR)
        try:
            waiting = [Case.office == "Goma", Case.status == "submitted"]
            return (Case.select().where(*waiting).count(),
                    [case.id for case in summaries(waiting, 2)])
        finally:
            session.close()

    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, up_to_0004)
        as_before_offices(old_jhro)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            first, second, third = (submitted(session, title) for title in
                                     ("Attaque de Kalehe", "Pillage à Bukavu", "Arrestation"))
            cases.create_case(session, forms.CaseForm("Still a draft"))
        finally:
            session.close()
        before = queue_before_upgrade()
    assert "0005_office_queue" not in applied_migrations(vault)
    assert before == (3, [third, second])

    assert queue() == (before[0], [first, second])
    assert "0005_office_queue" in applied_migrations(vault)
    session = vault.login(OFFICER)
    try:
        submitted(session, "Disparition à Uvira")
    finally:
        session.close()
    assert queue() == (4, [first, second])
    opened = Vault.open(vault.paths, vault.roots())
    try:
        indexes = {row[0] for row in opened.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'case_file'")}
    finally:
        opened.close()
    assert "case_office_status_updated_at" in indexes and "case_office_status" not in indexes


def test_a_0007_database_counts_no_unnamed_victims_until_told(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0008 adds the counts of victims not identified one by one: a violation
    recorded before it has none, and can be given some afterwards."""
    from jhro_tui.services import cases, forms, records
    from jhro_tui.services.dates import PartialDate
    from tests.conftest import OFFICER

    before_0008 = tmp_path / "migrations"
    before_0008.mkdir()
    for path in sorted(schema.MIGRATIONS.glob("[0-9]*.py")):
        if path.stem < "0008" or path.stem == ACCOUNT_SCOPE:
            shutil.copy(path, before_0008)
    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, before_0008)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            made = cases.create_case(session, forms.CaseForm("Attaque de Kalehe"))
            incident = records.add_incident(session, made.id, forms.IncidentForm(
                PartialDate.parse("2024-03"), "CD-SK"))
            # In SQL: today's services write the columns the migration adds.
            with session.vault.write():
                session.vault.db.execute_sql(
                    "INSERT INTO violation (incident_id, case_id, type_code, description, "
                    "verification_status, verification_set_by_id, verification_set_at, "
                    "version, created_at, created_by_id, updated_at, updated_by_id) "
                    "SELECT ?, ?, 'SGBV.RAPE', '', 'reported', id, '2024-03-02', 1, "
                    "'2024-03-02', id, '2024-03-02', id FROM account WHERE name = ?",
                    (incident.id, made.id, OFFICER))
        finally:
            session.close()
    assert "0008_unnamed_victims" not in applied_migrations(vault)

    session = vault.login(OFFICER)
    try:
        (violation,) = cases.get_case(session, made.id).incidents[0].violations
        assert violation.unnamed.total == 0
        changed = records.update_violation(session, violation.id, forms.ViolationForm(
            "SGBV.RAPE", unnamed=forms.UnnamedVictims(women=7, girls=2)),
            expected_version=violation.version)
        assert changed.unnamed.counts() == {"men": 0, "women": 7, "boys": 0, "girls": 2,
                                            "unknown": 0}
    finally:
        session.close()
    assert "0008_unnamed_victims" in applied_migrations(vault)


def test_a_0006_database_searches_both_languages_and_keeps_its_access_history(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0007 writes the search text of the cases already there with their
    violations' labels in both languages, and copies the assignments and shares the audit
    trail holds into the cases' history."""
    from jhro_tui.services import cases, forms, records
    from jhro_tui.services.dates import PartialDate
    from jhro_tui.services.listing import CaseQuery, find_cases
    from tests.conftest import OFFICER, SUPERVISOR

    up_to_0006 = tmp_path / "migrations"  # 0006 too: the vault's offices need it
    up_to_0006.mkdir()
    for path in sorted(schema.MIGRATIONS.glob("000[1-6]_*.py")):
        shutil.copy(path, up_to_0006)

    def found(session: Any, text: str) -> int:
        return find_cases(session, CaseQuery(text=text))[0]

    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, up_to_0006)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            made = cases.create_case(session, forms.CaseForm("Exécution sommaire à Kiwanja"))
            incident = records.add_incident(session, made.id, forms.IncidentForm(
                PartialDate.parse("2024-03"), "CD-NK"))
            assert found(session, '"summary execution"') == 0
            with session.vault.write():  # a violation and a follow-up as an older jhro wrote them
                session.vault.db.execute_sql(
                    "INSERT INTO violation (incident_id, case_id, type_code, description, "
                    "verification_status, verification_set_by_id, verification_set_at, "
                    "version, created_at, created_by_id, updated_at, updated_by_id) "
                    "SELECT ?, ?, 'LIFE.SUMMARY_EXECUTION', '', 'reported', id, "
                    "'2024-03-02', 1, '2024-03-02', id, '2024-03-02', id FROM account "
                    "WHERE name = ?", (incident.id, made.id, OFFICER))
                session.vault.db.execute_sql(
                    "INSERT INTO follow_up (case_id, description, due_on, assigned_to_id, "
                    "version, created_at, created_by_id, updated_at, updated_by_id) "
                    "SELECT id, 'Verify with a second source', '2019-04-02', officer_id, 1, "
                    "created_at, officer_id, created_at, officer_id FROM case_file")
        finally:
            session.close()
        session = vault.login(SUPERVISOR)
        try:  # what an older jhro's assign and share forms left: the audit trail alone
            subject = f"case:{made.reference}"
            session.audit("case.assign", subject, f"{OFFICER}->{SUPERVISOR}")
            session.audit("case.share", subject, f"account={OFFICER}")
            session.audit("case.share", subject, "account=nobody", outcome="denied")
            session.audit("case.unshare", subject, f"account={OFFICER}")
        finally:
            session.close()
    assert "0007_search_labels_access_history" not in applied_migrations(vault)

    session = vault.login(SUPERVISOR)
    try:
        assert found(session, '"summary execution"') == 1
        assert found(session, '"exécution sommaire"') == 1
        history = cases.get_case(session, made.id).access_changes
        assert [(c.kind, c.account, c.previous, c.by) for c in history] == [
            ("assign", SUPERVISOR, OFFICER, SUPERVISOR), ("share", OFFICER, "", SUPERVISOR),
            ("unshare", OFFICER, "", SUPERVISOR)]
        assert history[0].at.date() == history[-1].at.date()
        home = cases.home_summary(session)
        assert [task.description for task in home.follow_ups_overdue] == [
            "Verify with a second source"]  # the office's: it was given the case's office
        db = session.vault.db
        indexes = {row[0] for row in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        segments = db.execute_sql("SELECT count(DISTINCT segid) FROM case_fts_idx").fetchone()
    finally:
        session.close()
    assert {"case_status_order", "perpetrator_category_code_case_id",
            "follow_up_done_at_office_due_on"} <= indexes
    assert "case_status" not in indexes
    assert segments == (1,)


def test_a_0005_database_gets_its_offices_from_the_accounts_and_cases_it_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0006 makes offices records, seeded with every office name already used
    by an account or a case, as written (a misspelt one included, for the administrator to
    see and move its accounts from); from then on an office must be in the list."""
    from jhro_tui.errors import ValidationError
    from jhro_tui.security.keys import TEST_KDF
    from jhro_tui.services import accounts, cases, forms, offices
    from tests.conftest import OFFICER

    up_to_0005 = tmp_path / "migrations"
    up_to_0005.mkdir()
    for path in schema.MIGRATIONS.glob("000[1-5]_*.py"):
        shutil.copy(path, up_to_0005)
    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        as_of(old_jhro, up_to_0005)
        as_before_offices(old_jhro)
        vault = build_vault(tmp_path / "data")
        session = vault.login(ADMIN)
        try:
            accounts.create_account(session, accounts.NewAccount("typo", "officer",
                                                                 office="Gomaa"),
                                    "granite harbour lantern 5521", kdf=TEST_KDF)
            accounts.create_account(session, accounts.NewAccount("second.admin", "admin"),
                                    "granite harbour lantern 5521", kdf=TEST_KDF)
        finally:
            session.close()
        session = vault.login(OFFICER)
        try:
            made = cases.create_case(session, forms.CaseForm("Arrestation à Uvira"))
            with session.vault.write():
                session.vault.db.execute_sql("UPDATE case_file SET office = 'Uvira' "
                                             "WHERE id = ?", (made.id,))
        finally:
            session.close()
    assert "office" not in tables(vault)

    session = vault.login(ADMIN)
    try:
        assert offices.list_offices(session) == [
            offices.OfficeInfo("Goma", 2, "GOM"), offices.OfficeInfo("Gomaa", 1, "GOM2"),
            offices.OfficeInfo("Kinshasa", 1, "KIN"), offices.OfficeInfo("Uvira", 0, "UVI")]
        with pytest.raises(ValidationError) as unknown:
            accounts.create_account(session, accounts.NewAccount("late", "officer",
                                                                 office="Bukavu"),
                                    "granite harbour lantern 5521", kdf=TEST_KDF)
        assert unknown.value.message() == (
            "There is no office Bukavu. Offices: Goma, Gomaa, Kinshasa, Uvira. A new one is "
            "added first, by an administrator.")
        moved = accounts.change_account(session, "typo", "officer", "Goma")
        assert moved.office == "Goma"
    finally:
        session.close()
    assert "0006_offices" in applied_migrations(vault)
    assert inspect(vault).chain.intact


def test_a_0010_database_keeps_its_references_and_numbers_new_cases_per_office(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Migration 0011 gives each office a code and a counter of its own: the references
    already given stay exactly as they were, and the next case of an office is its first
    under the new format."""
    from jhro_tui.services import cases, forms
    from jhro_tui.store.models import Office
    from tests.conftest import OFFICER

    before_0011 = tmp_path / "migrations"
    before_0011.mkdir()
    for path in sorted(schema.MIGRATIONS.glob("[0-9]*.py")):
        if path.stem < "0011" or path.stem in (ACCOUNT_SCOPE, SOURCE_REFERENCE):
            shutil.copy(path, before_0011)
    with monkeypatch.context() as old_jhro:
        as_before_office_references(old_jhro)
        old_jhro.setattr(schema, "MIGRATIONS", before_0011)
        vault = build_vault(tmp_path / "data")
        session = vault.login(OFFICER)
        try:
            for title in ("Attaque de Kalehe", "Pillage à Sake"):
                cases.create_case(session, forms.CaseForm(title, opened_on=dt.date(2024, 3, 2)))
        finally:
            session.close()
    assert "office_case_counter" not in tables(vault)

    session = vault.login(OFFICER)
    try:
        codes = dict(Office.select(Office.name, Office.code).tuples())
        assert codes == {"Goma": "GOM", "Kinshasa": "KIN"}
        old = cases.list_cases(session, cases.CaseQuery(sort="reference", descending=False))
        assert [row.reference for row in old] == ["JHRO-2024-00001", "JHRO-2024-00002"]
        new = cases.create_case(session, forms.CaseForm("Arrestations à Sake",
                                                        opened_on=dt.date(2024, 5, 9)))
        assert new.reference == "GOM-2024-0001"
    finally:
        session.close()
    assert "0011_office_references" in applied_migrations(vault)
    assert "case_counter" not in tables(vault)


def test_a_0009_database_gains_the_login_history_and_its_accounts_log_in(
        vault: VaultDir) -> None:
    """Before 0010 an account kept no last login, failure count or reset."""
    opened = Vault.open(vault.paths, vault.roots())
    try:
        for column in ("last_login_at", "failed_logins", "passphrase_reset_by",
                       "passphrase_reset_at", "must_change_passphrase",
                       "reset_passphrase_used"):
            opened.db.execute_sql(f"ALTER TABLE account DROP COLUMN {column}")
        opened.db.execute_sql("DELETE FROM schema_migration WHERE name = ?", (LOGIN_HISTORY,))
        opened.checkpoint()
    finally:
        opened.close()
    assert LOGIN_HISTORY not in applied_migrations(vault)

    first = vault.login(OFFICER)
    assert (first.history.previous_login_at, first.history.failed_since,
            first.history.reset_by, first.must_change_passphrase) == (None, 0, "", False)
    first.close()
    assert LOGIN_HISTORY in applied_migrations(vault)
    second = vault.login(OFFICER)
    assert second.history.previous_login_at is not None
    second.close()
