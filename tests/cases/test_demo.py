"""The demo caseload: deterministic, never over real data, and as valid as typed cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from peewee import Model

from jhro_tui import demo
from jhro_tui.config import Paths, Settings
from jhro_tui.demo import writer
from jhro_tui.demo.generator import Generator
from jhro_tui.demo.ids import Rows
from jhro_tui.demo.offices import OFFICES
from jhro_tui.errors import DamagedData, UsageError, ValidationError
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.security.passwords import check_passphrase
from jhro_tui.services import cases, demo_marker, forms, snapshots, workflow
from jhro_tui.services.accounts import NewAccount, create_account, list_accounts
from jhro_tui.services.demo_marker import DemoBuild
from jhro_tui.services.offices import list_offices
from jhro_tui.services.session import Session, login
from jhro_tui.services.statistics import figures
from jhro_tui.store import models
from jhro_tui.store.models import Note
from tests.conftest import run_cli

from .conftest import World

TABLES = {
    "case_file": "id, reference, title, narrative, status, priority, confidentiality, "
                 "officer_id, office, province_code, opened_on, incident_start, incident_end, "
                 "incident_precision, incident_estimated, created_at, updated_at, version",
    "incident": "*", "violation": "*", "victim": "*", "consent": "*", "victim_violation": "*",
    "perpetrator": "*", "perpetrator_involvement": "*", "source": "*", "referral": "*",
    "note": "*", "follow_up": "*", "case_status_change": "*", "case_share": "*",
    "case_search": "*", "office_case_counter": "*",
    "account": "id, name, full_name, role, office, language, active",
}


def build(directory: Path, seed: int, count: int = 40, **options: object) -> Paths:
    paths = Paths(directory)
    demo.build_demo(paths, cases=count, seed=seed, report=lambda line: None, kdf=TEST_KDF,
                    **options)  # type: ignore[arg-type]
    return paths


def content_digest(paths: Paths) -> str:
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        digest = hashlib.sha256()
        db = session.vault.db
        for table, columns in sorted(TABLES.items()):
            for row in db.execute_sql(f"SELECT {columns} FROM {table} ORDER BY 1, 2"):
                digest.update(repr(tuple(row)).encode())
        for (document,) in db.execute_sql(
                "SELECT document FROM case_snapshot ORDER BY case_id, number"):
            digest.update(zlib.decompress(document))
        return digest.hexdigest()
    finally:
        session.close()


def test_the_same_seed_gives_the_same_caseload(tmp_path: Path) -> None:
    first = content_digest(build(tmp_path / "a", seed=7))
    again = content_digest(build(tmp_path / "b", seed=7))
    other = content_digest(build(tmp_path / "c", seed=8))
    assert first == again
    assert first != other


def test_worker_processes_make_the_same_caseload(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces that do not divide the transactions evenly, made here or by workers.
    monkeypatch.setattr(writer, "CHUNK", 10)
    monkeypatch.setattr(writer, "PIECE", 3)
    inline = content_digest(build(tmp_path / "inline", seed=3, count=35, workers=0))
    spread = content_digest(build(tmp_path / "spread", seed=3, count=35, workers=2))
    assert inline == spread


def test_one_audit_event_per_transaction_of_cases(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "CHUNK", 10)
    monkeypatch.setattr(writer, "PIECE", 4)
    paths = build(tmp_path / "demo", seed=5, count=25, workers=1)
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        rows = session.vault.db.execute_sql(
            "SELECT action, detail FROM audit_event WHERE action LIKE 'demo.%' "
            "ORDER BY seq").fetchall()
    finally:
        session.close()
    assert [tuple(row) for row in rows] == [
        ("demo.accounts", "offices=9 accounts=25 seed=5"), ("demo.cases", "cases=1-10"),
        ("demo.cases", "cases=11-20"), ("demo.cases", "cases=21-25"),
        ("demo.done", "cases=25 seed=5")]


LEGITIMATELY_EMPTY = {
    # A flag a bulk load raises while it writes; gone once the load is done.
    "bulk_load",
    # Forms someone began and did not save: nobody has typed anything in a fresh demo.
    "form_draft",
    # The audit key's earlier epochs: there are none before the first key rotation.
    "audit_key_history",
}
def test_a_demo_fills_every_table_of_the_schema(tmp_path: Path) -> None:
    """A module that forgets its demo data leaves its table empty: the demo (and the bench
    on it) would silently leave it out."""
    session = login(build(tmp_path / "demo", seed=1, count=200), Settings(), "admin",
                    demo.DEMO_PASSPHRASE)
    try:
        db = session.vault.db
        tables = {name for (name,) in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")}
        empty = sorted(name for name in tables if not db.execute_sql(
            f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0])
    finally:
        session.close()
    model_tables = {model._meta.table_name for model in vars(models).values()
                    if isinstance(model, type) and issubclass(model, Model)
                    and model.__module__ == models.__name__ and not model.__subclasses__()}
    assert model_tables <= tables  # every model's table, the search index's included
    assert {"case_fts", "case_fts_data", "case_fts_idx", "case_search"} <= tables
    assert empty == sorted(LEGITIMATELY_EMPTY), (
        f"empty in a demo of 200 cases: {', '.join(empty)}")


def schema(session: Session) -> list[tuple[str, ...]]:
    return sorted(tuple(row) for row in session.vault.db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_stat%'"))


def test_the_demo_has_the_schema_of_any_database(tmp_path: Path, world: World) -> None:
    """Indexes set aside while loading are all back, as the migrations made them."""
    expected = schema(world.login("olga"))
    world.close()
    session = login(build(tmp_path / "demo", seed=1, count=30), Settings(), "admin",
                    demo.DEMO_PASSPHRASE)
    try:
        assert schema(session) == expected
    finally:
        session.close()


def test_the_demo_leaves_its_search_index_in_one_piece_that_merges_as_it_grows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves stay cheap on a fresh caseload (secure-delete visits every segment), and the
    index merges by itself again once the load is done."""
    monkeypatch.setattr(writer, "CHUNK", 10)
    session = login(build(tmp_path / "demo", seed=1, count=45, workers=0), Settings(),
                    "admin", demo.DEMO_PASSPHRASE)
    db = session.vault.db
    try:
        def segments() -> int:
            return int(db.execute_sql(
                "SELECT count(DISTINCT segid) FROM case_fts_idx").fetchone()[0])

        assert segments() == 1
        assert dict(db.execute_sql("SELECT k, v FROM case_fts_config WHERE k IN "
                                   "('automerge', 'crisismerge')").fetchall()) == {
            "automerge": 4, "crisismerge": 16}
        (title,) = db.execute_sql("SELECT title FROM case_file WHERE id = 30").fetchone()
        word = max(title.split(), key=len)
        assert (30,) in db.execute_sql("SELECT rowid FROM case_fts WHERE case_fts MATCH ?",
                                       (f'"{word}"',)).fetchall()
        for case_id in range(1, 21):  # each save adds a segment, sixteen are merged
            with session.vault.write():
                db.execute_sql("UPDATE case_file SET title = title || ' bis' WHERE id = ?",
                               (case_id,))
        assert segments() < 20
        (found,) = db.execute_sql("SELECT count(*) FROM case_fts WHERE case_fts MATCH "
                                  "'bis'").fetchone()
        assert found == 20
    finally:
        session.close()


