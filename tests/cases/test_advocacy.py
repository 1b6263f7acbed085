"""Advocacy services: laws and their stage history (a move needs its day and evidence, in
order), actions and their follow-ups on the home screen, cases linked both ways, one
visibility rule (the office that follows the law), audit rows, conflicts, stored text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jhro_tui.errors import Conflict, PermissionDenied, ValidationError
from jhro_tui.services import cases, workflow
from jhro_tui.services.advocacy import actions, board, laws
from jhro_tui.services.advocacy.board import LawFilter
from jhro_tui.services.advocacy.forms import ActionForm, LawForm, StageForm
from jhro_tui.services.home import home_summary
from jhro_tui.store.models import FollowUp, LawStage

from .conftest import World

HRD_LAW = LawForm("Loi portant protection des défenseurs des droits de l'homme", "law",
                  "national", "defenders", standards=("defenders_declaration", "iccpr"),
                  priority="high", stage="drafting", stage_on=dt.date(2025, 3, 4),
                  evidence="Avant-projet transmis par le ministère")


def days_ago(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def test_a_law_moves_along_its_stages_and_keeps_its_history(world: World,
                                                            today: dt.date) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    assert (law.stage, law.stage_on, law.officer, law.priority) == (
        "drafting", dt.date(2025, 3, 4), "olga", "high")
    assert law.standards == ("iccpr", "defenders_declaration")
    tabled = laws.move_law(olga, law.id, StageForm("tabled", dt.date(2025, 6, 2),
                                                   "Bureau de l'Assemblée, note 12"),
                           expected_version=law.version)
    moved = laws.move_law(world.login("oscar"), law.id, StageForm(
        "in_committee", days_ago(today, 1), "Rapport de la commission PAJ"),
        expected_version=tabled.version)
    assert [(step.stage, step.on, step.evidence, step.recorded_by)
            for step in moved.history] == [
        ("drafting", dt.date(2025, 3, 4), "Avant-projet transmis par le ministère", "olga"),
        ("tabled", dt.date(2025, 6, 2), "Bureau de l'Assemblée, note 12", "olga"),
        ("in_committee", days_ago(today, 1), "Rapport de la commission PAJ", "oscar")]
    assert (moved.stage, moved.stage_on) == ("in_committee", days_ago(today, 1))
    assert [row[1:4] for row in world.audit("law.stage")] == [
        ("law.stage", f"law:{law.id}", "from=drafting to=tabled on=2025-06-02"),
        ("law.stage", f"law:{law.id}",
         f"from=tabled to=in_committee on={days_ago(today, 1).isoformat()}")]


@pytest.mark.parametrize(("stage", "on", "evidence", "field", "message"), [
    ("tabled", dt.date(2025, 3, 3), "Note", "on", "before the law reached its present stage"),
    ("tabled", None, "Note", "on", "Give the day"),
    ("tabled", dt.date(2025, 4, 1), "  ", "evidence", "Give the evidence"),
    ("drafting", dt.date(2025, 4, 1), "Note", "stage", "already at this stage"),
    ("voted", dt.date(2025, 4, 1), "Note", "stage", "Unknown value"),
])
def test_an_invalid_move_is_refused_and_changes_nothing(
        world: World, stage: str, on: dt.date | None, evidence: str, field: str,
        message: str) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    with pytest.raises(ValidationError) as refused:
        laws.move_law(olga, law.id, StageForm(stage, on, evidence),
                      expected_version=law.version)
    assert refused.value.field == field and message in refused.value.message()
    after = laws.law(olga, law.id)
    assert (after.stage, after.version, len(after.history)) == ("drafting", law.version, 1)


def test_a_move_dated_in_the_future_is_refused(world: World, today: dt.date) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    with pytest.raises(ValidationError, match="in the future"):
        laws.move_law(olga, law.id, StageForm("tabled", today + dt.timedelta(days=1), "x"),
                      expected_version=law.version)


def test_a_move_over_another_users_move_is_a_conflict(world: World) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    laws.move_law(olga, law.id, StageForm("tabled", dt.date(2025, 6, 2), "Note"),
                  expected_version=law.version)
    with pytest.raises(Conflict):
        laws.move_law(world.login("oscar"), law.id,
                      StageForm("stalled", dt.date(2025, 7, 1), "Session closed"),
                      expected_version=law.version)
    assert laws.law(world.current, law.id).stage == "tabled"  # type: ignore[arg-type]


def test_only_the_supervisor_withdraws_a_stage_recorded_by_mistake(world: World) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    moved = laws.move_law(olga, law.id, StageForm("adopted", dt.date(2025, 6, 2), "Oops"),
                          expected_version=law.version)
    with pytest.raises(PermissionDenied):
        laws.withdraw_stage(olga, law.id, expected_version=moved.version)
    back = laws.withdraw_stage(world.login("sue"), law.id, expected_version=moved.version)
    assert (back.stage, back.stage_on, len(back.history)) == (
        "drafting", dt.date(2025, 3, 4), 1)
    assert "stage=adopted" in world.audit("law.stage.withdraw")[-1][3]
    with pytest.raises(ValidationError, match="first stage"):
        laws.withdraw_stage(world.current, law.id,  # type: ignore[arg-type]
                            expected_version=back.version)


def test_another_office_and_the_admin_cannot_see_or_change_a_law(world: World) -> None:
    law = laws.add_law(world.login("olga"), HRD_LAW)
    for name in ("bea", "sam", "admin"):
        session = world.login(name)
        with pytest.raises(PermissionDenied):
            laws.law(session, law.id)
        with pytest.raises(PermissionDenied):
            laws.move_law(session, law.id, StageForm("tabled", dt.date(2025, 6, 2), "x"),
                          expected_version=law.version)
    assert [row[0] for row in world.audit("law.view") if row[4] == "denied"] == [
        "bea", "sam", "admin"]
    assert board.count_laws(world.login("bea")) == 0
    assert board.count_laws(world.login("oscar")) == 1


def test_only_the_supervisor_removes_a_law_and_its_actions_stay(world: World) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    made = world.make_case()
    taken = actions.add_action(world.login("olga"), ActionForm(
        dt.date(2025, 4, 1), "meeting", "national_assembly", "Rencontre", law_id=law.id),
        cases=(made.reference,))
    with pytest.raises(PermissionDenied):
        laws.remove_law(world.current, law.id,  # type: ignore[arg-type]
                        expected_version=law.version)
    laws.remove_law(world.login("sue"), law.id, expected_version=law.version)
    assert LawStage.select().count() == 0
    kept = actions.advocacy_action(world.current, taken.id)  # type: ignore[arg-type]
    assert kept.law_id is None and [case.reference for case in kept.cases] == [
        made.reference]


def test_a_provincial_text_needs_its_province_and_a_law_needs_a_title(world: World) -> None:
    olga = world.login("olga")
    with pytest.raises(ValidationError, match="province"):
        laws.add_law(olga, LawForm("Édit provincial", "law", "provincial", "detention"))
    with pytest.raises(ValidationError, match="title"):
        laws.add_law(olga, LawForm("  ", "law", "national", "detention",
                                   stage_on=dt.date(2025, 1, 1)))
    with pytest.raises(ValidationError) as refused:
        laws.add_law(olga, LawForm("Édit", "law", "national", "detention", officer="bea",
                                   stage_on=dt.date(2025, 1, 1)))
    assert refused.value.field == "officer"
    edict = laws.add_law(olga, LawForm("Édit", "law", "provincial", "detention",
                                       province_code="CD-NK", officer="oscar",
                                       stage_on=dt.date(2025, 1, 1)))
    assert (edict.province_code, edict.officer) == ("CD-NK", "oscar")
    assert board.count_laws(olga) == 1


def test_an_action_follow_up_is_due_then_overdue_on_the_home_screen(
        world: World, today: dt.date) -> None:
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    due = today + dt.timedelta(days=3)
    taken = actions.add_action(olga, ActionForm(
        days_ago(today, 2), "letter", "government", "Lettre au ministre de la Justice",
        law_id=law.id, target_name="Ministère de la Justice", target_person="Le ministre",
        next_step="Relancer le cabinet", follow_up_on=due))
    assert taken.follow_up is not None and taken.follow_up.assigned_to == "olga"
    home = home_summary(olga)
    assert [(task.description, task.action_id) for task in home.follow_ups_due] == [
        ("Relancer le cabinet", taken.id)]
    assert [line.next_due for line in board.laws_page(olga, LawFilter(), 0, 10)] == [due]
    assert board.laws_page(olga, LawFilter(overdue=True), 0, 10) == ()
    with world.planned_on(due + dt.timedelta(days=1)):
        sue = world.login("sue")
        home = home_summary(sue)
        assert [task.action_id for task in home.follow_ups_overdue] == [taken.id]
        assert [line.id for line in board.laws_page(sue, LawFilter(overdue=True), 0, 10)
                ] == [law.id]
        task = home.follow_ups_overdue[0]
        olga = world.login("olga")
        actions.complete_follow_up(olga, task.id, expected_version=task.version)
        assert home_summary(olga).follow_ups_overdue == ()
        assert board.laws_page(olga, LawFilter(overdue=True), 0, 10) == ()


def test_a_follow_up_date_needs_a_next_step_and_cannot_be_past(world: World,
                                                                today: dt.date) -> None:
    olga = world.login("olga")
    with pytest.raises(ValidationError) as refused:
        actions.add_action(olga, ActionForm(today, "meeting", "senate", "Rencontre",
                                            follow_up_on=today + dt.timedelta(days=1)))
    assert refused.value.field == "next_step"
    with pytest.raises(ValidationError, match="has passed"):
        actions.add_action(olga, ActionForm(days_ago(today, 9), "meeting", "senate", "R",
                                            next_step="x", follow_up_on=days_ago(today, 1)))
    with pytest.raises(ValidationError, match="in the future"):
        actions.add_action(olga, ActionForm(today + dt.timedelta(days=1), "meeting",
                                            "senate", "Rencontre"))
    assert FollowUp.select().count() == 0


def test_moving_or_removing_the_follow_up_date_changes_the_follow_up(
        world: World, today: dt.date) -> None:
    olga = world.login("olga")
    form = ActionForm(today, "meeting", "senate", "Rencontre", next_step="Envoyer la note",
                      follow_up_on=today + dt.timedelta(days=5))
    taken = actions.add_action(olga, form)
    later = dataclasses.replace(form, follow_up_on=today + dt.timedelta(days=9),
                                next_step="Envoyer la note révisée")
    changed = actions.update_action(olga, taken.id, later, expected_version=taken.version)
    assert changed.follow_up is not None
    assert (changed.follow_up.due_on, changed.follow_up.description) == (
        today + dt.timedelta(days=9), "Envoyer la note révisée")
    none = dataclasses.replace(later, follow_up_on=None)
    actions.update_action(olga, taken.id, none, expected_version=changed.version)
    assert FollowUp.select().where(FollowUp.action_id == taken.id).count() == 0


def test_linked_cases_show_on_the_law_with_their_status_and_the_law_on_the_case(
        world: World) -> None:
    made = world.make_case()
    hidden = world.make_case("bea", title="Bukavu")
    olga = world.login("olga")
    law = laws.add_law(olga, HRD_LAW)
    laws.link_case(olga, law.id, made.reference.lower())
    with pytest.raises(ValidationError, match="already linked"):
        laws.link_case(olga, law.id, made.reference)
    with pytest.raises(PermissionDenied):
        laws.link_case(olga, law.id, hidden.reference)
    with pytest.raises(PermissionDenied):
        laws.link_case(olga, law.id, "GOM-1999-9999")
    workflow.transition(olga, made.case, "submitted", expected_version=world.version(
        made.case))
    page = laws.law(world.login("sue"), law.id)
    assert [(case.reference, case.status) for case in page.cases] == [
        (made.reference, "submitted")]
    assert ("olga", "law.link_case", f"case:{made.reference}") in [
        row[:3] for row in world.audit("law.link_case")]
    detail = cases.get_case(world.current, made.case)  # type: ignore[arg-type]
    assert [(item.law_id, item.stage) for item in detail.laws] == [(law.id, "drafting")]
    assert cases.get_case(world.login("bea"), hidden.case).laws == ()


def test_cases_the_reader_may_not_see_are_counted_not_named(world: World) -> None:
    made = world.make_case()
    other = world.make_case("oscar", title="Cas d'Oscar")
    oscar = world.login("oscar")
    law = laws.add_law(oscar, HRD_LAW)
    actions.add_action(oscar, ActionForm(dt.date(2025, 5, 1), "report", "government",
                                         "Rapport", law_id=law.id),
                       cases=(other.reference,))
    laws.link_case(world.login("sue"), law.id, made.reference)
    page = laws.law(world.login("oscar"), law.id)
    assert [case.reference for case in page.cases] == [other.reference]
    assert page.hidden_cases == 1
    assert {case.reference for case in laws.law(world.login("sue"), law.id).cases} == {
        made.reference, other.reference}


def test_the_board_counts_every_stage_and_pages_its_columns(world: World) -> None:
    olga = world.login("olga")
    for number in range(7):
        laws.add_law(olga, LawForm(f"Texte {number}", "decree", "national", "detention",
                                   priority="urgent" if number == 3 else "normal",
                                   stage="tabled" if number % 2 else "identified",
                                   stage_on=dt.date(2025, 1, 1 + number)))
    counts = {count.stage: count.laws for count in board.stage_counts(olga)}
    assert (counts["identified"], counts["tabled"], counts["rejected"]) == (4, 3, 0)
    assert len(counts) == 9
    column = board.laws_page(olga, LawFilter(stage="tabled"), 0, 2)
    assert [line.title for line in column] == ["Texte 3", "Texte 5"]
    assert [line.title for line in board.laws_page(olga, LawFilter(stage="tabled"), 2, 2)
            ] == ["Texte 1"]
    assert [line.title for line in board.laws_page(olga, LawFilter(text="TEXTE 6"), 0, 9)
            ] == ["Texte 6"]
    assert board.count_laws(olga, LawFilter(text="100%")) == 0


def test_stored_text_is_kept_exactly(world: World) -> None:
    olga = world.login("olga")
    hostile = "\x1b[31m[bold]Loi[/bold] ␛ \u202e"
    law = laws.add_law(olga, LawForm(hostile, "law", "national", "other", note=hostile,
                                     stage_on=dt.date(2025, 1, 1), evidence=hostile))
    taken = actions.add_action(olga, ActionForm(dt.date(2025, 1, 2), "statement",
                                                "civil_society", hostile, law_id=law.id,
                                                target_person=hostile))
    page = laws.law(olga, law.id)
    assert (page.title, page.note, page.history[0].evidence) == (hostile, hostile, hostile)
    assert (taken.summary, taken.target_person, taken.law_title) == (hostile, hostile,
                                                                     hostile)


def test_changing_an_action_keeps_the_links_its_editor_may_not_see(world: World) -> None:
    """The form names only the cases its user may see: saving it must not unlink the
    others."""
    made = world.make_case()
    other = world.make_case("oscar", title="Cas d'Oscar")
    report = ActionForm(dt.date(2025, 5, 1), "report", "government", "Rapport")
    law = laws.add_law(world.login("sue"), HRD_LAW)
    taken = actions.add_action(world.login("sue"), dataclasses.replace(report, law_id=law.id),
                               cases=(made.reference, other.reference))
    oscar = world.login("oscar")
    seen = actions.advocacy_action(oscar, taken.id)
    assert [case.reference for case in seen.cases] == [other.reference]
    actions.update_action(oscar, taken.id, dataclasses.replace(
        report, law_id=law.id, summary="Rapport revu"), (), expected_version=seen.version)
    after = actions.advocacy_action(world.login("sue"), taken.id)
    assert (after.summary, [case.reference for case in after.cases]) == (
        "Rapport revu", [made.reference])
    actions.remove_action(world.login("sue"), taken.id, expected_version=after.version)
    assert laws.law(world.login("sue"), law.id).cases == ()
