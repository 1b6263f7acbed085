"""The workflow: each step, who may take it, and what it keeps."""

from __future__ import annotations

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, records, victims, workflow
from jhro_tui.services.dates import PartialDate

from .conftest import World


def submitted(world: World) -> int:
    made = world.make_case("olga")
    session = world.login("olga")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    return made.case


def test_a_new_case_is_a_draft_with_its_creation_in_the_history(world: World) -> None:
    made = world.make_case("olga")
    detail = cases.get_case(world.login("olga"), made.case)
    assert detail.status == "draft"
    assert [(h.from_status, h.to_status, h.by) for h in detail.history] == [
        ("", "draft", "olga")]
    assert detail.transitions == ("submitted",)
    assert detail.editable == {"documentation", "follow_up", "notes"}


def test_officer_submits_and_the_step_is_recorded(world: World) -> None:
    case_id = submitted(world)
    detail = cases.get_case(world.login("olga"), case_id)
    assert detail.status == "submitted"
    assert detail.history[-1].to_status == "submitted" and detail.history[-1].by == "olga"
    assert world.audit("case.submit")[-1][4] == "ok"
    assert detail.transitions == ()
    assert "documentation" not in detail.editable


def test_a_case_without_violation_or_victim_cannot_be_submitted(world: World) -> None:
    session = world.login("olga")
    summary = cases.create_case(session, forms.CaseForm("Empty"))
    with pytest.raises(ValidationError) as caught:
        workflow.submit(session, summary.id, expected_version=summary.version)
    assert caught.value.field == "incidents"
    incident = records.add_incident(session, summary.id, forms.IncidentForm(
        PartialDate.parse("2024"), "CD-NK"))
    records.add_violation(session, incident.id, forms.ViolationForm("LIBERTY.ABDUCTION"))
    with pytest.raises(ValidationError) as caught:
        workflow.submit(session, summary.id, expected_version=summary.version)
    assert caught.value.field == "victims"


def test_supervisor_validates_and_a_snapshot_is_kept(world: World) -> None:
    case_id = submitted(world)
    session = world.login("sue")
    summary = workflow.validate(session, case_id, expected_version=world.version(case_id))
    assert summary.status == "validated"
    detail = cases.get_case(session, case_id)
    assert [s.number for s in detail.snapshots] == [1]
    assert detail.history[-1].by == "sue"
    snapshot = workflow.get_snapshot(session, case_id, 1)
    assert snapshot.detail.title == "Attaque de Kalehe"
    assert snapshot.detail.incidents[0].date == PartialDate(2024, 3)
    assert snapshot.detail.victims[0].identity is None  # identity never enters a snapshot
    assert world.audit("case.snapshot.view")[-1][0] == "sue"


def test_officers_and_other_supervisors_cannot_validate(world: World) -> None:
    case_id = submitted(world)
    for name in ("olga", "oscar", "sam", "admin"):
        session = world.login(name)
        with pytest.raises(PermissionDenied):
            workflow.validate(session, case_id, expected_version=world.version(case_id))
    denied = [row[0] for row in world.audit() if row[4] == "denied"]
    assert denied[-4:] == ["olga", "oscar", "sam", "admin"]


def test_a_supervisor_does_not_validate_a_case_assigned_to_themselves(world: World) -> None:
    session = world.login("sue")
    summary = cases.create_case(session, forms.CaseForm("Sue's own"))
    made_incident = records.add_incident(session, summary.id, forms.IncidentForm(
        PartialDate.parse("2024"), "CD-NK"))
    records.add_violation(session, made_incident.id, forms.ViolationForm("LIBERTY.ABDUCTION"))
    victims.add_victim(session, summary.id, forms.VictimForm())
    workflow.submit(session, summary.id, expected_version=world.version(summary.id))
    with pytest.raises(PermissionDenied) as caught:
        workflow.validate(session, summary.id, expected_version=world.version(summary.id))
    assert "another supervisor" in caught.value.message()
    assert "validated" not in cases.get_case(session, summary.id).transitions
    workflow.validate(world.login("sid"), summary.id,
                      expected_version=world.version(summary.id))


def test_supervisor_returns_a_case_to_draft_only_with_a_comment(world: World) -> None:
    case_id = submitted(world)
    session = world.login("sue")
    with pytest.raises(ValidationError) as caught:
        workflow.return_to_draft(session, case_id, comment="  ",
                                 expected_version=world.version(case_id))
    assert caught.value.field == "comment"
    workflow.return_to_draft(session, case_id, comment="Add the medical source",
                             expected_version=world.version(case_id))
    detail = cases.get_case(world.login("olga"), case_id)
    assert detail.status == "draft"
    last = detail.history[-1]
    assert (last.from_status, last.to_status, last.by, last.comment) == (
        "submitted", "draft", "sue", "Add the medical source")


