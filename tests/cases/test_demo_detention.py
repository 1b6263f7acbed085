"""The demo's detention rows: what each detainee row keeps is what the computation gives for
its timeline, some are held past the limit, and the mobile court sessions' releases count
in the sessions' figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import pytest

from jhro_tui import demo
from jhro_tui.config import Paths, Settings
from jhro_tui.demo.ids import WINDOW_END
from jhro_tui.demo.offices import demo_accounts
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services.detention import legal, overview
from jhro_tui.services.detention.read import facts, steps_of
from jhro_tui.services.detention.unit import limits
from jhro_tui.services.justice.figures import sessions_values
from jhro_tui.services.justice.read import session_view
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session, login
from jhro_tui.store.models import (
    Detainee,
    DetentionStep,
    DetentionVisit,
    Facility,
    FollowUp,
    MobileSession,
    utc_now,
)

END = min(WINDOW_END, dt.datetime.now(dt.UTC).date())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = Paths(tmp_path_factory.mktemp("demo") / "demo")
    demo.build_demo(paths, cases=600, seed=3, report=lambda line: None, kdf=TEST_KDF)
    return paths


@pytest.fixture(scope="module")
def held(built: Paths) -> Iterator[Session]:
    paths = built
    session = login(paths, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        yield session
    finally:
        session.close()


def test_each_detainee_keeps_what_the_computation_gives(held: Session) -> None:
    bands = limits(load_catalog(), held)
    zone = held.settings.zone
    detainees = list(Detainee.select().order_by(Detainee.id))
    assert len(detainees) >= 600 // 5
    for row in detainees[::3]:
        steps = steps_of(row.id)
        assert steps[0].kind == legal.ARREST
        until, lapsed = legal.standing(facts(steps), bands, row.penalty, zone)
        assert (row.lawful_until, row.lapsed_step) == (until, lapsed)
        release = [step for step in steps if step.kind == legal.RELEASE]
        assert len(release) <= 1 and (not release or steps[-1].kind == legal.RELEASE)
        assert row.arrested_at == steps[0].at
        assert row.released_at == (release[0].at if release else None)
        placed = [step.facility_id for step in steps
                  if step.kind in (legal.ARREST, legal.TRANSFER)]
        assert row.facility_id == placed[-1]
        assert all(legal.local_day(step.at, zone) <= END for step in steps)
        for step in steps:
            if step.kind == legal.SENTENCE:
                assert any(before.kind == legal.JUDGMENT and before.verdict == "convicted"
                           and before.at <= step.at for before in steps)
            if step.kind == legal.EXTENSION:
                assert any(before.kind == legal.ORDER and before.at <= step.at
                           for before in steps)


def test_some_are_held_past_the_limit_and_some_released_past_it(held: Session) -> None:
    bands = limits(load_catalog(), held)
    zone = held.settings.zone
    now = utc_now()
    held_over = Detainee.select().where(Detainee.released_at.is_null(),
                                        Detainee.lawful_until <= now)
    assert held_over.count() > 0
    kinds = {row.lapsed_step for row in held_over}
    assert {"custody", "order", "extension"} & kinds
    released_over = 0
    for row in Detainee.select().where(Detainee.released_at.is_null(False)):
        state = legal.assess(facts(steps_of(row.id)), bands, row.penalty, now, zone)
        released_over += state.past_limit
    assert released_over > 0


def test_releases_by_sessions_count_in_the_sessions_figures(held: Session) -> None:
    catalog = load_catalog()
    releases: dict[int, int] = defaultdict(int)
    for step in DetentionStep.select().where(DetentionStep.session.is_null(False)):
        assert step.kind == legal.RELEASE and step.basis == "mobile_session"
        session = MobileSession.get_by_id(step.session_id)
        detainee = Detainee.get_by_id(step.detainee_id)
        assert session.office == detainee.office
        assert session.start_on <= legal.local_day(step.at, held.settings.zone) <= END
        releases[session.id] += 1
    assert releases
    views = [session_view(row, catalog) for row in MobileSession.select()]
    without = {session_id: count for session_id, count in sessions_values(views, catalog)
               .items()}
    for session_id, count in releases.items():
        assert without[session_id]["released"] >= count


def test_visits_have_officers_access_and_follow_ups(held: Session) -> None:
    visits = list(DetentionVisit.select())
    assert {row.access for row in visits} == {"full", "partial", "refused"}
    for row in visits:
        facility = Facility.get_by_id(row.facility_id)
        assert row.office == facility.office and row.visited_on <= END
        if row.access == "refused":
            assert row.men is None and row.conditions == ""
    tasks = list(FollowUp.select().where(FollowUp.visit_id.is_null(False)))
    assert tasks and all(task.case_id is None and task.office for task in tasks)
    assert any(task.done_at for task in tasks) and any(not task.done_at for task in tasks)


def test_the_screen_of_an_office_shows_its_detainees(built: Paths) -> None:
    paths = built
    supervisor = next(account for account in demo_accounts()
                      if account.role == "supervisor" and account.office == "Goma")
    session = login(paths, Settings(), supervisor.name, demo.DEMO_PASSPHRASE)
    try:
        shown = overview.overview(session)
        assert shown.facilities and shown.held > 0 and shown.past_limit_total > 0
    finally:
        session.close()
