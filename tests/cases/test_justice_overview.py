"""What the Justice screen and the home read (``justice.overview``): only the proceedings
an account may see; a proceeding is stalled after ``justice_quiet_days`` without a
hearing unless one is set or it is over; reparations stay listed until paid in full."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from jhro_tui.services import access, cases, workflow
from jhro_tui.services.access import reading
from jhro_tui.services.justice import court, hearings, proceedings
from jhro_tui.services.justice.forms import (
    AccusedForm,
    HearingForm,
    JudgmentForm,
    PaymentForm,
    ProceedingForm,
    ReparationForm,
    StageForm,
    Verdict,
)
from jhro_tui.services.justice.overview import home, overview

from .conftest import World

TODAY = dt.date(2026, 11, 25)


def _case(world: World) -> int:
    made = world.make_case("olga", title="Procès de Kalehe")
    workflow.submit(world.login("olga"), made.case, expected_version=world.version(made.case))
    workflow.validate(world.login("sue"), made.case, expected_version=world.version(made.case))
    return made.case


def _proceeding(world: World, case_id: int, docket: str, opened: dt.date,
                stage: str = "investigation") -> int:
    return proceedings.open_proceeding(world.login("olga"), case_id, ProceedingForm(
        "CIVIL.TGI", "CD-SK", docket=docket, stage=stage, stage_on=opened)).id


def test_an_officer_of_another_office_sees_no_proceeding(world: World) -> None:
    with world.planned_on(TODAY):
        case_id = _case(world)
        made = _proceeding(world, case_id, "RP 1", dt.date(2026, 1, 5))
        hearings.add_hearing(world.login("olga"), made, HearingForm(
            dt.date(2026, 11, 20), postponed=True, reason="Juge absent",
            next_on=dt.date(2026, 11, 27)))
        mine = overview(world.login("olga"))
        assert [line.id for line in mine.hearings] == [made]
        for name in ("bea", "sam"):
            theirs = overview(world.login(name))
            assert theirs.hearings == () and theirs.quiet == () and theirs.unpaid == ()
            assert sum(theirs.by_stage.values()) == 0
        session = world.login("bea")
        with reading(session):
            who = access.case_actor(session, "justice.view")
            assert home(who, TODAY, 90).next_hearings == ()


def test_no_hearing_for_the_quiet_days_makes_a_proceeding_stalled(world: World) -> None:
    with world.planned_on(TODAY):
        case_id = _case(world)
        never = _proceeding(world, case_id, "RP 10", dt.date(2026, 3, 1))
        recent = _proceeding(world, case_id, "RP 11", dt.date(2026, 3, 1))
        hearings.add_hearing(world.login("olga"), recent, HearingForm(
            dt.date(2026, 10, 26), summary="Audition des témoins"))
        set_again = _proceeding(world, case_id, "RP 12", dt.date(2026, 3, 1))
        hearings.add_hearing(world.login("olga"), set_again, HearingForm(
            dt.date(2026, 4, 1), postponed=True, reason="Prévenu absent",
            next_on=dt.date(2026, 12, 2)))
        young = _proceeding(world, case_id, "RP 13", dt.date(2026, 10, 1))
        over = _proceeding(world, case_id, "RP 14", dt.date(2026, 3, 1))
        olga = world.login("olga")
        proceedings.change_stage(olga, over, StageForm("closed", dt.date(2026, 3, 5)),
                                 expected_version=proceedings.get_proceeding(olga, over).version)
        shown = overview(world.login("olga"))
        assert shown.quiet_days == 90
        assert [line.id for line in shown.quiet] == [never] and shown.quiet_total == 1
        world.settings = replace(world.settings, justice_quiet_days=20)
        shown = overview(world.login("olga"))
        assert {line.id for line in shown.quiet} == {never, recent, young}
        assert set_again not in {line.id for line in shown.quiet}
        sue = world.login("sue")
        with reading(sue):
            who = access.case_actor(sue, "justice.view")
            # The supervisor's count: stalled ones and any whose next hearing has passed.
            assert home(who, TODAY, 90).overdue == 1
            assert home(who, dt.date(2026, 12, 3), 90).overdue == 2


def test_reparations_stay_listed_until_paid_in_full(world: World) -> None:
    with world.planned_on(TODAY):
        case_id = _case(world)
        made = _proceeding(world, case_id, "RP 20", dt.date(2026, 2, 1), stage="trial")
        olga = world.login("olga")
        accused_id = court.add_accused(olga, made, AccusedForm(name="Kambale",
                                                                charges=("PENAL.RAPE",)))
        person = proceedings.get_proceeding(olga, made).accused[0]
        court.record_judgment(olga, accused_id, JudgmentForm(
            dt.date(2026, 6, 1), (Verdict(person.charges[0].id, "convicted"),), "prison", 120),
            expected_version=person.version)
        reparation = court.order_reparation(olga, made, ReparationForm(
            accused_id, 5000, "USD", "V01", dt.date(2026, 6, 1), jointly_with_state=True))
        court.record_payment(olga, reparation, PaymentForm(1000, dt.date(2026, 9, 1)))
        (line,) = overview(world.login("sue")).unpaid
        assert (line.proceeding_id, line.amount, line.paid, line.currency) == (
            made, 5000, 1000, "USD")
        court.record_payment(world.login("olga"), reparation,
                             PaymentForm(4000, dt.date(2026, 11, 2)))
        shown = overview(world.login("sue"))
        assert shown.unpaid == () and shown.unpaid_total == 0
        # Paid, but still on trial with no hearing since February: a step is overdue.
        assert cases.home_summary(world.login("sue")).justice_overdue == 1


def test_the_officer_home_lists_the_next_hearings(world: World) -> None:
    with world.planned_on(TODAY):
        case_id = _case(world)
        made = _proceeding(world, case_id, "RP 30", dt.date(2026, 8, 1))
        hearings.add_hearing(world.login("olga"), made, HearingForm(
            dt.date(2026, 11, 3), postponed=True, reason="Témoin absent",
            next_on=dt.date(2026, 12, 15)))
        summary = cases.home_summary(world.login("olga"))
        assert [(h.proceeding_id, h.on) for h in summary.next_hearings] == [
            (made, dt.date(2026, 12, 15))]
        assert "RP 30" in summary.next_hearings[0].label
        assert cases.home_summary(world.login("oscar")).next_hearings == ()
