"""Export and import of cases (issue 21): the round trip of every record kind, every
problem of a faulty file reported with nothing written, duplicates, identities masked
without consent to transfer, encrypted bundles, permissions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jhro_tui.errors import (
    AuthenticationFailed,
    DamagedData,
    JhroError,
    PermissionDenied,
    UsageError,
)
from jhro_tui.security import bundle
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, victims
from jhro_tui.services.exchange import exporting, graph, importing, schema
from jhro_tui.services.exchange.document import ImportRefused
from jhro_tui.services.forms import CaseForm
from jhro_tui.store.models import Case, Victim
from tests.conftest import ADMIN, OFFICER, SUPERVISOR, VaultDir, services_today
from tests.every_kind import case_with_one_of_each
from tests.ui.support import FROZEN_TODAY

ACCOUNT_FIELDS = {"created_by", "updated_by", "officer", "verification_set_by",
                  "recorded_by", "revoked_by", "assigned_to", "done_by", "author", "by",
                  "added_by", "taken_by"}
SET_BY_THE_IMPORT = {"case_file": {"reference", "status", "source_reference", "updated_at",
                                   "office"}}


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with services_today(FROZEN_TODAY):
        yield


def _export(vault: VaultDir, name: str = SUPERVISOR, **options: Any) -> bytes:
    session = vault.login(name)
    try:
        options.setdefault("plaintext_understood", True)
        return exporting.export_cases(session, options.pop("fmt", "json"), **options).content
    finally:
        session.close()


def _import(vault: VaultDir, content: bytes, name: str = SUPERVISOR, file: str = "in.json",
            **options: Any) -> importing.ImportReport:
    session = vault.login(name)
    try:
        document = importing.read(content, file, options.pop("passphrase", None))
        return importing.import_cases(session, document, **options)
    finally:
        session.close()


def _comparable(content: bytes) -> dict[str, list[dict[str, Any]]]:
    """An export's rows with what an import sets itself taken out, and every id replaced
    by the row's place in its table, so two databases' exports compare."""
    tables = json.loads(content)["tables"]
    place = {name: {row["id"]: index for index, row in enumerate(rows)}
             for name, rows in tables.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        table = graph.BY_NAME[name]
        links = {c.name: c.target for c in table.columns if c.kind in ("case", "link")}
        skipped = ACCOUNT_FIELDS | SET_BY_THE_IMPORT.get(name, set()) | {"version"}
        out[name] = [{key: (place[links[key]].get(value) if key in links else
                            place[name][value] if key == "id" else value)
                      for key, value in row.items() if key not in skipped} for row in rows]
    return out


def test_every_table_is_carried_or_left_out_with_its_reason() -> None:
    assert graph.unplaced() == set()
    assert {"incident", "violation", "victim", "consent", "proceeding", "accused", "charge",
            "reparation_payment", "attachment", "case_link"} <= set(graph.BY_NAME)


def test_export_then_import_into_an_empty_database_gives_the_same_records(
        vault: VaultDir, vault_template: VaultDir, tmp_path: Path) -> None:
    case_id = case_with_one_of_each(vault)
    session = vault.login(OFFICER)
    try:
        victim = Victim.get(Victim.case == case_id)
        victims.update_victim(session, victim.id, victims.VictimForm(
            code="V01", name="Zawadi Kahindo", contact="+243 99 000 0000", sex="female",
            age=24), expected_version=victim.version)
        victims.give_consent(session, victim.id, "transfer")
    finally:
        session.close()
    first = _export(vault)
    tables = json.loads(first)["tables"]
    empty = [name for name in graph.BY_NAME if not tables.get(name)]
    assert empty == [], f"the test case lacks a record of {empty}"

    target = vault_template.copy_to(tmp_path / "target")
    report = _import(target, first)
    assert report.cases == 2 and report.duplicates == []
    second = _export(target)
    assert _comparable(second) == _comparable(first)
    imported = json.loads(second)["tables"]
    assert {row["status"] for row in imported["case_file"]} == {"draft"}
    assert {row["source_reference"] for row in imported["case_file"]} == {
        row["reference"] for row in tables["case_file"]}
    assert any(row["name"] == "Zawadi Kahindo" for row in imported["victim"])
    assert {row["date"] for row in imported["incident"]} == {"2024-03"}


FAULTY = {
    "format": "jhro.cases", "version": 1,
    "tables": {
        "case_file": [
            {"id": 1, "reference": "P-1", "title": "Attack on Kiwanja", "opened_on":
             "2024-04-02"},
            {"id": 2, "reference": "P-2", "title": "", "opened_on": "2024-04-02"},
        ],
        "incident": [
            {"id": 1, "case": 1, "date": "2031-03", "province_code": "CD-NK"},
            {"id": 2, "case": 1, "date": "March 2024", "province_code": "CD-NK"},
            {"id": 3, "case": 1, "date": "2024-03", "province_code": "Nowhere"},
        ],
        "violation": [
            {"id": 1, "case": 1, "incident": 9, "type_code": "SGBV.RAPE"},
        ],
        "victim": [
            {"id": 1, "case": 1, "code": "V01", "sex": "female", "age": 400},
        ],
    },
}


def _pretty(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=1).encode()


def test_every_faulty_row_is_reported_and_nothing_is_written(vault: VaultDir) -> None:
    session = vault.login(SUPERVISOR)
    try:
        before = vault.digests()
        with pytest.raises(ImportRefused) as refused:
            importing.import_cases(session, importing.read(_pretty(FAULTY), "partner.json"))
        assert vault.digests() == before
    finally:
        session.close()
    problems = refused.value.problems
    found = {(problem.where, problem.field) for problem in problems}
    assert found == {("case_file 2", "title"), ("incident 1", "date"),
                     ("incident 2", "date"), ("incident 3", "province_code"),
                     ("violation 1", "incident"), ("victim 1", "age")}, problems
    assert all(problem.file == "partner.json" and problem.line for problem in problems)
    text = _pretty(FAULTY).decode().splitlines()
    for problem in problems:
        assert f'"id": {problem.where.split()[-1]}' in text[problem.line]
    future = next(p for p in problems if p.where == "incident 1")
    assert "future" in future.message
    session = vault.login(SUPERVISOR)
    try:
        assert Case.select().count() == 0
    finally:
        session.close()


def test_a_case_imported_before_is_reported_not_imported_twice(vault: VaultDir) -> None:
    good = {"format": "jhro.cases", "version": 1, "tables": {
        "case_file": [{"id": 1, "reference": "PARTNER-7", "title": "Looting in Rutshuru",
                       "opened_on": "2024-05-01", "priority": "urgent"}],
        "incident": [{"id": 1, "case": 1, "date": "~2024-04", "province_code": "Nord-Kivu",
                      "territory_code": "Rutshuru"}],
        "violation": [{"id": 1, "case": 1, "incident": 1, "type_code": "Pillage"}],
    }}
    first = _import(vault, _pretty(good), name=OFFICER)
    assert first.cases == 1 and first.duplicates == []
    again = _import(vault, _pretty(good), name=OFFICER)
    assert again.cases == 0 and again.duplicates == ["PARTNER-7"]
    session = vault.login(OFFICER)
    try:
        [case] = Case.select()
        detail = cases.get_case(session, case.id)
        holder = case.officer.name
    finally:
        session.close()
    assert (case.status, case.source_reference, case.priority) == ("draft", "PARTNER-7", 4)
    assert holder == OFFICER
    [incident] = detail.incidents
    assert incident.date.iso() == "~2024-04"
    assert (incident.province_code, incident.territory_code) == ("CD-NK", "CD-NK.RUTSHURU")
    assert incident.violations[0].type_code == "PROPERTY.LOOTING"


def test_a_victim_is_named_only_with_consent_to_transfer(vault: VaultDir) -> None:
    session = vault.login(OFFICER)
    try:
        case = cases.create_case(session, CaseForm("Threats in Goma"))
        named = victims.add_victim(session, case.id, victims.VictimForm(
            name="Furaha Masika", contact="Mugunga camp"))
        victims.add_victim(session, case.id, victims.VictimForm(name="Neema Bahati"))
        victims.give_consent(session, named.id, "transfer")
    finally:
        session.close()
    content = _export(vault)
    assert b"Furaha Masika" in content and b"Mugunga camp" in content
    assert b"Neema Bahati" not in content
    assert json.loads(content)["masked_victims"] == 1
    session = vault.login(OFFICER)
    try:
        victims.revoke_consent(session, named.id, "transfer", reason="Changed her mind")
    finally:
        session.close()
    assert b"Furaha Masika" not in _export(vault)


def test_exports_and_imports_are_refused_to_those_not_allowed(vault: VaultDir) -> None:
    for name in (OFFICER, ADMIN):
        with pytest.raises(PermissionDenied):
            _export(vault, name)
    with pytest.raises(PermissionDenied):
        _import(vault, _pretty({"format": "jhro.cases", "version": 1, "tables": {}}),
                name=ADMIN)
    with pytest.raises(UsageError, match="plaintext"):
        _export(vault, plaintext_understood=False)
    session = vault.login(SUPERVISOR)
    try:
        assert session.vault.db.execute_sql(
            "SELECT count(*) FROM audit_event WHERE action = 'cases.export' "
            "AND outcome = 'denied'").fetchone()[0] == 2
    finally:
        session.close()


def test_an_encrypted_bundle_reads_back_and_refuses_a_wrong_or_cut_one(
        vault: VaultDir, vault_template: VaultDir, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "DEFAULT_KDF", TEST_KDF)
    monkeypatch.setattr(bundle.seal, "__kwdefaults__", {"params": TEST_KDF})
    session = vault.login(OFFICER)
    try:
        cases.create_case(session, CaseForm("Abduction near Sake"))
    finally:
        session.close()
    sealed = _export(vault, plaintext_understood=False, passphrase="river stone 8812 kivu")
    assert bundle.is_bundle(sealed) and b"Abduction" not in sealed
    target = vault_template.copy_to(tmp_path / "target")
    with pytest.raises(AuthenticationFailed):
        _import(target, sealed, passphrase=lambda: "wrong passphrase 1234")
    with pytest.raises(DamagedData):
        _import(target, sealed[:-20], passphrase=lambda: "river stone 8812 kivu")
    report = _import(target, sealed, passphrase=lambda: "river stone 8812 kivu")
    assert report.cases == 1


def test_hostile_text_is_stored_as_given(vault: VaultDir) -> None:
    title = "\x1b]52;c;ZXZpbA==\x07[bold red]Kiwanja[/] \x1b[2J"
    document = {"format": "jhro.cases", "version": 1, "tables": {
        "case_file": [{"id": 1, "reference": "H-1", "title": title}]}}
    _import(vault, _pretty(document), name=OFFICER)
    session = vault.login(OFFICER)
    try:
        assert [case.title for case in Case.select()] == [title]
    finally:
        session.close()


CSV = (
    "case_reference,case_title,case_opened_on,incident_number,incident_date,"
    "incident_province,incident_territory,violation_number,violation_type,victim_code,"
    "victim_sex,victim_age,victim_consent,perpetrator_category\r\n"
    "CSV-1,Attaque à Kiwanja,2024-04-02,1,15/03/2024,Nord-Kivu,Rutshuru,1,Viol,V01,"
    "Féminin,24,documentation;justice,M23/AFC\r\n"
    "CSV-1,Attaque à Kiwanja,2024-04-02,1,15/03/2024,Nord-Kivu,Rutshuru,1,Viol,V02,"
    "female,,,\r\n"
    "CSV-1,Attaque à Kiwanja,2024-04-02,1,15/03/2024,Nord-Kivu,Rutshuru,2,Looting,,,,,\r\n"
)


def test_a_spreadsheet_with_french_and_english_labels(vault: VaultDir) -> None:
    report = _import(vault, CSV.encode(), name=OFFICER, file="partner.csv")
    assert report.cases == 1
    assert report.created["violation"] == 2 and report.created["victim"] == 2
    assert report.created["victim_violation"] == 2 and report.created["consent"] == 2
    session = vault.login(OFFICER)
    try:
        [case] = Case.select()
        detail = cases.get_case(session, case.id)
    finally:
        session.close()
    [incident] = detail.incidents
    assert incident.date.iso() == "2024-03-15"
    assert sorted(v.type_code for v in incident.violations) == [
        "PROPERTY.LOOTING", "SGBV.RAPE"]
    assert [v.age_group for v in detail.victims] == ["adult", "unknown"]


def test_rows_of_a_spreadsheet_that_disagree_are_reported_with_their_lines(
        vault: VaultDir) -> None:
    bad = CSV.replace("2,Looting", "2,Nonsense").replace("Féminin,24", "Féminin,old")
    bad += ("CSV-1,Another title,2024-04-02,1,15/03/2024,Nord-Kivu,Rutshuru,3,Looting,"
            ",,,,\r\n")
    with pytest.raises(ImportRefused) as refused:
        _import(vault, bad.encode(), name=OFFICER, file="partner.csv")
    lines = sorted((problem.line, problem.field) for problem in refused.value.problems)
    assert lines == [(2, "age"), (4, "type_code"), (5, "title")], refused.value.problems


def test_the_committed_json_schema_is_the_one_the_import_reads() -> None:
    assert schema.FILE.read_text(encoding="utf-8") == schema.text(), (
        "run python -m jhro_tui.services.exchange.schema and commit the file")


def test_an_export_holds_only_what_the_schema_describes(vault: VaultDir) -> None:
    case_with_one_of_each(vault)
    document = json.loads(_export(vault))
    described = schema.schema()
    assert set(document) >= set(described["required"])
    for name, rows in document["tables"].items():
        allowed = set(described["$defs"][name]["properties"])
        for row in rows:
            assert set(row) <= allowed, (name, set(row) - allowed)


def _mutations() -> st.SearchStrategy[bytes]:
    base = _pretty({"format": "jhro.cases", "version": 1, "tables": {
        "case_file": [{"id": 1, "reference": "F-1", "title": "Raid", "opened_on": "2024-01-02"}],
        "incident": [{"id": 1, "case": 1, "date": "2024", "province_code": "CD-NK"}],
        "victim": [{"id": 1, "case": 1, "code": "V01", "age": 30}],
    }})
    flip = st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)).map(
        lambda change: base[:change[0]] + bytes([change[1]]) + base[change[0] + 1:])
    cut = st.integers(0, len(base)).map(lambda at: base[:at])
    swap = st.sampled_from([
        base.replace(b'"age": 30', b'"age": ' + b"9" * 5000),
        base.replace(b'"age": 30', b'"age": 1e400'),
        base.replace(b'"age": 30', b'"age": 99999999999999999999999'),
        base.replace(b'"title": "Raid"', b'"title": "Raid", "title": 7'),
        base.replace(b'"Raid"', b'"R\\u0000a\\ud800id"'),
        base.replace(b'"id": 1', b'"id": [[[[[[[[[[1]]]]]]]]]]', 1),
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe" + base,
        base.replace(b'"version": 1', b'"version": 2'),
        CSV.encode().replace(b",", b"\x00", 3),
        CSV.encode()[:120],
    ])
    return st.one_of(flip, cut, swap)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_mutations())
def test_a_damaged_or_hostile_file_is_refused_cleanly_or_imported_whole(
        vault: VaultDir, content: bytes) -> None:
    session = vault.login(OFFICER)
    try:
        before = Case.select().count()
        imported, message = 0, ""
        try:
            imported = importing.import_cases(session, importing.read(content, "f.json")).cases
        except JhroError as refused:
            message = refused.message()
        assert Case.select().count() == before + imported
        assert bool(message) != bool(imported) or imported == 0
    finally:
        session.close()


def test_two_victims_with_one_code_in_a_case_are_a_problem_not_a_crash(
        vault: VaultDir) -> None:
    document = {"format": "jhro.cases", "version": 1, "tables": {
        "case_file": [{"id": 1, "reference": "U-1", "title": "Two with one code"}],
        "victim": [{"id": 1, "case": 1, "code": "V01"}, {"id": 2, "case": 1, "code": "V01"}],
    }}
    with pytest.raises(ImportRefused) as refused:
        _import(vault, _pretty(document), name=OFFICER)
    [problem] = refused.value.problems
    assert (problem.where, problem.field) == ("victim 2", "code")
