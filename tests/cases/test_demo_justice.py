"""The demo's court work obeys the rules the justice services enforce on typed records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import pytest

from jhro_tui import demo
from jhro_tui.config import Paths, Settings
from jhro_tui.demo.ids import WINDOW_END
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services.detail import active_consents
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.forms import SessionForm
from jhro_tui.services.justice.views import CONVICTING, reached_trial
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session, login
from jhro_tui.services.validation import Rules
from jhro_tui.store.models import (
    Accused,
    Case,
    Charge,
    CourtVictim,
    Hearing,
    MobileSession,
    Proceeding,
    ProceedingCase,
    ProceedingStage,
    Reparation,
    ReparationPayment,
    SessionRelease,
    Victim,
)

ORDER = ("complaint", "investigation", "referral", "trial", "judgment", "appeal",
         "enforcement", "closed")


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    paths = Paths(tmp_path_factory.mktemp("demo") / "demo")
    demo.build_demo(paths, cases=600, seed=3, report=lambda line: None, kdf=TEST_KDF)
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        yield session
    finally:
        session.close()


END = min(WINDOW_END, dt.datetime.now(dt.UTC).date())


def test_stages_go_forward_in_date_order_and_never_into_the_future(court: Session) -> None:
    history: dict[int, list[ProceedingStage]] = defaultdict(list)
    for row in ProceedingStage.select().order_by(ProceedingStage.id):
        history[row.proceeding_id].append(row)
    proceedings = list(Proceeding.select())
    assert len(proceedings) > 20
    for proceeding in proceedings:
        stages = history[proceeding.id]
        days = [stage.on for stage in stages]
        assert days == sorted(days) and days[-1] <= END
        names = [stage.stage for stage in stages]
        if proceeding.appeal_of_id is None:
            assert names[0] == "complaint" and names == sorted(names, key=ORDER.index)
        else:  # lodged, then judged
            assert names in (["appeal"], ["appeal", "judgment"])
        assert (proceeding.stage, proceeding.stage_on) == (names[-1], days[-1])
        assert proceeding.opened_on == days[0]


def test_hearings_fall_within_the_proceeding_and_it_keeps_its_latest(court: Session) -> None:
    hearings: dict[int, list[Hearing]] = defaultdict(list)
    for row in Hearing.select().order_by(Hearing.held_on, Hearing.id):
        hearings[row.proceeding_id].append(row)
    assert any(row.postponed for rows in hearings.values() for row in rows)
    for proceeding in Proceeding.select():
        rows = hearings[proceeding.id]
        for row in rows:
            assert proceeding.opened_on <= row.held_on <= END
            assert row.next_on is None or row.next_on > row.held_on
            assert bool(row.reason) == row.postponed
        last = rows[-1] if rows else None
        assert proceeding.last_hearing_on == (last.held_on if last else None)
        assert proceeding.next_hearing_on == (last.next_on if last else None)


def test_judgments_only_after_a_trial_with_a_sentence_for_a_conviction(court: Session
                                                                      ) -> None:
    stages: dict[int, list[str]] = defaultdict(list)
    for row in ProceedingStage.select():
        stages[row.proceeding_id].append(row.stage)
    verdicts: dict[int, list[str]] = defaultdict(list)
    for row in Charge.select():
        verdicts[row.accused_id].append(row.verdict)
    proceedings = {row.id: row for row in Proceeding.select()}
    outcomes = set()
    for accused in Accused.select():
        proceeding = proceedings[accused.proceeding_id]
        judged = verdicts[accused.id]
        assert judged, "every accused faces a charge"
        if accused.judged_on is None:
            assert not any(judged)
            continue
        assert reached_trial(proceeding.appeal_of_id is not None, stages[proceeding.id])
        assert proceeding.opened_on <= accused.judged_on <= END
        assert all(judged)
        convicted = any(verdict in CONVICTING for verdict in judged)
        outcomes.add(convicted)
        checks.sentence(accused.sentence_kind, accused.sentence_months, convicted)
        if accused.first_instance_id is not None:
            first = Accused.get_by_id(accused.first_instance_id)
            assert proceedings[accused.proceeding_id].appeal_of_id == first.proceeding_id
    assert outcomes == {True, False}, "convictions and acquittals both"


def test_reparations_against_the_convicted_and_payments_below_the_order(court: Session
                                                                       ) -> None:
    paid: dict[int, int] = defaultdict(int)
    reparations = {row.id: row for row in Reparation.select()}
    for payment in ReparationPayment.select():
        reparation = reparations[payment.reparation_id]
        assert reparation.ordered_on <= payment.paid_on <= END
        paid[payment.reparation_id] += payment.amount
    assert paid and len(paid) < len(reparations), "some paid, most not"
    for reparation in reparations.values():
        assert 0 < reparation.amount <= checks.MAX_AMOUNT
        assert paid[reparation.id] < reparation.amount, "payments are partial"
        accused = Accused.get_by_id(reparation.accused_id)
        assert accused.proceeding_id == reparation.proceeding_id
        assert accused.judged_on is not None and accused.judged_on <= reparation.ordered_on
        assert Charge.select().where(Charge.accused == accused.id,
                                     Charge.verdict.in_(tuple(CONVICTING))).exists()


def test_victims_in_court_consent_and_proceedings_stay_in_one_office(court: Session
                                                                     ) -> None:
    cases: dict[int, set[int]] = defaultdict(set)
    for link in ProceedingCase.select():
        cases[link.proceeding_id].add(link.case_id)
    assert any(len(joined) > 1 for joined in cases.values())
    offices = {row.id: row.office for row in Case.select(Case.id, Case.office)}
    for proceeding in Proceeding.select():
        assert {offices[case_id] for case_id in cases[proceeding.id]} == {proceeding.office}
    victims = list(CourtVictim.select())
    assert victims
    consenting = active_consents([row.victim_id for row in victims], "justice")
    for row in victims:
        assert row.victim_id in consenting
        assert Victim.get_by_id(row.victim_id).case_id in cases[row.proceeding_id]


def test_mobile_sessions_hear_proceedings_of_their_office_while_they_sit(court: Session
                                                                         ) -> None:
    catalog = load_catalog()
    sessions = list(MobileSession.select())
    assert sessions
    for row in sessions:
        assert row.start_on <= END and 10 <= (row.end_on - row.start_on).days + 1 <= 30
        checks.check_session(SessionForm(row.court_code, row.province_code, row.start_on,
                                         row.end_on), Rules(catalog, END, 1))
        heard = list(Proceeding.select().where(Proceeding.session == row.id))
        assert len(heard) >= (1 if row.id == 1 else 2), "several, but in the first"
        assert all(proceeding.office == row.office for proceeding in heard)
        assert all(proceeding.court_code == row.court_code for proceeding in heard)
        for release in SessionRelease.select().where(SessionRelease.session == row.id):
            assert row.start_on <= release.released_on <= min(row.end_on, END)
            assert release.released > 0
