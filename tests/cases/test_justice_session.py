"""A mobile court session's figures are counted from the records, each in its unit: the
session of the issue (45 proceedings and appeals in 25 days, 9 accused convicted of whom
2 for sexual violence, 25 detainees released) recorded by hand, and the figures and the
lists behind them read back as a supervisor would."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services import workflow
from jhro_tui.services.justice import court, figures, hearings, proceedings, sessions
from jhro_tui.services.justice.forms import (
    AccusedForm,
    HearingForm,
    JudgmentForm,
    ProceedingForm,
    SessionForm,
    StageForm,
    Verdict,
)
from jhro_tui.services.justice.overview import report
from tests.justice_session import FIGURES, RECORDED_ON, START, record_issue_session

from .conftest import World


def _validated(world: World, title: str) -> tuple[int, int]:
    made = world.make_case("olga", title=title)
    olga = world.login("olga")
    workflow.submit(olga, made.case, expected_version=world.version(made.case))
    sue = world.login("sue")
    workflow.validate(sue, made.case, expected_version=world.version(made.case))
    return made.case, made.perpetrator


def test_the_session_of_the_issue_counts_as_recorded(world: World) -> None:
    case_id, _perpetrator = _validated(world, "Audience foraine de Kalehe")
    with world.planned_on(RECORDED_ON):
        session_id = record_issue_session(world.login("olga"), case_id)
        sue = world.login("sue")
        view, counted = figures.session_figures(sue, session_id)
    assert counted.values == FIGURES
    assert view.days_sitting == 25
    behind = figures.behind(sue, session_id, "convicted_sv")
    assert len(behind) == 2 and {row.outcome for row in behind} == {"convicted"}
    assert sum(row.count for row in figures.behind(sue, session_id, "released")) == 25
    assert len(figures.behind(sue, session_id, "appeals")) == 5
    assert len(figures.behind(sue, session_id, "convicted")) == 9
    with world.planned_on(RECORDED_ON):
        printed = report(sue, START, RECORDED_ON)
    assert printed.sessions[0].values == counted.values
    assert printed.convicted_sexual_violence == 2


def test_several_accused_of_one_proceeding_make_accused_convicted_exceed_proceedings(
        world: World) -> None:
    case_id, perpetrator = _validated(world, "Procès de Sake")
    olga = world.login("olga")
    with world.planned_on(START + dt.timedelta(days=10)):
        session = sessions.open_session(olga, SessionForm(
            "MOBILE.TMG", "CD-NK", START, START + dt.timedelta(days=4)))
        made = proceedings.open_proceeding(olga, case_id, ProceedingForm(
            "MOBILE.TMG", "CD-NK", docket="RP 77", stage="complaint", stage_on=START,
            session_id=session.id))
        court.add_accused(olga, made.id, AccusedForm(perpetrator_id=perpetrator,
                                                     charges=("PENAL.RAPE", "PENAL.THEFT")))
        court.add_accused(olga, made.id, AccusedForm(name="Kambale", rank="Sergent",
                                                     charges=("PENAL.MURDER",)))
        court.add_accused(olga, made.id, AccusedForm(name="Mumbere",
                                                     charges=("PENAL.MURDER",)))
        proceedings.change_stage(olga, made.id, StageForm("trial", START + dt.timedelta(1)),
                                 expected_version=made.version)
        hearings.add_hearing(olga, made.id, HearingForm(
            START + dt.timedelta(days=1), postponed=True, reason="Witness absent",
            next_on=START + dt.timedelta(days=2)))
        view = proceedings.get_proceeding(olga, made.id)
        first, second, third = view.accused
        court.record_judgment(olga, first.id, JudgmentForm(
            START + dt.timedelta(days=3), (Verdict(first.charges[0].id, "convicted"),
                                           Verdict(first.charges[1].id, "acquitted")),
            "prison", 240), expected_version=first.version)
        court.record_judgment(olga, second.id, JudgmentForm(
            START + dt.timedelta(days=3), (Verdict(second.charges[0].id, "convicted"),),
            "life"), expected_version=second.version)
        court.record_judgment(olga, third.id, JudgmentForm(
            START + dt.timedelta(days=3), (Verdict(third.charges[0].id, "acquitted"),)),
            expected_version=third.version)
        sue = world.login("sue")
        _view, counted = figures.session_figures(sue, session.id)
    assert counted.values["first_instance"] == 1
    assert counted.values["convicted"] == 2 > counted.values["first_instance"]
    assert counted.values["convicted_sv"] == 1
    assert counted.values["acquitted"] == 1
    outcomes = [person.outcome for person in
                proceedings.get_proceeding(sue, made.id).accused]
    assert outcomes == ["convicted", "convicted", "acquitted"]
