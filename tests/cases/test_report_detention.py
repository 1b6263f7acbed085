"""``jhro report detention``: visits, access refused, detainees past the limit by facility,
releases by basis and after mobile court sessions, as JSON, CSV and Markdown with their
units, the same figures as the service; refusals as one line with the usual exit codes;
stored text printed as text."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest

from jhro_tui.services.detention import detainees, facilities, visits
from jhro_tui.services.detention.forms import DetaineeForm, FacilityForm, StepForm, VisitForm
from jhro_tui.services.justice import sessions
from jhro_tui.services.justice.forms import SessionForm
from tests.conftest import CliResult, run_cli

from .conftest import PASSPHRASE, World

HOSTILE = "=HYPERLINK(\"x\") [red]cachot[/] \x1b[2J|*"


def _ago(days: int) -> dt.date:
    """A day before today on the machine's clock (the CLI's zone: no config.toml)."""
    return dt.datetime.now(dt.UTC).astimezone().date() - dt.timedelta(days=days)


@pytest.fixture
def recorded(world: World) -> World:
    world.settings = dataclasses.replace(world.settings, time_zone="Africa/Lubumbashi")
    olga = world.login("olga")
    prison = facilities.add_facility(olga, FacilityForm("Munzenze", "prison", "CD-NK"))
    cell = facilities.add_facility(olga, FacilityForm(HOSTILE, "police_cell", "CD-NK"))
    visits.add_visit(olga, VisitForm(prison.id, _ago(3), "full", men=40))
    visits.add_visit(olga, VisitForm(cell.id, _ago(2), "refused"))
    session = sessions.open_session(olga, SessionForm("MOBILE.TGI", "CD-NK", _ago(20),
                                                      _ago(15), locality="Masisi"))
    for facility_id, days in ((prison.id, 30), (prison.id, 25), (cell.id, 4)):
        detainees.add_detainee(olga, DetaineeForm(facility_id, arrested_on=_ago(days),
                                                  arrested_time=dt.time(9, 0)))
    detainees.add_step(olga, 1, StepForm("release", _ago(16), basis="mobile_session",
                                         session_id=session.id))
    detainees.add_step(olga, 2, StepForm("order", _ago(10)))
    world.close()
    return world


def jhro(world: World, *args: str, user: str = "sue") -> CliResult:
    return run_cli(["report", "detention", "--user", user, "--passphrase-stdin", *args],
                   data_dir=world.paths.data_dir, stdin=[PASSPHRASE])


def test_json_gives_every_figure_with_its_unit(recorded: World) -> None:
    result = jhro(recorded, "--from", _ago(60).isoformat(), "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    got = json.loads(result.stdout)
    assert got["visits_by_access"] == {"full": {"value": 1, "unit": "visits"},
                                       "partial": {"value": 0, "unit": "visits"},
                                       "refused": {"value": 1, "unit": "visits"}}
    assert got["access_refused"] == {"value": 1, "unit": "visits"}
    by_name = {line["name"]: (line["held"]["value"], line["past_limit"]["value"])
               for line in got["past_limit_by_facility"]}
    assert by_name["Munzenze"] == (1, 0)
    hostile = next(name for name in by_name if name != "Munzenze")
    assert "\x1b" not in hostile and by_name[hostile] == (1, 1)
    assert got["releases_by_basis"]["mobile_session"] == {"value": 1, "unit": "detainees"}
    assert [(line["released"]["value"], line["label"].endswith("Masisi"))
            for line in got["releases_after_mobile_court_sessions"]] == [(1, True)]


def test_csv_and_markdown_keep_stored_text_as_text(recorded: World) -> None:
    table = list(csv.reader(io.StringIO(jhro(recorded, "--format", "csv").stdout)))
    assert table[0] == ["section", "key", "unit", "value"]
    assert all(len(row) == 4 for row in table)
    names = [row[3] for row in table if row[1] == "name"]
    assert any(name.startswith("'=HYPERLINK") for name in names)
    assert ["releases_by_basis", "mobile_session", "detainees", "1"] in table
    markdown = jhro(recorded, "--format", "md").stdout
    assert markdown.startswith("# Detention figures: Goma, ")
    assert "\x1b" not in markdown and "\\[red\\]cachot\\[/\\]" in markdown
    assert "| Access refused | visits | 1 |" in markdown


def test_an_officer_another_office_and_bad_dates_are_refused(recorded: World) -> None:
    denied = "jhro: You do not have permission to do this.\n"
    officer = jhro(recorded, "--format", "json", user="olga")
    assert (officer.code, officer.stdout, officer.stderr) == (5, "", denied)
    other = jhro(recorded, "--office", "Bukavu", "--format", "json")
    assert (other.code, other.stdout, other.stderr) == (5, "", denied)
    backwards = jhro(recorded, "--from", "2026", "--to", "2025", "--format", "json")
    assert backwards.code == 2 and not backwards.login_notes
