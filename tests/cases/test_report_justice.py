"""``jhro report justice``: the figures of ``overview.report`` (the service the Justice
screen uses), as JSON, CSV or Markdown, each with its unit; refusals as one line and the
usual exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from jhro_tui import demo
from jhro_tui.config import Paths, Settings
from jhro_tui.demo.offices import demo_accounts
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services.dates import today as today_in
from jhro_tui.services.justice.figures import FIGURES
from jhro_tui.services.justice.overview import JusticeReport, report
from jhro_tui.services.session import login
from jhro_tui.store.models import MobileSession
from tests.conftest import CliResult, run_cli

START, END = dt.date(2019, 1, 1), dt.date(2026, 10, 31)


@dataclass(frozen=True)
class Court:
    data_dir: Path
    supervisor: str
    office: str
    other_office: str
    officer: str
    session_id: int
    expected: JusticeReport


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Court:
    paths = Paths(tmp_path_factory.mktemp("report") / "demo")
    demo.build_demo(paths, cases=600, seed=2, report=lambda line: None, kdf=TEST_KDF)
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        first = MobileSession.select().order_by(MobileSession.id).first()
        office, session_id = first.office, first.id
    finally:
        session.close()
    people = demo_accounts()
    supervisor = next(person.name for person in people
                      if person.role == "supervisor" and person.office == office)
    officer = next(person.name for person in people
                   if person.role == "officer" and person.office == office)
    other = next(person.office for person in people
                 if person.role == "supervisor" and person.office != office)
    session = login(paths, Settings(), supervisor, demo.DEMO_PASSPHRASE)
    try:
        expected = report(session, START, END)
    finally:
        session.close()
    return Court(paths.data_dir, supervisor, office, other, officer, session_id, expected)


def jhro(court: Court, *args: str, user: str | None = None) -> CliResult:
    return run_cli(["report", "justice", "--user", user or court.supervisor,
                    "--passphrase-stdin", *args], data_dir=court.data_dir,
                   stdin=[demo.DEMO_PASSPHRASE])


def period(*args: str) -> tuple[str, ...]:
    return ("--from", START.isoformat(), "--to", END.isoformat(), *args)


def test_json_gives_the_services_figures_with_their_units(court: Court) -> None:
    result = jhro(court, *period("--format", "json"))
    assert (result.code, result.stderr) == (0, "")
    got = json.loads(result.stdout)
    expected = court.expected
    assert (got["office"], got["from"], got["to"]) == (court.office, "2019-01-01",
                                                       "2026-10-31")
    assert {stage: figure["value"] for stage, figure in
            got["proceedings_by_stage"].items()} == expected.by_stage
    assert {figure["unit"] for figure in got["proceedings_by_stage"].values()} == {
        "proceedings"}
    assert {outcome: figure["value"] for outcome, figure in
            got["judgments_by_outcome"].items()} == expected.judgments
    assert got["convictions_for_sexual_violence"] == {
        "value": expected.convicted_sexual_violence, "unit": "accused"}
    assert {currency: figure["value"] for currency, figure in
            got["reparations_ordered"].items()} == {
        currency: expected.ordered.get(currency, 0)
        for currency in expected.ordered.keys() | expected.paid.keys()}
    assert sum(figure["value"] for figure in got["reparations_paid"].values()) == sum(
        expected.paid.values())
    assert [item["id"] for item in got["sessions"]] == [
        figures.session.id for figures in expected.sessions]
    assert expected.sessions, "the demo office has a mobile court session"
    for item, figures in zip(got["sessions"], expected.sessions, strict=True):
        assert item["figures"] == {key: {"value": figures.values[key], "unit": unit}
                                   for key, (_label, unit) in FIGURES.items()}
    assert sum(expected.judgments.values()) > 0


def test_csv_has_one_figure_a_row_with_its_unit(court: Court) -> None:
    result = jhro(court, *period("--format", "csv"))
    assert (result.code, result.stderr) == (0, "")
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["section", "key", "unit", "value"]
    assert all(len(row) == 4 for row in table)
    figures = {(section, key): (unit, value) for section, key, unit, value in table[1:]}
    expected = court.expected
    for stage, count in expected.by_stage.items():
        assert figures["proceedings_by_stage", stage] == ("proceedings", str(count))
    assert figures["convictions_for_sexual_violence", "convicted_sv"] == (
        "accused", str(expected.convicted_sexual_violence))
    for currency, amount in expected.ordered.items():
        assert figures["reparations_ordered", currency] == (currency, str(amount))
    one = expected.sessions[0]
    for key, (_label, unit) in FIGURES.items():
        assert figures[f"session:{one.session.id}", key] == (unit, str(one.values[key]))


def test_markdown_tables_and_one_session(court: Court) -> None:
    result = jhro(court, "--session", str(court.session_id), *period("--format", "md"))
    assert (result.code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"# Court figures: {court.office}, 2019-01-01")
    assert "| Trial | proceedings | {} |".format(court.expected.by_stage["trial"]) in lines
    assert sum(line.startswith("## Mobile court session ") for line in lines) == 1
    assert "| Days sitting | days |" in result.stdout


def test_the_period_defaults_to_this_year_up_to_today(court: Court) -> None:
    result = jhro(court, "--format", "json")
    assert result.code == 0, result.stderr
    got = json.loads(result.stdout)
    today = today_in(Settings())
    assert (got["from"], got["to"]) == (f"{today.year}-01-01", today.isoformat())


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--from", "2025-13-01"), 2, "jhro: Not a date: 2025-13-01."),
    (("--from", "2025", "--to", "2024"), 2,
     "jhro: --to (2024-12-31) is before --from (2025-01-01).\n"),
])
def test_bad_dates_are_refused_before_the_passphrase(court: Court, args: tuple[str, ...],
                                                     code: int, message: str) -> None:
    result = jhro(court, *args, "--format", "csv")
    assert (result.code, result.stdout) == (code, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not result.login_notes, "refused before logging in"


def test_an_officer_and_another_office_are_refused(court: Court) -> None:
    denied = "jhro: You do not have permission to do this.\n"
    officer = jhro(court, "--format", "json", user=court.officer)
    assert (officer.code, officer.stdout, officer.stderr) == (5, "", denied)
    other = jhro(court, "--office", court.other_office, "--format", "json")
    assert (other.code, other.stdout, other.stderr) == (5, "", denied)


def test_a_session_of_another_office_is_not_shown(court: Court) -> None:
    result = jhro(court, "--session", "999999", "--format", "json")
    assert (result.code, result.stdout) == (5, "")
    assert result.stderr.count("\n") == 1


def test_the_format_is_required(court: Court) -> None:
    result = jhro(court)
    assert result.code == 2 and "--format" in result.stderr