def test_an_impossible_step_is_refused(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("sue")
    with pytest.raises(ValidationError) as caught:
        workflow.close(session, made.case, expected_version=world.version(made.case))
    assert "Draft" in caught.value.message() and "Closed" in caught.value.message()
    with pytest.raises(ValidationError):
        workflow.transition(session, made.case, "archived",
                            expected_version=world.version(made.case))


def test_a_validated_case_changes_only_through_a_revision(world: World) -> None:
    case_id = submitted(world)
    workflow.validate(world.login("sue"), case_id, expected_version=world.version(case_id))
    session = world.login("olga")
    with pytest.raises(ValidationError) as caught:
        cases.update_case(session, case_id, forms.CaseForm("Changed"),
                          expected_version=world.version(case_id))
    assert "revision" in caught.value.message()
    detail = cases.get_case(session, case_id)
    with pytest.raises(ValidationError):
        records.add_violation(session, detail.incidents[0].id,
                              forms.ViolationForm("SGBV.FORCED_MARRIAGE"))
    # Follow-up work goes on while validated.
    cases.add_note(session, case_id, "Victim met again.")
    victims.add_referral(session, detail.victims[0].id, forms.ReferralForm("PSYCHOSOCIAL"))
    # A revision reopens the documentation; the validated version stays readable.
    with pytest.raises(ValidationError):
        workflow.revise(session, case_id, comment="", expected_version=world.version(case_id))
    workflow.revise(session, case_id, comment="New witness",
                    expected_version=world.version(case_id))
    cases.update_case(session, case_id, forms.CaseForm("Revised title"),
                      expected_version=world.version(case_id))
    workflow.submit(session, case_id, expected_version=world.version(case_id))
    supervisor = world.login("sue")
    workflow.validate(supervisor, case_id, expected_version=world.version(case_id))
    detail = cases.get_case(supervisor, case_id)
    assert [s.number for s in detail.snapshots] == [1, 2]
    assert workflow.get_snapshot(supervisor, case_id, 1).detail.title == "Attaque de Kalehe"
    assert workflow.get_snapshot(supervisor, case_id, 2).detail.title == "Revised title"
    assert [h.to_status for h in detail.history] == [
        "draft", "submitted", "validated", "draft", "submitted", "validated"]
    assert detail.history[3].comment == "New witness"


def test_follow_up_close_and_reopen(world: World) -> None:
    case_id = submitted(world)
    supervisor = world.login("sue")
    workflow.validate(supervisor, case_id, expected_version=world.version(case_id))
    session = world.login("olga")
    workflow.start_follow_up(session, case_id, expected_version=world.version(case_id))
    with pytest.raises(PermissionDenied):
        workflow.close(session, case_id, expected_version=world.version(case_id))
    supervisor = world.login("sue")
    workflow.close(supervisor, case_id, expected_version=world.version(case_id))
    session = world.login("olga")
    detail = cases.get_case(session, case_id)
    assert detail.status == "closed" and detail.editable == {"notes"}
    cases.add_note(session, case_id, "Closing note")  # notes are always possible
    with pytest.raises(ValidationError):
        cases.add_follow_up(session, case_id, forms.FollowUpForm("x", detail.opened_on))
    supervisor = world.login("sue")
    with pytest.raises(ValidationError):
        workflow.reopen(supervisor, case_id, comment="",
                        expected_version=world.version(case_id))
    summary = workflow.reopen(supervisor, case_id, comment="New facts",
                              expected_version=world.version(case_id))
    assert summary.status == "in_follow_up"


def test_verification_is_set_by_the_supervisor_during_review(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    view = records.set_verification(session, made.violation, "credible",
                                    expected_version=1)
    assert (view.verification_status, view.verification_set_by) == ("credible", "olga")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    with pytest.raises(PermissionDenied):
        records.set_verification(session, made.violation, "verified",
                                 expected_version=view.version)
    view = records.set_verification(world.login("sue"), made.violation, "verified",
                                    expected_version=view.version)
    assert (view.verification_status, view.verification_set_by) == ("verified", "sue")
    with pytest.raises(ValidationError):
        records.set_verification(world.login("sue"), made.violation, "maybe",
                                 expected_version=view.version)
