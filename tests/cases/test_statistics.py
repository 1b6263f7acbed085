"""The office's figures on a dataset made by hand, every number checked here by hand.

Goma, March 2024:
- case A (validated): one incident dated "2024-03" (month precision), three violations
  (rape, torture, looting) all suffered by one victim, Furaha (a woman, 24, who
  consented to statistics), by an M23 unit; the looting also hurt 12 women counted
  without names.
- case D (validated): an incident on 15 March 2024, one arbitrary arrest of a boy of 12
  (no consent asked for statistics) by the FARDC and the PNC together.
- case Y (validated): an incident known only as "2024", one killing, one victim.
- a draft and a submitted case in March, and a validated Bukavu case: never in Goma's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.statistics import figures, suppression
from jhro_tui.services.statistics.figures import statistics
from jhro_tui.services.statistics.tables import TOTAL_ROW, Drill, Table
from jhro_tui.store.models import Account, CountedViolation
from tests.cases.conftest import World

MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def _validate(world: World, case_id: int, officer: str = "olga", supervisor: str = "sue"
              ) -> None:
    workflow.submit(world.login(officer), case_id, expected_version=world.version(case_id))
    workflow.validate(world.login(supervisor), case_id, expected_version=world.version(case_id))


def _case(world: World, officer: str, *, date: str, province: str, territory: str,
          violations: list[tuple[str, forms.UnnamedVictims]], victim: forms.VictimForm,
          categories: list[str]) -> int:
    """A case with one incident, one named victim of every violation, and perpetrators
    of ``categories`` in every violation."""
    session = world.login(officer)
    case = cases.create_case(session, forms.CaseForm("Dossier", "Récit", province_code=province))
    incident = records.add_incident(session, case.id, forms.IncidentForm(
        PartialDate.parse(date), province, territory))
    person = victims.add_victim(session, case.id, victim)
    victims.give_consent(session, person.id, "documentation")
    perpetrators = [records.add_perpetrator(session, case.id, forms.PerpetratorForm(code)).id
                    for code in categories]
    for type_code, unnamed in violations:
        records.add_violation(session, incident.id, forms.ViolationForm(type_code,
                                                                         unnamed=unnamed),
                              victim_ids=[person.id], perpetrator_ids=perpetrators)
    return case.id


@pytest.fixture
def goma(world: World) -> World:
    nobody = forms.UnnamedVictims()
    furaha = forms.VictimForm(name="Furaha", sex="female", age=24)
    a = _case(world, "olga", date="2024-03", province="CD-NK", territory="CD-NK.MASISI",
              violations=[("SGBV.RAPE", nobody), ("INTEGRITY.TORTURE", nobody),
                          ("PROPERTY.LOOTING", forms.UnnamedVictims(women=12))],
              victim=furaha, categories=["ARMED_GROUP.M23_AFC"])
    session = world.login("olga")
    victim_a = cases.get_case(session, a).victims[0].id
    victims.give_consent(session, victim_a, "statistics")
    _validate(world, a)
    d = _case(world, "oscar", date="2024-03-15", province="CD-NK",
              territory="CD-NK.RUTSHURU", violations=[("LIBERTY.ARBITRARY_ARREST", nobody)],
              victim=forms.VictimForm(sex="male", age=12),
              categories=["STATE.FARDC", "STATE.PNC"])
    _validate(world, d, officer="oscar")
    y = _case(world, "olga", date="2024", province="CD-NK", territory="",
              violations=[("LIFE.EXTRAJUDICIAL_KILLING", nobody)],
              victim=forms.VictimForm(sex="male", age=40), categories=["STATE.FARDC"])
    _validate(world, y)
    draft = _case(world, "olga", date="2024-03-02", province="CD-NK",
                  territory="CD-NK.MASISI", violations=[("SGBV.RAPE", nobody)],
                  victim=forms.VictimForm(sex="female", age=30), categories=["STATE.FARDC"])
    submitted = _case(world, "olga", date="2024-03-03", province="CD-NK",
                      territory="CD-NK.MASISI", violations=[("SGBV.RAPE", nobody)],
                      victim=forms.VictimForm(sex="female", age=31),
                      categories=["STATE.FARDC"])
    workflow.submit(world.login("olga"), submitted,
                    expected_version=world.version(submitted))
    bukavu = _case(world, "bea", date="2024-03-10", province="CD-SK",
                   territory="CD-SK.KALEHE", violations=[("SGBV.RAPE", nobody)],
                   victim=forms.VictimForm(sex="female", age=19), categories=["STATE.FARDC"])
    _validate(world, bukavu, officer="bea", supervisor="sam")
    world.ids = {"a": a, "d": d, "y": y, "draft": draft, "submitted": submitted,  # type: ignore[attr-defined]
                 "bukavu": bukavu}
    return world


def _row(table: Table, key: str) -> tuple[int, ...]:
    found = [row for row in [*table.rows, table.total] if row is not None and row.key == key]
    assert found, (key, [row.key for row in table.rows])
    return found[0].values


def test_march_counts_validated_cases_only_each_unit_apart(goma: World) -> None:
    counted = statistics(goma.login("sue"), *MARCH)
    summary = counted.table("summary")
    # incidents A and D; violations 3 + 1; victims Furaha + 12 women + the boy.
    assert _row(summary, "incidents")[0] == 2
    assert _row(summary, "violations")[0] == 4
    assert _row(summary, "victims")[0] == 14
    assert _row(summary, "children")[0] == 1
    assert _row(summary, "killed")[0] == 0
    by_type = counted.table("by_type")
    # Furaha counts once in each of her three violations' rows, once in the total.
    assert _row(by_type, "SGBV.RAPE") == (1, 1)
    assert _row(by_type, "INTEGRITY.TORTURE") == (1, 1)
    assert _row(by_type, "PROPERTY.LOOTING") == (1, 13)
    assert _row(by_type, TOTAL_ROW) == (4, 14)
    months = counted.table("by_month")
    assert [row.key for row in months.rows] == ["2024-03"]
    assert _row(months, "2024-03") == (2, 4, 14)
    sexes = counted.table("by_sex_age")
    assert _row(sexes, "female") == (13, 0, 0, 13)
    assert _row(sexes, "male") == (0, 1, 0, 1)
    assert _row(sexes, TOTAL_ROW) == (13, 1, 0, 14)
    perpetrators = counted.table("by_perpetrator")
    # The arrest by the FARDC and the PNC together: once under each, once under State
    # agents, once in the total.
    assert _row(perpetrators, "STATE") == (1,)
    assert _row(perpetrators, "STATE.FARDC") == (1,)
    assert _row(perpetrators, "STATE.PNC") == (1,)
    assert _row(perpetrators, "ARMED_GROUP") == (3,)
    assert _row(perpetrators, TOTAL_ROW) == (4,)
    place = counted.table("by_place")
    assert _row(place, "CD-NK") == (2, 4, 14)
    assert _row(place, "CD-NK/CD-NK.MASISI") == (1, 3, 13)


def test_a_month_precision_incident_counts_in_its_month_not_in_part_of_it(goma: World
                                                                          ) -> None:
    half = statistics(goma.login("sue"), dt.date(2024, 3, 1), dt.date(2024, 3, 15))
    assert _row(half.table("summary"), "incidents")[0] == 1  # only D, on the 15th
    assert _row(half.table("summary"), "violations")[0] == 1


def test_a_year_precision_incident_counts_only_in_yearly_figures(goma: World) -> None:
    year = statistics(goma.login("sue"), *YEAR)
    summary = year.table("summary")
    assert _row(summary, "incidents")[0] == 3
    assert _row(summary, "killed")[0] == 1
    months = year.table("by_month")
    assert _row(months, "year") == (1, 1, 1)
    assert _row(months, TOTAL_ROW) == (3, 5, 15)
    assert any("year-precision" in note for note in months.notes)
    quarter = statistics(goma.login("sue"), dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert _row(quarter.table("summary"), "incidents")[0] == 2


def test_a_victim_without_consent_counts_as_the_office_policy_says(goma: World) -> None:
    anonymous = statistics(goma.login("sue"), *MARCH)
    assert _row(anonymous.table("summary"), "victims")[0] == 14
    goma.settings = dataclasses.replace(goma.settings, statistics_victims="consent")
    consent = statistics(goma.login("sue"), *MARCH)
    # The boy was never asked: he no longer counts; Furaha consented; the 12 women were
    # never named and identify no one.
    assert _row(consent.table("summary"), "victims")[0] == 13
    assert _row(consent.table("summary"), "children")[0] == 0
    assert _row(consent.table("summary"), "violations")[0] == 4


def test_trends_compare_with_the_previous_period_and_a_year_earlier(goma: World) -> None:
    april = statistics(goma.login("sue"), dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    violations = _row(april.table("summary"), "violations")
    assert violations == (0, 4, -4, 0, 0)
    assert april.previous == MARCH
    next_march = statistics(goma.login("sue"), dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert next_march.year_earlier == MARCH
    assert _row(next_march.table("summary"), "victims") == (0, 0, 0, 14, -14)


def test_a_case_sent_back_to_draft_stops_counting(goma: World) -> None:
    a = goma.ids["a"]  # type: ignore[attr-defined]
    workflow.revise(goma.login("sue"), a, comment="Dates à revoir",
                    expected_version=goma.version(a))
    assert not CountedViolation.select().where(CountedViolation.case == a).exists()
    march = statistics(goma.login("sue"), *MARCH)
    assert _row(march.table("summary"), "violations")[0] == 1


def test_an_officer_reaches_no_figure_and_the_refusal_is_audited(goma: World) -> None:
    with pytest.raises(PermissionDenied):
        statistics(goma.login("olga"), *MARCH)
    assert ("olga", "statistics.view", "statistics:own", "role=officer", "denied") in \
        goma.audit("statistics.view")


def test_a_supervisor_sees_only_their_office_unless_national(goma: World) -> None:
    session = goma.login("sue")
    with pytest.raises(PermissionDenied):
        statistics(session, *MARCH, office="Bukavu")
    Account.update(scope=figures.NATIONAL).where(Account.name == "sue").execute()
    bukavu = statistics(session, *MARCH, office="Bukavu")
    assert _row(bukavu.table("summary"), "violations")[0] == 1
    every = statistics(session, *MARCH, office=figures.ALL_OFFICES)
    assert _row(every.table("summary"), "violations")[0] == 5
    with pytest.raises(ValidationError):
        statistics(session, *MARCH, office="Atlantis")


def test_the_cases_behind_a_figure_are_those_it_counts_and_only_the_visible_ones(
        goma: World) -> None:
    ids = goma.ids  # type: ignore[attr-defined]
    session = goma.login("sue")
    behind = figures.cases_behind(session, *MARCH, "", Drill("type", "SGBV.RAPE"))
    assert [case.id for case in behind.page] == [ids["a"]]
    children = figures.cases_behind(session, *MARCH, "", Drill("age", "child", victims=True))
    assert [case.id for case in children.page] == [ids["d"]]
    women = figures.cases_behind(session, *MARCH, "",
                                 Drill("sex_age", "female/adult", victims=True))
    assert [case.id for case in women.page] == [ids["a"]]
    Account.update(scope=figures.NATIONAL).where(Account.name == "sue").execute()
    everyone = figures.cases_behind(session, *MARCH, figures.ALL_OFFICES,
                                    Drill("total", ""))
    # Bukavu's case is counted, but a Goma supervisor does not open it.
    assert (everyone.total, everyone.visible) == (3, 2)
    assert ids["bukavu"] not in [case.id for case in everyone.page]
    assert goma.audit("statistics.cases")[-1][1] == "statistics.cases"


def test_every_published_figure_hides_small_cells_from_subtraction(goma: World) -> None:
    counted = statistics(goma.login("sue"), *YEAR)
    protected = suppression.protect(counted.tables, 5)
    for table in counted.tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for index, value in enumerate(row.values):
                shown = protected.shown(table.key, row.key, index, value)
                if table.columns[index].kind == "count" and 0 < value < 5:
                    assert shown == "<5", (table.key, row.key, index)
    assert not suppression.determined(protected.hidden,
                                      suppression.equations(counted.tables))


def test_the_migration_counts_the_cases_validated_before_it(goma: World) -> None:
    import importlib

    from jhro_tui.store.db import database

    before = statistics(goma.login("sue"), *YEAR)
    database.execute_sql("DELETE FROM counted_violation")
    assert statistics(goma.login("sue"), *YEAR).table("summary").rows[1].values[0] == 0
    migration = importlib.import_module("jhro_tui.store.migrations.0016_statistics")
    for statement in migration.FILL:
        database.execute_sql(statement)
    assert statistics(goma.login("sue"), *YEAR).tables == before.tables