def test_a_row_that_points_nowhere_stops_the_build(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "CHUNK", 10)
    monkeypatch.setattr(writer, "PIECE", 4)
    make_case = Generator.case

    def case_with_a_stray_note(self: Generator, number: int, rows: Rows) -> None:
        make_case(self, number, rows)
        if number == 17:  # a note of a case that does not exist
            rows.add(Note, id=10**9, case=10**6, author=1, body="stray",
                     created_at="2024-01-01 12:00:00")

    monkeypatch.setattr(Generator, "case", case_with_a_stray_note)
    with pytest.raises(DamagedData) as caught:
        build(tmp_path / "demo", seed=1, count=25, workers=0)
    assert "note" in caught.value.message()


def test_ctrl_c_stops_a_build_and_its_workers_with_one_line(tmp_path: Path) -> None:
    """The terminal sends ctrl+c to the worker processes too: they used to print a
    traceback each, under the builder's own message."""
    command = [sys.executable, "-m", "jhro_tui", "demo", "--cases", "100000",
               "--data-dir", str(tmp_path / "demo")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, start_new_session=True) as builder:
        while not worker_of(builder.pid):  # started before the accounts are enrolled
            assert builder.poll() is None
            time.sleep(0.05)
        time.sleep(0.3)  # importing jhro, or waiting for work: a traceback either way
        os.killpg(builder.pid, signal.SIGINT)
        _out, err = builder.communicate(timeout=60)
    assert builder.returncode == 130
    assert err == "jhro: Interrupted.\n"
    deadline = time.monotonic() + 10  # multiprocessing's tracker leaves once it sees EOF
    with pytest.raises(ProcessLookupError):  # and no worker outlives the build
        while time.monotonic() < deadline:
            os.killpg(builder.pid, 0)
            time.sleep(0.05)


