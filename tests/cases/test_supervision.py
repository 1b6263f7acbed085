"""A supervisor's work: the office's follow-ups on the home screen, the accounts a case
may go to, and the assignments and shares kept in the case's history."""

from __future__ import annotations

import datetime as dt

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, victims, workflow

from .conftest import World


def _due(world: World, case_id: int, description: str, due_on: dt.date,
         who: str = "olga") -> int:
    session = world.login(who)
    with world.planned_on(due_on - dt.timedelta(days=1)):  # planned before it was due
        return cases.add_follow_up(session, case_id, forms.FollowUpForm(description, due_on)).id


def test_a_supervisors_home_lists_the_offices_follow_ups_overdue_since_years(
        world: World, today: dt.date) -> None:
    olga = world.make_case("olga")
    oscar = world.make_case("oscar", title="Pillage à Minova")
    old = _due(world, olga.case, "Verify with a second source", dt.date(2019, 3, 4))
    late = _due(world, oscar.case, "Collect the medical certificate",
                today - dt.timedelta(days=2), who="oscar")
    soon = _due(world, oscar.case, "Call the prosecutor", today + dt.timedelta(days=3),
                who="oscar")
    _due(world, oscar.case, "Much later", today + dt.timedelta(days=60), who="oscar")
    done = _due(world, olga.case, "Done already", dt.date(2020, 1, 1))
    cases.complete_follow_up(world.login("olga"), done, expected_version=1)
    bukavu = world.make_case("bea", title="Arrestation à Uvira")
    theirs = _due(world, bukavu.case, "Another office's", dt.date(2019, 1, 1), who="bea")

    home = cases.home_summary(world.login("sue"))

    assert [task.id for task in home.follow_ups_overdue] == [old, late]
    assert [task.id for task in home.follow_ups_due] == [soon]
    assert (home.follow_ups_overdue_count, home.follow_ups_due_count) == (2, 1)
    assert [task.assigned_to for task in home.follow_ups_overdue] == ["olga", "oscar"]
    assert home.follow_ups_overdue[0].case_reference == olga.reference
    # An officer's home keeps to what they do.
    officer = cases.home_summary(world.login("oscar"))
    assert [task.id for task in officer.follow_ups_overdue] == [late]
    assert (officer.follow_ups_overdue_count, officer.follow_ups_due_count) == (1, 1)
    assert [task.id for task in cases.home_summary(world.login("sam")).follow_ups_overdue
            ] == [theirs]


def test_the_first_page_and_the_counts_agree_past_the_limit(world: World,
                                                            today: dt.date) -> None:
    made = world.make_case("oscar")
    made_ids = [_due(world, made.case, f"Task {day}", dt.date(2019, 1, 1 + day), who="oscar")
                for day in range(5)]
    home = cases.home_summary(world.login("sue"), limit=3)
    assert [task.id for task in home.follow_ups_overdue] == made_ids[:3]
    assert home.follow_ups_overdue_count == 5


def test_a_follow_up_belongs_to_the_office_of_its_case(world: World, today: dt.date) -> None:
    """Shared with a Bukavu officer who takes a task on it, a Goma case's follow-up is on
    Goma's supervisor's home and on that officer's, not on Bukavu's supervisor's."""
    made = world.make_case("olga")
    cases.share_case(world.login("sue"), made.case, "bea")
    olga = world.login("olga")
    with world.planned_on(today - dt.timedelta(days=5)):
        task = cases.add_follow_up(olga, made.case, forms.FollowUpForm(
            "Accompany the victim to Panzi", today - dt.timedelta(days=1),
            assigned_to="bea")).id

    def overdue(name: str) -> list[int]:
        return [t.id for t in cases.home_summary(world.login(name)).follow_ups_overdue]

    assert (overdue("sue"), overdue("bea"), overdue("sam"), overdue("olga")) == (
        [task], [task], [], [])
    cases.unshare_case(world.login("sue"), made.case, "bea")
    assert overdue("bea") == []  # no longer hers to see


def test_a_supervisors_own_follow_ups_elsewhere_join_the_offices_in_due_order(
        world: World, today: dt.date) -> None:
    """Sam supervises Bukavu and does a task on a Goma case shared with him: his home
    interleaves it with Bukavu's by due date, the page and the counts across both."""
    goma = world.make_case("olga")
    cases.share_case(world.login("sue"), goma.case, "sam")
    bukavu = world.make_case("bea", title="Arrestation à Uvira")
    first = _due(world, bukavu.case, "Bukavu, earliest", dt.date(2019, 1, 1), who="bea")
    olga = world.login("olga")
    with world.planned_on(dt.date(2019, 1, 1)):
        his = cases.add_follow_up(olga, goma.case, forms.FollowUpForm(
            "Meet the prosecutor in Goma", dt.date(2019, 6, 1), assigned_to="sam")).id
    _due(world, bukavu.case, "Bukavu, latest", dt.date(2020, 1, 1), who="bea")
    due = _due(world, bukavu.case, "Bukavu, this week", today + dt.timedelta(days=2),
               who="bea")

    home = cases.home_summary(world.login("sam"), limit=2)

    assert [task.id for task in home.follow_ups_overdue] == [first, his]
    assert home.follow_ups_overdue[1].case_reference == goma.reference
    assert (home.follow_ups_overdue_count, home.follow_ups_due_count) == (3, 1)
    assert [task.id for task in home.follow_ups_due] == [due]


