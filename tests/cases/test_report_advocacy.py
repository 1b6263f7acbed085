"""``jhro report advocacy``: laws by stage, the stage changes of the period (not those
before it), actions by kind and institution, the follow-ups overdue at the end of the
period (not those done by then), as JSON, CSV and Markdown; only the office's supervisor,
refusals audited; stored text printed as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from jhro_tui.errors import PermissionDenied
from jhro_tui.services.advocacy import actions, laws, report
from jhro_tui.services.advocacy.forms import ActionForm, LawForm, StageForm
from jhro_tui.store.models import FollowUp
from tests.conftest import CliResult, run_cli

from .conftest import PASSPHRASE, World

HOSTILE = "=HYPERLINK(\"x\") [red]Édit[/] \x1b[2J|*"
START = dt.date(2025, 6, 1)


def _today() -> dt.date:
    """Today on the machine's clock (the CLI's zone: no config.toml)."""
    return dt.datetime.now(dt.UTC).astimezone().date()


@pytest.fixture
def recorded(world: World) -> World:
    olga = world.login("olga")
    defenders = laws.add_law(olga, LawForm(
        "Loi portant protection des défenseurs", "law", "national", "defenders",
        stage="drafting", stage_on=dt.date(2025, 3, 4), evidence="Avant-projet"))
    moved = laws.move_law(olga, defenders.id, StageForm("tabled", dt.date(2025, 6, 2),
                                                        "Bureau de l'Assemblée"),
                          expected_version=defenders.version)
    laws.move_law(olga, defenders.id, StageForm("in_committee", dt.date(2025, 9, 1),
                                                "Commission PAJ"),
                  expected_version=moved.version)
    laws.add_law(olga, LawForm(HOSTILE, "regulation", "provincial", "defenders",
                               province_code="CD-NK", stage="identified",
                               stage_on=dt.date(2024, 5, 1)))
    with world.planned_on(dt.date(2025, 7, 1)):
        actions.add_action(olga, ActionForm(
            dt.date(2025, 7, 1), "meeting", "national_assembly", "Rencontre avec la PAJ",
            law_id=defenders.id, target_name="Commission PAJ", outcome="Promesse d'examen",
            next_step="Envoyer la note technique", follow_up_on=dt.date(2025, 7, 15)))
    with world.planned_on(dt.date(2025, 8, 1)):
        letter = actions.add_action(olga, ActionForm(
            dt.date(2025, 8, 1), "letter", "government", "Lettre au ministre",
            law_id=defenders.id, next_step="Relancer le cabinet",
            follow_up_on=dt.date(2025, 8, 10)))
    task = FollowUp.get(FollowUp.action_id == letter.id)
    actions.complete_follow_up(olga, task.id, expected_version=task.version)
    # Before the period: not counted.
    actions.add_action(olga, ActionForm(dt.date(2025, 5, 1), "meeting", "government",
                                        "Rencontre", law_id=defenders.id))
    # Another office's: not counted.
    bea = world.login("bea")
    laws.add_law(bea, LawForm("Édit du Sud-Kivu", "decree", "provincial", "land",
                              province_code="CD-SK", stage="tabled",
                              stage_on=dt.date(2025, 7, 1)))
    actions.add_action(bea, ActionForm(dt.date(2025, 7, 2), "workshop", "senate", "Atelier"))
    world.close()
    return world


def jhro(world: World, *args: str, user: str = "sue") -> CliResult:
    return run_cli(["report", "advocacy", "--user", user, "--passphrase-stdin", *args],
                   data_dir=world.paths.data_dir, stdin=[PASSPHRASE])


def test_json_counts_stages_moves_actions_and_overdue_follow_ups(recorded: World) -> None:
    result = jhro(recorded, "--from", START.isoformat(), "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    got = json.loads(result.stdout)
    assert (got["office"], got["from"], got["to"]) == ("Goma", "2025-06-01",
                                                       _today().isoformat())
    stages = got["laws_by_stage"]
    assert len(stages) == 9 and {stages[code]["value"] for code in stages} == {0, 1}
    assert stages["in_committee"]["value"] == 1 and stages["identified"]["value"] == 1
    assert stages["tabled"] == {"value": 0, "unit": "laws", "laws": []}
    assert [law["title"] for law in stages["in_committee"]["laws"]] == [
        "Loi portant protection des défenseurs"]
    assert "\x1b" not in stages["identified"]["laws"][0]["title"]
    # The first stage (March) is before the period; both moves are in it.
    assert [(change["from"], change["to"], change["on"], change["evidence"],
             change["recorded_by"]) for change in got["stage_changes"]] == [
        ("drafting", "tabled", "2025-06-02", "Bureau de l'Assemblée", "olga"),
        ("tabled", "in_committee", "2025-09-01", "Commission PAJ", "olga")]
    kinds = {kind: figure["value"] for kind, figure in got["actions_by_kind"].items()}
    assert kinds == {"meeting": 1, "letter": 1, "report": 0, "comments": 0, "workshop": 0,
                     "statement": 0}
    by_institution = got["actions_by_institution"]
    assert {code for code, figure in by_institution.items() if figure["value"]} == {
        "national_assembly", "government"}
    assert by_institution["senate"] == {"value": 0, "unit": "actions"}
    assert [(action["taken_on"], action["target_name"]) for action in got["actions"]] == [
        ("2025-07-01", "Commission PAJ"), ("2025-08-01", "")]
    # The letter's follow-up was done: only the meeting's is overdue.
    assert [(task["next_step"], task["due_on"], task["assigned_to"],
             task["days_overdue"]["value"]) for task in got["overdue_follow_ups"]] == [
        ("Envoyer la note technique", "2025-07-15", "olga",
         (_today() - dt.date(2025, 7, 15)).days)]


def test_a_follow_up_done_after_the_period_was_overdue_at_its_end(recorded: World) -> None:
    supervisor = recorded.login("sue")
    figures = report.report(supervisor, START, dt.date(2025, 8, 31))
    assert figures.as_of == dt.date(2025, 8, 31)
    assert [(task.next_step, task.days_overdue) for task in figures.overdue] == [
        ("Envoyer la note technique", 47), ("Relancer le cabinet", 21)]
    assert [change.to_stage for change in figures.changes] == ["tabled"]
    earlier = report.report(supervisor, dt.date(2025, 1, 1), dt.date(2025, 5, 31))
    assert [(change.from_stage, change.to_stage) for change in earlier.changes] == [
        ("", "drafting")]
    assert earlier.by_kind["meeting"] == 1 and earlier.overdue == ()


def test_csv_and_markdown_parse_and_keep_stored_text_as_text(recorded: World) -> None:
    table = list(csv.reader(io.StringIO(jhro(recorded, "--from", "2025-06", "--format",
                                             "csv").stdout)))
    assert table[0] == ["section", "key", "unit", "value"]
    assert all(len(row) == 4 for row in table)
    assert ["laws_by_stage", "in_committee", "laws", "1"] in table
    assert ["actions_by_kind", "letter", "actions", "1"] in table
    assert ["actions_by_institution", "national_assembly", "actions", "1"] in table
    assert ["overdue_follow_ups", "total", "follow-ups", "1"] in table
    titles = [row[3] for row in table if row[0].startswith("law:")]
    assert any(title.startswith("'=HYPERLINK") and "\x1b" not in title for title in titles)
    markdown = jhro(recorded, "--from", "2025-06", "--format", "md").stdout
    assert markdown.startswith("# Advocacy: Goma, 2025-06-01 – ")
    for title in ("## Laws by stage", "## Stage changes in the period", "## Actions by kind",
                  "## Actions by institution", "## Actions in the period",
                  "## Overdue follow-ups"):
        assert title in markdown
    assert "| In committee | Loi portant protection des défenseurs | 1 |" in markdown
    assert "| Meeting | actions | 1 |" in markdown
    assert "\x1b" not in markdown and "\\[red\\]Édit\\[/\\]" in markdown
    assert "\\|" in markdown  # the hostile title's pipe does not split the table


def test_output_writes_a_new_private_file_and_never_replaces_one(recorded: World) -> None:
    target = recorded.paths.data_dir.parent / "advocacy.md"
    written = jhro(recorded, "--format", "md", "--output", str(target))
    assert (written.code, written.stdout) == (0, "")
    assert target.read_text().startswith("# Advocacy: Goma")
    assert target.stat().st_mode & 0o777 == 0o600
    again = jhro(recorded, "--format", "md", "--output", str(target))
    assert again.code != 0 and "already exists" in again.stderr and not again.login_notes


def test_an_officer_and_another_office_are_refused_and_audited(recorded: World) -> None:
    denied = "jhro: You do not have permission to do this.\n"
    officer = jhro(recorded, "--format", "json", user="olga")
    assert (officer.code, officer.stdout, officer.stderr) == (5, "", denied)
    other = jhro(recorded, "--office", "Bukavu", "--format", "json")
    assert (other.code, other.stdout, other.stderr) == (5, "", denied)
    assert jhro(recorded, "--format", "json").code == 0
    backwards = jhro(recorded, "--from", "2026", "--to", "2025", "--format", "json")
    assert backwards.code == 2 and not backwards.login_notes
    recorded.login("admin")
    assert [(row[0], row[2], row[4]) for row in recorded.audit("report.advocacy")] == [
        ("olga", "report:advocacy", "denied"), ("sue", "report:advocacy:Bukavu", "denied"),
        ("sue", "office:Goma", "ok")]
    with pytest.raises(PermissionDenied):
        report.report(recorded.login("sam"), START, _today(), office="Goma")