def worker_of(parent: int) -> bool:
    """Whether a multiprocessing worker process of ``parent`` is running (Linux)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[1]) == parent and b"spawn_main" in command:
            return True
    return False


def test_a_demo_cut_short_is_refused_until_it_is_built_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its case table has no secondary indexes yet and it still keeps a rollback journal:
    not a caseload anyone should work on, or that ``make demo`` should open as it is."""
    paths = Paths(tmp_path / "demo")
    make_case = Generator.case

    def power_cut(self: Generator, number: int, rows: Rows) -> None:
        if number == 30:
            raise KeyboardInterrupt
        make_case(self, number, rows)

    monkeypatch.setattr(writer, "CHUNK", 10)
    monkeypatch.setattr(Generator, "case", power_cut)
    with pytest.raises(KeyboardInterrupt):
        build(paths.data_dir, seed=1, count=40, workers=0)
    assert demo_marker.read(paths) == DemoBuild(False, 40, 1)
    with pytest.raises(UsageError) as caught:
        login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    assert "was not finished" in caught.value.message()
    assert not demo_marker.is_built(paths, cases=40, seed=1)

    monkeypatch.setattr(Generator, "case", make_case)
    build(paths.data_dir, seed=1, count=40)
    assert demo_marker.read(paths) == DemoBuild(True, 40, 1)
    assert demo_marker.is_built(paths, cases=40, seed=1)
    assert not demo_marker.is_built(paths, cases=41, seed=1)
    assert not demo_marker.is_built(paths, cases=40, seed=2)
    login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE).close()


def test_make_demo_keeps_a_finished_demo(tmp_path: Path) -> None:
    paths = build(tmp_path / "demo", seed=3, count=12)
    before = {path.name: path.read_bytes() for path in paths.data_dir.iterdir()}
    done = run_cli(["demo", "--data-dir", str(paths.data_dir), "--cases", "12", "--seed", "3",
                    "--reuse"], data_dir=None)
    assert done.code == 0, done.stderr
    assert "already built" in done.stdout
    assert {path.name: path.read_bytes() for path in paths.data_dir.iterdir()} == before


@pytest.mark.parametrize("text", ["", "state: finished\ncases: lots\n", "\x00\xff garbage",
                                  "This directory holds a synthetic jhro demo caseload.\n"])
def test_a_marker_from_an_older_build_or_damaged_is_still_a_demo(tmp_path: Path,
                                                                  text: str) -> None:
    paths = Paths(tmp_path)
    paths.demo_marker.write_bytes(text.encode("latin-1"))
    build = demo_marker.read(paths)
    assert build is not None and build.finished is not False
    demo_marker.refuse_unfinished(paths)  # opens as before


def test_the_demo_never_writes_over_a_real_database(world: World) -> None:
    before = {path.name: path.read_bytes() for path in world.paths.data_dir.iterdir()
              if path.is_file()}
    with pytest.raises(UsageError) as caught:
        demo.build_demo(world.paths, cases=5, report=lambda line: None, kdf=TEST_KDF)
    assert "not a demo directory" in caught.value.message()
    after = {path.name: path.read_bytes() for path in world.paths.data_dir.iterdir()
             if path.is_file()}
    assert after == before


def test_the_demo_refuses_a_directory_that_holds_anything_else(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError):
        demo.build_demo(Paths(tmp_path), cases=5, report=lambda line: None, kdf=TEST_KDF)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_demo_rebuilds_its_own_directory(tmp_path: Path) -> None:
    paths = build(tmp_path / "demo", seed=1, count=5)
    first = content_digest(paths)
    build(tmp_path / "demo", seed=1, count=5)
    assert content_digest(paths) == first


def test_demo_accounts_use_the_demo_passphrase_without_weakening_the_rule(
        tmp_path: Path) -> None:
    lines: list[str] = []
    paths = Paths(tmp_path / "demo")
    result = demo.build_demo(paths, cases=20, seed=1, report=lines.append, kdf=TEST_KDF)
    names = {account.name for account in result.accounts}
    assert {"officer", "supervisor", "admin"} <= names
    assert any("jhro-demo" in line for line in lines)
    assert any(line.split()[:3] == ["officer", "officer", "Goma"] for line in lines if line)
    # One supervisor reads every office's figures (and opens Kinshasa's cases only).
    national = [line for line in lines if line.split()[:1] == ["national.supervisor"]]
    assert len(national) == 1 and national[0].split()[1:3] == ["supervisor", "Kinshasa"]
    assert national[0].endswith("(statistics of every office)")
    with pytest.raises(ValidationError):
        check_passphrase(demo.DEMO_PASSPHRASE, "someone")
    admin = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        with pytest.raises(ValidationError):
            create_account(admin, NewAccount("newcomer", "officer", office="Goma"),
                           demo.DEMO_PASSPHRASE, kdf=TEST_KDF)
        # Every demo account works in an office of the list the administrator chooses from.
        listed = {office.name: office.active_accounts for office in list_offices(admin)}
        assert sorted(listed) == sorted(office.name for office in OFFICES)
        assert sum(listed.values()) == len(result.accounts)
        scopes = {info.name: (info.role, info.office, info.scope)
                  for info in list_accounts(admin)}
        assert scopes["national.supervisor"] == ("supervisor", "Kinshasa", "national")
        assert [name for name, (_role, _office, scope) in scopes.items()
                if scope == "national"] == ["national.supervisor"]
    finally:
        admin.close()
    reader = login(paths, Settings(), "national.supervisor", demo.DEMO_PASSPHRASE)
    try:
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        assert figures.statistics(reader, *year).office == "Kinshasa"
        assert figures.statistics(reader, *year,
                                  office=figures.ALL_OFFICES).office == figures.ALL_OFFICES
        assert figures.statistics(reader, *year, office="Goma").office == "Goma"
    finally:
        reader.close()


