"""The justice services' rules: who may record court work (the permission matrix of the
case files, through the proceeding's cases), what each refuses with a clear message and
nothing written, version conflicts, audit rows, and consent gating victims in court."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from jhro_tui.errors import Conflict, PermissionDenied, ValidationError
from jhro_tui.services import cases, victims, workflow
from jhro_tui.services.access import NotAvailable
from jhro_tui.services.justice import court, figures, hearings, proceedings, sessions
from jhro_tui.services.justice.forms import (
    AccusedForm,
    AppealForm,
    CourtVictimForm,
    HearingForm,
    JudgmentForm,
    PaymentForm,
    ProceedingForm,
    ReleaseForm,
    ReparationForm,
    SessionForm,
    StageForm,
    Verdict,
)
from jhro_tui.services.justice.overview import report
from jhro_tui.services.session import Session
from jhro_tui.store.models import Accused, Hearing, Proceeding, Reparation

from .conftest import Made, World

DAY = dt.date(2026, 2, 2)
TABLES = ("proceeding", "proceeding_case", "proceeding_stage", "accused", "charge",
          "hearing", "reparation", "reparation_payment", "court_victim", "mobile_session",
          "session_release")


@dataclass(frozen=True)
class Court:
    made: Made
    proceeding: int
    accused: int
    convicted: int
    hearing: int
    reparation: int


def fingerprint(world: World) -> tuple[object, ...]:
    assert world.current is not None
    db = world.current.vault.db
    return tuple(db.execute_sql(f"SELECT count(*), max(rowid) FROM {table}").fetchone()
                 for table in TABLES) + tuple(
        db.execute_sql(f"SELECT max(version), max(updated_at) FROM {table}").fetchone()
        for table in ("proceeding", "accused", "charge", "hearing", "reparation"))


def _version(model: type, row_id: int) -> int:
    return int(model.get_by_id(row_id).version)  # type: ignore[attr-defined]


@pytest.fixture
def in_court(world: World) -> Court:
    """A validated Goma case of olga's, shared with bea, in court: two accused (one
    convicted of rape, with reparations), a hearing, at the judgment stage."""
    made = world.make_case("olga")
    olga = world.login("olga")
    victims.give_consent(olga, made.victim, "justice")
    workflow.submit(olga, made.case, expected_version=world.version(made.case))
    sue = world.login("sue")
    workflow.validate(sue, made.case, expected_version=world.version(made.case))
    cases.share_case(sue, made.case, "bea")
    olga = world.login("olga")
    with world.planned_on(DAY + dt.timedelta(days=60)):
        opened = proceedings.open_proceeding(olga, made.case, ProceedingForm(
            "MILITARY.TMG", "CD-SK", "CD-SK.KALEHE", "RP 012/2026", "complaint", DAY,
            "Plainte déposée à l'auditorat"))
        accused = court.add_accused(olga, opened.id, AccusedForm(
            perpetrator_id=made.perpetrator, rank="Capitaine", charges=("PENAL.THEFT",)))
        convicted = court.add_accused(olga, opened.id, AccusedForm(
            name="Bahati K.", category_code="STATE.FARDC", charges=("PENAL.RAPE",)))
        proceedings.change_stage(olga, opened.id, StageForm("trial", DAY + dt.timedelta(10)),
                                 expected_version=opened.version)
        hearing = hearings.add_hearing(olga, opened.id, HearingForm(
            DAY + dt.timedelta(days=12), postponed=True, reason="Absence du prévenu",
            next_on=DAY + dt.timedelta(days=30)))
        person = next(p for p in proceedings.get_proceeding(olga, opened.id).accused
                      if p.id == convicted)
        court.record_judgment(olga, convicted, JudgmentForm(
            DAY + dt.timedelta(days=30), (Verdict(person.charges[0].id, "convicted"),),
            "prison", 120), expected_version=person.version)
        reparation = court.order_reparation(olga, opened.id, ReparationForm(
            convicted, 5000, "USD", "V01", DAY + dt.timedelta(days=30), True))
    return Court(made, opened.id, accused, convicted, hearing, reparation)


Op = Callable[[Session, Court], object]
LATER = DAY + dt.timedelta(days=40)
OPS: dict[str, tuple[str, Op]] = {
    "open_proceeding": ("proceeding.add", lambda s, c: proceedings.open_proceeding(
        s, c.made.case, ProceedingForm("CIVIL.TGI", "CD-SK", stage_on=DAY))),
    "update_proceeding": ("proceeding.update", lambda s, c: proceedings.update_proceeding(
        s, c.proceeding, ProceedingForm("MILITARY.TMG", "CD-SK", docket="RP 13"),
        expected_version=_version(Proceeding, c.proceeding))),
    "change_stage": ("proceeding.stage", lambda s, c: proceedings.change_stage(
        s, c.proceeding, StageForm("enforcement", LATER),
        expected_version=_version(Proceeding, c.proceeding))),
    "add_accused": ("accused.add", lambda s, c: court.add_accused(
        s, c.proceeding, AccusedForm(name="X", charges=("PENAL.MURDER",)))),
    "add_charge": ("charge.add", lambda s, c: court.add_charge(s, c.accused, "PENAL.MURDER")),
    "add_hearing": ("hearing.add", lambda s, c: hearings.add_hearing(
        s, c.proceeding, HearingForm(LATER, summary="Plaidoiries"))),
    "update_hearing": ("hearing.update", lambda s, c: hearings.update_hearing(
        s, c.hearing, HearingForm(DAY + dt.timedelta(days=12), True, "Juge en mission"),
        expected_version=_version(Hearing, c.hearing))),
    "record_judgment": ("judgment.record", lambda s, c: court.record_judgment(
        s, c.accused, JudgmentForm(LATER, (Verdict(
            proceedings.get_proceeding(s, c.proceeding).accused[0].charges[0].id,
            "acquitted"),)), expected_version=_version(Accused, c.accused))),
    "record_payment": ("reparation.payment", lambda s, c: court.record_payment(
        s, c.reparation, PaymentForm(100, LATER))),
    "add_court_victim": ("court_victim.add", lambda s, c: court.add_court_victim(
        s, c.proceeding, CourtVictimForm(c.made.victim, True, ("pseudonym",)))),
    "lodge_appeal": ("proceeding.appeal", lambda s, c: proceedings.lodge_appeal(
        s, c.proceeding, AppealForm("MILITARY.COUR_MILITAIRE", "CD-SK", LATER))),
    "get_proceeding": ("proceeding.view",
                       lambda s, c: proceedings.get_proceeding(s, c.proceeding)),
}


@pytest.mark.parametrize("operation", sorted(OPS))
def test_each_justice_service_refuses_whoever_may_not_see_the_case(
        world: World, in_court: Court, operation: str) -> None:
    _action, op = OPS[operation]
    for name in ("oscar", "sam", "admin"):
        session = world.login(name)
        before = fingerprint(world)
        with world.planned_on(LATER), pytest.raises(PermissionDenied) as caught:
            op(session, in_court)
        assert in_court.made.reference not in caught.value.message()
        assert "RP 012" not in caught.value.message()
        assert fingerprint(world) == before, f"{name} changed something with {operation}"
        assert world.audit()[-1][0] == name and world.audit()[-1][4] == "denied"
        if name != "admin":
            assert isinstance(caught.value, NotAvailable)


ONCE = frozenset({"lodge_appeal", "record_judgment", "add_charge", "add_court_victim",
                  "change_stage"})
"""Done once: the same again is refused as a duplicate (tested below), whoever asks."""
RESAVES = frozenset({"update_proceeding", "update_hearing"})
"""Saved again as they are, they change nothing and record nothing."""


@pytest.mark.parametrize("operation", sorted(OPS))
def test_each_justice_service_serves_assigned_shared_and_supervisor(
        world: World, in_court: Court, operation: str) -> None:
    action, op = OPS[operation]
    for name in ("olga", "bea", "sue"):
        if operation in ONCE and name != "olga":
            continue
        session = world.login(name)
        audited = len(world.audit())
        with world.planned_on(LATER):
            op(session, in_court)
        written = world.audit()[audited:]
        assert all(row[0] == name and row[4] == "ok" for row in written), written
        if operation in RESAVES and name != "olga":
            assert written == [], f"{name} saved {operation} unchanged, yet it was recorded"
            continue
        assert action in [row[1] for row in written]
        if action != "proceeding.view" and operation != "open_proceeding":
            # every change lands in the case's own history too
            assert (name, action, f"case:{in_court.made.reference}") in [
                row[:3] for row in written], written


def _refused(world: World, call: Callable[[], object], field: str, words: str) -> None:
    before = fingerprint(world)
    with world.planned_on(LATER), pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == field
    assert words in caught.value.message()
    assert fingerprint(world) == before


def test_bad_court_records_are_refused_with_a_clear_message_and_nothing_written(
        world: World, in_court: Court) -> None:
    olga = world.login("olga")
    c = in_court
    view = proceedings.get_proceeding(olga, c.proceeding)
    acquitted_charge = next(p for p in view.accused if p.id == c.accused).charges[0]
    convicted_charge = next(p for p in view.accused if p.id == c.convicted).charges[0]
    _refused(world, lambda: hearings.add_hearing(olga, c.proceeding, HearingForm(
        DAY - dt.timedelta(days=1))), "held_on", "before the proceeding began")
    _refused(world, lambda: hearings.add_hearing(olga, c.proceeding, HearingForm(
        LATER + dt.timedelta(days=1))), "held_on", "in the future")
    _refused(world, lambda: hearings.add_hearing(olga, c.proceeding, HearingForm(
        LATER, postponed=True)), "reason", "why the hearing was postponed")
    _refused(world, lambda: court.record_payment(olga, c.reparation, PaymentForm(
        5001, LATER)), "amount", "more than is still owed")
    _refused(world, lambda: court.record_judgment(olga, c.accused, JudgmentForm(
        LATER, (Verdict(convicted_charge.id, "acquitted"),)),
        expected_version=_version(Accused, c.accused)), "verdicts", "does not face")
    _refused(world, lambda: court.record_judgment(olga, c.accused, JudgmentForm(
        LATER, (Verdict(acquitted_charge.id, "acquitted"),), "prison", 12),
        expected_version=_version(Accused, c.accused)), "sentence_kind", "conviction")
    _refused(world, lambda: proceedings.change_stage(olga, c.proceeding, StageForm(
        "enforcement", DAY + dt.timedelta(days=5)),
        expected_version=_version(Proceeding, c.proceeding)), "on", "before the current")
    _refused(world, lambda: proceedings.open_proceeding(olga, c.made.case, ProceedingForm(
        "CIVIL.NOWHERE", "CD-SK", stage_on=DAY)), "court_code", "Unknown code")
    _refused(world, lambda: proceedings.open_proceeding(olga, c.made.case, ProceedingForm(
        "CIVIL.TGI", "CD-SK", "CD-NK.RUTSHURU", stage_on=DAY)), "territory_code",
        "not in the province")
    _refused(world, lambda: court.add_charge(olga, c.accused, "PENAL.THEFT"), "charge_code",
             "already")
    _refused(world, lambda: court.order_reparation(olga, c.proceeding, ReparationForm(
        c.accused, 100, "USD", "V01", LATER)), "accused_id", "convicted accused")
    _refused(world, lambda: sessions.open_session(olga, SessionForm(
        "MILITARY.TMG", "CD-SK", DAY, DAY)), "court_code", "mobile court")


def test_a_judgment_needs_a_trial_stage(world: World) -> None:
    made = world.make_case("olga")
    olga = world.login("olga")
    with world.planned_on(LATER):
        opened = proceedings.open_proceeding(olga, made.case, ProceedingForm(
            "CIVIL.TGI", "CD-SK", stage="investigation", stage_on=DAY))
        accused = court.add_accused(olga, opened.id, AccusedForm(
            name="K.", charges=("PENAL.MURDER",)))
        charge = proceedings.get_proceeding(olga, opened.id).accused[0].charges[0]
        _refused(world, lambda: court.record_judgment(olga, accused, JudgmentForm(
            LATER, (Verdict(charge.id, "convicted"),), "life"),
            expected_version=1), "judged_on", "no judgment without a trial")


def test_a_stale_hearing_is_a_conflict_that_names_who_saved_first(
        world: World, in_court: Court) -> None:
    version = _version(Hearing, in_court.hearing)
    sue = world.login("sue")
    with world.planned_on(LATER):
        hearings.update_hearing(sue, in_court.hearing, HearingForm(
            DAY + dt.timedelta(days=12), True, "Juge en mission"), expected_version=version)
        olga = world.login("olga")
        before = fingerprint(world)
        with pytest.raises(Conflict) as caught:
            hearings.update_hearing(olga, in_court.hearing, HearingForm(
                DAY + dt.timedelta(days=12), True, "Grève des greffiers"),
                expected_version=version)
    assert "sue" in caught.value.message()
    assert fingerprint(world) == before
    assert proceedings.get_proceeding(olga, in_court.proceeding).hearings[0].reason == (
        "Juge en mission")


def test_a_victim_in_court_needs_justice_consent_and_revoking_it_hides_the_link(
        world: World, in_court: Court) -> None:
    olga = world.login("olga")
    victims.revoke_consent(olga, in_court.made.victim, "justice", reason="Peur de représailles")
    with world.planned_on(LATER):
        _refused(world, lambda: court.add_court_victim(olga, in_court.proceeding,
                                                       CourtVictimForm(in_court.made.victim)),
                 "victim_id", "not consented")
        victims.give_consent(olga, in_court.made.victim, "justice")
        court.add_court_victim(olga, in_court.proceeding, CourtVictimForm(
            in_court.made.victim, True, ("closed_hearing", "pseudonym"), ("pseudonym",),
            "Clinique juridique de Panzi"))
    shown = proceedings.get_proceeding(olga, in_court.proceeding).victims
    assert [(v.victim_code, v.civil_party, v.protection_granted, v.legal_aid)
            for v in shown] == [("V01", True, ("pseudonym",), "Clinique juridique de Panzi")]
    victims.revoke_consent(olga, in_court.made.victim, "justice", reason="Retrait")
    assert proceedings.get_proceeding(olga, in_court.proceeding).victims == ()
    assert world.audit("consent.revoke")[-1][:2] == ("olga", "consent.revoke")


def test_accused_names_are_restricted_like_victims_identities(
        world: World, in_court: Court) -> None:
    bea = world.login("bea")  # the case is only shared with her
    view = proceedings.get_proceeding(bea, in_court.proceeding)
    named = next(p for p in view.accused if p.id == in_court.convicted)
    assert named.name == "" and named.has_name
    with pytest.raises(PermissionDenied):
        proceedings.get_proceeding(bea, in_court.proceeding, reveal_identity=True)
    olga = world.login("olga")
    named = next(p for p in proceedings.get_proceeding(
        olga, in_court.proceeding, reveal_identity=True).accused if p.id == in_court.convicted)
    assert named.name == "Bahati K."
    assert world.audit("accused.identity.view")[-1][0] == "olga"


def test_an_appeal_stands_beside_the_first_instance(world: World, in_court: Court) -> None:
    olga = world.login("olga")
    with world.planned_on(LATER):
        _refused(world, lambda: proceedings.lodge_appeal(olga, in_court.proceeding, AppealForm(
            "MILITARY.COUR_MILITAIRE", "CD-SK", DAY)), "lodged_on", "before the judgment")
        appeal = proceedings.lodge_appeal(olga, in_court.proceeding, AppealForm(
            "MILITARY.COUR_MILITAIRE", "CD-SK", LATER, docket="RPA 3"))
        again = next(p for p in appeal.accused if p.first_instance_outcome == "convicted")
        court.record_judgment(olga, again.id, JudgmentForm(
            LATER, (Verdict(again.charges[0].id, "acquitted"),)),
            expected_version=again.version)
    first = proceedings.get_proceeding(olga, in_court.proceeding)
    assert first.appeals == ((appeal.id, "RPA 3 " + appeal.court_label),)
    assert first.stage == "appeal"
    shown = next(p for p in proceedings.get_proceeding(olga, appeal.id).accused
                 if p.id == again.id)
    assert (shown.first_instance_outcome, shown.outcome) == ("convicted", "acquitted")


def test_a_session_is_the_office_s_and_its_report_the_supervisor_s(world: World) -> None:
    olga = world.login("olga")
    with world.planned_on(LATER):
        made = sessions.open_session(olga, SessionForm("MOBILE.TGI", "CD-NK", DAY, LATER))
        sessions.record_release(olga, made.id, ReleaseForm(3, LATER, "unlawful_detention"))
        for name in ("bea", "sam"):
            with pytest.raises(NotAvailable):
                figures.session_figures(world.login(name), made.id)
        oscar = world.login("oscar")
        assert figures.session_figures(oscar, made.id)[1].values["released"] == 3
        with pytest.raises(PermissionDenied):
            sessions.remove_session(oscar, made.id, expected_version=made.version)
        with pytest.raises(PermissionDenied):
            report(oscar, DAY, LATER)
        sue = world.login("sue")
        with pytest.raises(PermissionDenied):
            report(sue, DAY, LATER, office="Bukavu")
        assert report(sue, DAY, LATER).sessions[0].values["released"] == 3
        sessions.remove_session(sue, made.id, expected_version=made.version)
    assert world.audit("mobile_session.remove")[-1][:2] == ("sue", "mobile_session.remove")


def test_payments_and_reparations_add_up(world: World, in_court: Court) -> None:
    olga = world.login("olga")
    with world.planned_on(LATER):
        court.record_payment(olga, in_court.reparation, PaymentForm(1500, LATER, "1re tranche"))
        _refused(world, lambda: court.update_reparation(olga, in_court.reparation, ReparationForm(
            in_court.convicted, 1000, "USD", "V01", DAY + dt.timedelta(days=30)),
            expected_version=_version(Reparation, in_court.reparation)), "amount",
            "paid already")
    reparation = next(p for p in proceedings.get_proceeding(olga, in_court.proceeding).accused
                      if p.id == in_court.convicted).reparations[0]
    assert (reparation.amount, reparation.paid, reparation.jointly_with_state) == (
        5000, 1500, True)
    printed = report(world.login("sue"), DAY, LATER)
    assert printed.ordered == {"USD": 5000} and printed.paid == {"USD": 1500}
    assert printed.judgments["convicted"] == 1 and printed.convicted_sexual_violence == 1
