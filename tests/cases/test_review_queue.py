"""A supervisor's week: the office's caseload on the home screen, the review queue, and
reassigning a group of cases (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, review, workflow
from jhro_tui.services.listing import CaseQuery
from jhro_tui.store.models import Account, Case, CaseStatusChange

from .conftest import World

DRAFT, SUBMITTED, VALIDATED, FOLLOW_UP, CLOSED = range(5)


def _submit(world: World, officer: str, case_id: int) -> None:
    workflow.submit(world.login(officer), case_id, expected_version=world.version(case_id))


def _late(world: World, case_id: int, who: str, due_on: dt.date, *, done: bool = False
          ) -> None:
    session = world.login(who)
    with world.planned_on(due_on - dt.timedelta(days=1)):
        task = cases.add_follow_up(session, case_id, forms.FollowUpForm("Visit", due_on))
    if done:
        cases.complete_follow_up(session, task.id, expected_version=1)


def test_the_caseload_counts_each_officers_cases_by_status_and_what_no_officer_holds(
        world: World, today: dt.date) -> None:
    olga_drafts = [world.make_case("olga").case for _ in range(2)]
    olga_sent = world.make_case("olga").case
    _submit(world, "olga", olga_sent)
    oscar_done = world.make_case("oscar").case
    _submit(world, "oscar", oscar_done)
    workflow.validate(world.login("sue"), oscar_done, expected_version=world.version(oscar_done))
    # The supervisor's own case is nobody's caseload: no second pair of eyes validates it.
    own = cases.create_case(world.login("sue"), forms.CaseForm("Le sien")).id
    world.make_case("bea")  # another office's: never counted
    # Two overdue follow-ups of olga on one case: one late case; a done one and one not
    # yet due count for nothing.
    _late(world, olga_drafts[0], "olga", dt.date(2020, 1, 1))
    _late(world, olga_drafts[0], "olga", dt.date(2021, 1, 1))
    _late(world, olga_sent, "olga", dt.date(2020, 1, 1), done=True)
    _late(world, olga_drafts[1], "olga", today + dt.timedelta(days=3))

    load = cases.home_summary(world.login("sue")).caseload

    assert load is not None and load.office == "Goma" and load.today == today
    assert [(row.officer, row.counts, row.late) for row in load.officers] == [
        ("olga", (2, 1, 0, 0, 0), 1), ("oscar", (0, 0, 1, 0, 0), 0)]
    assert load.unassigned.counts == (1, 0, 0, 0, 0)
    # Each figure is what the case list finds with the home's filters.
    session = world.login("sue")
    assert cases.count_cases(session, CaseQuery(office="Goma", officer="olga",
                                                status="draft")) == 2
    assert cases.count_cases(session, CaseQuery(office="Goma", follow_up_of="olga",
                                                follow_up_before=today)) == 1
    found = cases.list_cases(session, CaseQuery(office="Goma", unassigned=True))
    assert [case.id for case in found] == [own]
    # An officer's home has no caseload.
    assert cases.home_summary(world.login("olga")).caseload is None


def test_an_officer_who_leaves_the_office_or_is_disabled_leaves_their_cases_unassigned(
        world: World) -> None:
    oscar = world.make_case("oscar").case
    olga = world.make_case("olga").case
    from jhro_tui.services.accounts import change_account

    change_account(world.login("admin"), "oscar", office="Bukavu")
    session = world.login("sue")
    with session.vault.write():
        Account.update(active=False).where(Account.name == "olga").execute()

    load = cases.home_summary(session).caseload

    assert load is not None and load.officers == ()
    assert load.unassigned.counts == (2, 0, 0, 0, 0)
    assert {case.id for case in cases.list_cases(
        session, CaseQuery(office="Goma", unassigned=True, status="draft"))} == {oscar, olga}


def test_the_queue_gives_the_oldest_submission_first_then_the_next(world: World) -> None:
    first, second, third = (world.make_case("olga").case for _ in range(3))
    for case_id in (second, first, third):
        _submit(world, "olga", case_id)
    session = world.login("sue")
    with session.vault.write():  # submitted in that order, a second apart
        for offset, case_id in enumerate((second, first, third)):
            CaseStatusChange.update(at=dt.datetime(2026, 1, 1, 8, 0, offset, tzinfo=dt.UTC)
                                    .replace(tzinfo=None)).where(
                CaseStatusChange.case == case_id,
                CaseStatusChange.to_status == "submitted").execute()

    assert review.next_submitted(session) == review.ReviewNext(second, 2, 3)
    workflow.validate(session, second, expected_version=world.version(second))
    assert review.next_submitted(session, second) == review.ReviewNext(first, 1, 2)
    # Passed over without a decision: the next is behind it, and it still waits.
    assert review.next_submitted(session, first) == review.ReviewNext(third, 0, 2)
    workflow.return_to_draft(session, third, comment="Add a source",
                             expected_version=world.version(third))
    assert review.next_submitted(session, third) == review.ReviewNext(None, 0, 1)
    # The home lists them in the same order.
    assert [case.id for case in cases.home_summary(session).to_validate] == [first]


def test_a_case_submitted_again_goes_behind_those_waiting(world: World) -> None:
    early, late = (world.make_case("olga").case for _ in range(2))
    _submit(world, "olga", early)
    _submit(world, "olga", late)
    session = world.login("sue")
    workflow.return_to_draft(session, early, comment="Add a source",
                             expected_version=world.version(early))
    _submit(world, "olga", early)
    session = world.login("sue")
    assert [case.id for case in cases.home_summary(session).to_validate] == [late, early]
    assert review.next_submitted(session).case_id == late


def test_the_queue_keeps_to_the_supervisors_office(world: World) -> None:
    theirs = world.make_case("bea").case
    _submit(world, "bea", theirs)
    assert review.next_submitted(world.login("sue")) == review.ReviewNext(None, 0, 0)
    assert review.next_submitted(world.login("sam")).case_id == theirs


@pytest.mark.parametrize("name", ["olga", "admin"])
def test_only_a_supervisor_has_a_review_queue(world: World, name: str) -> None:
    made = world.make_case("olga").case
    _submit(world, "olga", made)
    with pytest.raises(PermissionDenied):
        review.next_submitted(world.login(name))
    assert world.audit("review.next")[-1][0::4] == (name, "denied")


def test_a_group_is_reassigned_in_one_unit_audited_case_by_case(world: World) -> None:
    made = [world.make_case("olga") for _ in range(3)]
    session = world.login("sue")

    done = cases.reassign_cases(session, [made[0].case, made[2].case, made[0].case], "oscar")

    assert [(case.id, case.officer) for case in done] == [(made[0].case, "oscar"),
                                                          (made[2].case, "oscar")]
    assert [row[1:] for row in world.audit("case.assign")] == [
        ("case.assign", f"case:{made[0].reference}", "olga->oscar", "ok"),
        ("case.assign", f"case:{made[2].reference}", "olga->oscar", "ok")]
    assert Case.get_by_id(made[1].case).officer.name == "olga"


def test_one_case_the_supervisor_may_not_reassign_leaves_the_group_as_it_was(
        world: World) -> None:
    ours = world.make_case("olga")
    theirs = world.make_case("bea")
    cases.share_case(world.login("sam"), theirs.case, "sue")  # sue sees it, not as supervisor
    session = world.login("sue")
    before = len(world.audit())

    with pytest.raises(PermissionDenied) as refused:
        cases.reassign_cases(session, [ours.case, theirs.case], "oscar")

    assert theirs.reference in refused.value.message()
    assert "Nothing was reassigned" in refused.value.message()
    assert Case.get_by_id(ours.case).officer.name == "olga"
    rows = world.audit()[before:]
    assert [row[1:] for row in rows] == [
        ("case.assign", f"case:{theirs.reference}", "not the office supervisor", "denied")]


def test_a_group_goes_only_to_an_active_officer_of_the_office(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("sue")
    for target in ("bea", "admin", "nobody"):
        with pytest.raises(ValidationError):
            cases.reassign_cases(session, [made.case], target)
    assert Case.get_by_id(made.case).officer.name == "olga"
    assert world.audit("case.assign") == []
    assert [a.name for a in cases.reassign_candidates(session)] == ["olga", "oscar", "sid",
                                                                    "sue"]


@pytest.mark.parametrize("name", ["olga", "admin"])
def test_an_officer_reassigns_nothing(world: World, name: str) -> None:
    made = world.make_case("olga")
    with pytest.raises(PermissionDenied):
        cases.reassign_cases(world.login(name), [made.case], "oscar")
    with pytest.raises(PermissionDenied):
        cases.reassign_candidates(world.login(name))
    assert Case.get_by_id(made.case).officer.name == "olga"
    assert all(row[4] == "denied" for row in world.audit("case.assign"))