def test_demo_cases_behave_like_typed_cases(tmp_path: Path) -> None:
    paths = build(tmp_path / "demo", seed=2, count=120)
    session = login(paths, Settings(), "officer", demo.DEMO_PASSPHRASE)
    try:
        assert session.user.office == "Goma"
        mine = cases.list_cases(session, cases.CaseQuery(officer="officer"), limit=500)
        assert mine and all(row.office == "Goma" for row in mine)
        detail = cases.get_case(session, mine[0].id)
        assert detail.incidents and detail.victims and detail.incidents[0].violations
        for victim in detail.victims:  # referrals only with consent in force at the time
            for referral in detail.referrals:
                if referral.victim_id == victim.id and referral.status == "proposed":
                    assert victim.consents_to("referral")
        word = detail.incidents[0].locality
        assert cases.count_cases(session, cases.CaseQuery(text=word)) >= 1
    finally:
        session.close()
    supervisor = login(paths, Settings(), "supervisor", demo.DEMO_PASSPHRASE)
    try:
        closed = cases.list_cases(supervisor, cases.CaseQuery(status="closed"), limit=5)
        assert closed
        snapshot = workflow.get_snapshot(supervisor, closed[0].id, 1)
        assert snapshot.detail.reference == closed[0].reference
        assert all(victim.identity is None for victim in snapshot.detail.victims)
    finally:
        supervisor.close()


def test_snapshots_are_what_the_application_would_write(tmp_path: Path) -> None:
    """The builder writes snapshot documents as text: each must be exactly what
    ``snapshots.dumps`` makes of the case detail it holds."""
    paths = build(tmp_path / "demo", seed=2, count=60)
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        documents = [document for (document,) in session.vault.db.execute_sql(
            "SELECT document FROM case_snapshot")]
    finally:
        session.close()
    assert documents
    for document in documents:
        assert snapshots.dumps(snapshots.loads(document)) == zlib.decompress(document).decode()


def test_references_continue_after_the_demo(tmp_path: Path) -> None:
    """The demo's references count per office and year, and a new case of an office takes
    the next of its office's numbers."""
    paths = build(tmp_path / "demo", seed=4, count=30)
    session = login(paths, Settings(), "officer", demo.DEMO_PASSPHRASE)
    try:
        import datetime as dt

        from jhro_tui.store.models import Case, CaseCounter

        references = [reference for (reference,) in Case.select(Case.reference)
                      .where(Case.office == "Goma").order_by(Case.id).tuples()]
        assert references and all(ref.startswith("GOM-") for ref in references)
        year = Case.select().order_by(Case.opened_on.desc()).first().opened_on.year
        counter = CaseCounter.get_or_none(CaseCounter.office == "Goma",
                                          CaseCounter.year == year)
        last = counter.last if counter else 0
        assert last == sum(1 for ref in references if ref.startswith(f"GOM-{year}-"))
        this_year = dt.datetime.now(dt.UTC).year
        created = cases.create_case(session, forms.CaseForm(
            "Next", opened_on=dt.date(year, 12, 31) if year < this_year else None))
        assert created.reference == f"GOM-{year}-{last + 1:04d}"
    finally:
        session.close()


@pytest.mark.parametrize("where", ["after the command", "before the command"])
def test_the_data_directory_may_be_named_before_or_after_the_command(
        tmp_path: Path, where: str) -> None:
    """``make demo`` runs ``jhro demo --data-dir data/demo``; both spellings must work."""
    target = tmp_path / "demo"
    given = ["--data-dir", str(target)]
    args = [*given, "demo", "--cases", "12"] if where == "before the command" \
        else ["demo", *given, "--cases", "12"]
    done = run_cli(args, data_dir=tmp_path / "elsewhere")
    assert done.code == 0, done.stderr
    assert (target / "keyring.json").exists() and (target / "jhro.db").exists()
    assert not (tmp_path / "elsewhere").exists()