def test_an_overdue_protection_review_says_so(world: World, today: dt.date) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    second = victims.add_victim(session, made.case, forms.VictimForm(code="V02"))
    victims.review_protection(session, made.victim, forms.ProtectionForm(
        "high", "Safe house", today + dt.timedelta(days=2)), expected_version=1)
    with session.vault.write():  # a review date that has since passed
        victims.Victim.update(risk_level="medium", risk_review_on=dt.date(2019, 5, 2)).where(
            victims.Victim.id == second.id).execute()
    reviews = cases.home_summary(world.login("sue")).protection_reviews_due
    assert [(r.victim_code, r.overdue(today)) for r in reviews] == [
        ("V02", True), ("V01", False)]


def test_the_accounts_a_case_may_go_to(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("sue")
    cases.share_case(session, made.case, "bea")

    offered = cases.access_candidates(session, made.case)

    assert [a.name for a in offered.assign] == ["oscar", "sid", "sue"]
    assert {a.office for a in offered.assign} == {"Goma"}
    # Not the case's officer, not bea (shared already), not Goma's supervisors (they see
    # every Goma case): Bukavu's supervisor, and Goma's other officer.
    assert [(a.name, a.office, a.role) for a in offered.share] == [
        ("sam", "Bukavu", "supervisor"), ("oscar", "Goma", "officer")]
    assert world.audit("account.list")[-1][2:] == (
        f"case:{made.reference}", "assign=3 share=2", "ok")


def test_an_inactive_account_is_never_offered(world: World) -> None:
    from jhro_tui.store.models import Account

    made = world.make_case("olga")
    session = world.login("sue")
    with session.vault.write():
        Account.update(active=False).where(Account.name == "oscar").execute()
    offered = cases.access_candidates(session, made.case)
    assert "oscar" not in {a.name for a in (*offered.assign, *offered.share)}


@pytest.mark.parametrize("name", ["olga", "oscar", "sam", "admin"])
def test_only_the_office_supervisor_lists_the_accounts(world: World, name: str) -> None:
    made = world.make_case("olga")
    with pytest.raises(PermissionDenied):
        cases.access_candidates(world.login(name), made.case)
    assert world.audit("case.access")[-1][0::4] == (name, "denied")
    assert [row for row in world.audit("account.list") if row[0] == name] == []


def test_assignments_and_shares_are_in_the_case_history(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("sue")
    cases.change_access(session, made.case, officer="oscar", share="bea",
                        expected_version=world.version(made.case))
    cases.share_case(session, made.case, "bea")  # already shared: nothing changes
    cases.unshare_case(session, made.case, "bea")
    cases.unshare_case(session, made.case, "sam")  # never shared: nothing changes

    detail = cases.get_case(world.login("oscar"), made.case)

    assert [(c.kind, c.account, c.previous, c.by) for c in detail.access_changes] == [
        ("assign", "oscar", "olga", "sue"), ("share", "bea", "", "sue"),
        ("unshare", "bea", "", "sue")]
    history_end = max(change.at for change in detail.history)
    assert all(change.at >= history_end for change in detail.access_changes)


def test_a_case_a_supervisor_opens_for_an_officer_says_who_assigned_it(world: World) -> None:
    session = world.login("sue")
    made = cases.create_case(session, forms.CaseForm("Enlèvement à Rubaya", officer="oscar"))
    own = cases.create_case(session, forms.CaseForm("Sue's own"))
    assert [(c.kind, c.account, c.by) for c in cases.get_case(session, made.id).access_changes
            ] == [("assign", "oscar", "sue")]
    assert cases.get_case(session, own.id).access_changes == ()


def test_a_refused_change_leaves_no_history(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("sue")
    with pytest.raises(ValidationError):
        cases.change_access(session, made.case, officer="oscar", share="nobody",
                            expected_version=world.version(made.case))
    assert cases.get_case(session, made.case).access_changes == ()


def test_a_validated_snapshot_still_reads_back(world: World) -> None:
    """Snapshots are the case file as JSON: the history of access goes in and out."""
    made = world.make_case("olga")
    session = world.login("sue")
    cases.share_case(session, made.case, "bea")
    workflow.submit(world.login("olga"), made.case, expected_version=world.version(made.case))
    session = world.login("sue")
    workflow.validate(session, made.case, expected_version=world.version(made.case))
    snapshot = workflow.get_snapshot(session, made.case, 1)
    assert [(c.kind, c.account) for c in snapshot.detail.access_changes] == [("share", "bea")]
