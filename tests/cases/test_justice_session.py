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
    AppealForm,
    HearingForm,
    JudgmentForm,
    ProceedingForm,
    ReleaseForm,
    SessionForm,
    StageForm,
    Verdict,
)
from jhro_tui.services.justice.overview import report

from .conftest import World

START = dt.date(2026, 3, 2)


def _validated(world: World, title: str) -> tuple[int, int]:
    made = world.make_case("olga", title=title)
    olga = world.login("olga")
    workflow.submit(olga, made.case, expected_version=world.version(made.case))
    sue = world.login("sue")
    workflow.validate(sue, made.case, expected_version=world.version(made.case))
    return made.case, made.perpetrator


def _tried(world: World, case_id: int, session_id: int, charges: list[list[str]],
           verdicts: list[list[str]], *, appeal_of: int | None = None) -> int:
    """A proceeding of the session about ``case_id``: one accused per entry of
    ``charges``, judged as ``verdicts`` says (empty: not judged)."""
    olga = world.login("olga")
    if appeal_of is None:
        made = proceedings.open_proceeding(olga, case_id, ProceedingForm(
            "MOBILE.TMG", "CD-SK", "CD-SK.KALEHE", f"RP {case_id}", "trial", START,
            session_id=session_id))
    else:
        made = proceedings.lodge_appeal(olga, appeal_of, AppealForm(
            "MOBILE.COUR_MILITAIRE", "CD-SK", START + dt.timedelta(days=3), docket="RPA 1"))
        proceedings.update_proceeding(olga, made.id, ProceedingForm(
            "MOBILE.COUR_MILITAIRE", "CD-SK", docket="RPA 1", session_id=session_id),
            expected_version=made.version)
    ids = [person.id for person in proceedings.get_proceeding(olga, made.id).accused]
    if appeal_of is None:
        ids = [court.add_accused(olga, made.id, AccusedForm(name=f"Accusé {n}",
                                                             charges=tuple(codes)))
               for n, codes in enumerate(charges)]
    view = proceedings.get_proceeding(olga, made.id)
    for person, outcome in zip(view.accused, verdicts, strict=True):
        if not outcome:
            continue
        convicted = any(v in ("convicted", "requalified") for v in outcome)
        court.record_judgment(olga, person.id, JudgmentForm(
            START + dt.timedelta(days=2 if appeal_of is None else 10), tuple(
                Verdict(charge.id, v, "PENAL.ASSAULT" if v == "requalified" else "")
                for charge, v in zip(person.charges, outcome, strict=True)),
            "prison" if convicted else "", 60 if convicted else None),
            expected_version=person.version)
    assert ids
    return made.id


def test_the_session_of_the_issue_counts_as_recorded(world: World) -> None:
    case_id, _perpetrator = _validated(world, "Audience foraine de Kalehe")
    olga = world.login("olga")
    with world.planned_on(START + dt.timedelta(days=30)):
        session = sessions.open_session(olga, SessionForm(
            "MOBILE.TMG", "CD-SK", START, START + dt.timedelta(days=24),
            territory_code="CD-SK.KALEHE", locality="Minova"))
        # 40 first-instance proceedings: 7 convicted (2 of rape), 20 acquitted, 3
        # dismissed, 10 not yet judged; then 5 appeals, 2 ending in conviction.
        plan = ([["convicted"]] * 5 + [["convicted"]] * 2 + [["acquitted"]] * 20
                + [["dismissed"]] * 3 + [[]] * 10)
        charges = ([["PENAL.MURDER"]] * 5 + [["PENAL.RAPE"], ["MILITARY.WAR_CRIME.RAPE"]]
                   + [["PENAL.THEFT"]] * 33)
        first = [_tried(world, case_id, session.id, [codes], [outcome])
                 for codes, outcome in zip(charges, plan, strict=True)]
        for n, appealed in enumerate(first[7:12]):
            _tried(world, case_id, session.id, [], [["convicted"] if n < 2 else ["acquitted"]],
                   appeal_of=appealed)
        olga = world.login("olga")
        sessions.record_release(olga, session.id, ReleaseForm(
            20, START + dt.timedelta(days=24), "unlawful_detention"))
        sessions.record_release(olga, session.id, ReleaseForm(
            5, START + dt.timedelta(days=24), "acquitted"))

        sue = world.login("sue")
        view, counted = figures.session_figures(sue, session.id)
    assert counted.values == {"first_instance": 40, "appeals": 5, "tried": 45,
                              "convicted": 9, "convicted_sv": 2, "acquitted": 26,
                              "released": 25, "days": 25}
    assert view.days_sitting == 25
    behind = figures.behind(sue, session.id, "convicted_sv")
    assert len(behind) == 2 and {row.outcome for row in behind} == {"convicted"}
    assert sum(row.count for row in figures.behind(sue, session.id, "released")) == 25
    assert len(figures.behind(sue, session.id, "appeals")) == 5
    with world.planned_on(START + dt.timedelta(days=30)):
        printed = report(sue, START, START + dt.timedelta(days=30))
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
