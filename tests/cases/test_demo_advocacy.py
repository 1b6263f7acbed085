"""The demo's advocacy rows: laws in proportion to the caseload, each history in date order
ending where the law stands, actions of every kind after the law was first recorded,
their follow-ups (done, overdue, due after the window) kept as the services keep them,
cases linked within the office; and ``jhro report advocacy`` reads them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from jhro_tui import demo
from jhro_tui.config import Paths, Settings
from jhro_tui.demo.advocacy import laws_per_office
from jhro_tui.demo.ids import WINDOW_END
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services.advocacy import report
from jhro_tui.services.advocacy.forms import ACTION_KINDS, LAW_STAGES
from jhro_tui.services.session import Session, login
from jhro_tui.store.models import AdvocacyAction, AdvocacyCase, Case, FollowUp, Law, LawStage

END = min(WINDOW_END, dt.datetime.now(dt.UTC).date())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = Paths(tmp_path_factory.mktemp("demo") / "demo")
    demo.build_demo(paths, cases=200, seed=5, report=lambda line: None, kdf=TEST_KDF)
    return paths


@pytest.fixture(scope="module")
def admin(built: Paths) -> Iterator[Session]:
    session = login(built, Settings(), "admin", demo.DEMO_PASSPHRASE)
    try:
        yield session
    finally:
        session.close()


def test_laws_grow_with_the_caseload() -> None:
    assert sum(laws_per_office(100_000).values()) == 2000
    assert set(laws_per_office(200).values()) == {8}


def test_each_history_goes_forward_and_ends_where_the_law_stands(admin: Session) -> None:
    laws = list(Law.select())
    assert len(laws) == sum(laws_per_office(200).values())
    stages: dict[int, list[tuple[dt.date, int, str, str]]] = {}
    for step in LawStage.select():
        stages.setdefault(step.law_id, []).append((step.on, step.id, step.stage,
                                                   step.evidence))
    for law in laws:
        history = sorted(stages[law.id])
        assert [step[1] for step in history] == sorted(step[1] for step in history)
        assert (history[-1][2], history[-1][0]) == (law.stage, law.stage_on)
        assert history[-1][0] <= END and all(step[3] for step in history)
        assert len({step[2] for step in history}) == len(history)
    assert {law.stage for law in laws} >= {"identified", "drafting", "tabled"}
    assert {law.stage for law in laws} <= set(LAW_STAGES)


def test_actions_of_every_kind_after_their_law_with_follow_ups(admin: Session) -> None:
    first = {law_id: on for law_id, on in LawStage.select(LawStage.law, LawStage.on)
             .order_by(LawStage.on.desc()).tuples()}
    officers = dict(Law.select(Law.id, Law.officer).tuples())
    rows = list(AdvocacyAction.select())
    assert {row.kind for row in rows} == set(ACTION_KINDS)
    assert all(row.taken_on <= END for row in rows)
    assert all(row.taken_on >= first[row.law_id] for row in rows if row.law_id is not None)
    tasks = {task.action_id: task for task in
             FollowUp.select().where(FollowUp.action_id.is_null(False))}
    planned = [row for row in rows if row.follow_up_on is not None]
    assert sorted(tasks) == sorted(row.id for row in planned)
    for row in planned:
        task = tasks[row.id]
        assert (task.due_on, task.description, task.office, task.case_id) == (
            row.follow_up_on, row.next_step, row.office, None)
        if row.law_id is not None:
            assert task.assigned_to_id == officers[row.law_id]
    open_tasks = [task for task in tasks.values() if task.done_at is None]
    assert any(task.due_on < END for task in open_tasks)
    assert any(task.due_on > END for task in open_tasks)
    assert any(task.done_at is not None for task in tasks.values())


def test_linked_cases_are_of_the_office(admin: Session) -> None:
    offices = dict(Law.select(Law.id, Law.office).tuples())
    action_offices = dict(AdvocacyAction.select(AdvocacyAction.id, AdvocacyAction.office)
                          .tuples())
    links = list(AdvocacyCase.select(AdvocacyCase, Case.office.alias("case_office"))
                 .join(Case, on=(AdvocacyCase.case == Case.id)).objects())
    assert any(link.action_id is None for link in links)
    assert any(link.action_id is not None for link in links)
    for link in links:
        office = (action_offices[link.action_id] if link.action_id is not None
                  else offices[link.law_id])
        assert link.case_office == office


def test_the_report_of_an_office_reads_the_demo(built: Paths) -> None:
    session = login(built, Settings(), "supervisor", demo.DEMO_PASSPHRASE)
    try:
        figures = report.report(session, dt.date(END.year - 1, 1, 1), END)
    finally:
        session.close()
    assert sum(line.count for line in figures.by_stage) == laws_per_office(200)["Goma"]
    assert sum(figures.by_kind.values()) == len(figures.actions) > 0
    assert sum(figures.by_institution.values()) == len(figures.actions)
    assert figures.changes and figures.overdue
