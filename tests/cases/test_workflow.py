"""The workflow: each step, who may take it, and what it keeps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import install
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


def _lines(error: ValidationError) -> list[str]:
    return error.message().splitlines()


def test_a_case_lacking_what_the_office_requires_is_refused_with_the_whole_list(
        world: World) -> None:
    """The case of the user test: an incident and its violation, a victim linked to no
    violation, no perpetrator, consent to documentation never asked."""
    session = world.login("olga")
    summary = cases.create_case(session, forms.CaseForm("Exécution sommaire à Kiwanja"))
    incident = records.add_incident(session, summary.id, forms.IncidentForm(
        PartialDate.parse("2024-03"), "CD-NK"))
    records.add_violation(session, incident.id, forms.ViolationForm("LIFE.SUMMARY_EXECUTION"))
    victims.add_victim(session, summary.id, forms.VictimForm(code="V01"))
    version = world.version(summary.id)

    with pytest.raises(workflow.Incomplete) as caught:
        workflow.submit(session, summary.id, expected_version=version)

    killing = "Summary execution or deliberate killing of civilians (by non-State actors)"
    assert _lines(caught.value) == [
        "This case cannot be submitted yet:",
        f"• Violations with no victim: {killing} (March 2024).",
        "• Victims linked to no violation: V01.",
        "• No perpetrator is recorded (Unknown or unidentified perpetrator is a "
        "category).",
        "• Consent to documentation not asked: V01.",
    ]
    assert caught.value.field == "status"
    detail = cases.get_case(session, summary.id)
    assert (detail.status, detail.version) == ("draft", version)
    assert [row[4] for row in world.audit("case.submit")] == []


def test_an_empty_case_is_refused_for_every_part_it_lacks(world: World) -> None:
    session = world.login("olga")
    summary = cases.create_case(session, forms.CaseForm("Empty"))
    with pytest.raises(workflow.Incomplete) as caught:
        workflow.submit(session, summary.id, expected_version=summary.version)
    assert [gap.check for gap in caught.value.gaps] == [
        "incident", "violation", "victim", "perpetrator"]
    assert all(gap.required for gap in caught.value.gaps)


def test_what_the_office_does_not_require_is_a_warning_kept_in_the_audit_trail(
        world: World) -> None:
    made = world.make_case("olga")  # complete, but no source
    session = world.login("olga")
    detail = cases.get_case(session, made.case)
    gaps = workflow.submission_gaps(session, detail)
    assert [(gap.check, gap.required, gap.message()) for gap in gaps] == [
        ("source", False, "No source is recorded.")]

    workflow.submit(session, made.case, expected_version=world.version(made.case))

    assert world.audit("case.submit")[-1][3:] == ("draft->submitted warnings=source", "ok")


def test_consent_refused_or_withdrawn_counts_as_missing(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    second = victims.add_victim(session, made.case, forms.VictimForm(code="V02"))
    records.link_victim(session, made.violation, second.id)
    victims.record_consent(session, second.id, "documentation", given=False)
    victims.revoke_consent(session, made.victim, "documentation", reason="Fears reprisals")

    with pytest.raises(workflow.Incomplete) as caught:
        workflow.submit(session, made.case, expected_version=world.version(made.case))

    code = cases.get_case(session, made.case).victims[0].code
    assert _lines(caught.value)[1:] == [
        "• Consent to documentation refused: V02.",
        f"• Consent to documentation withdrawn: {code}."]


def test_each_kind_of_gap_is_one_line_naming_the_records_at_fault(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    records.add_incident(session, made.case, forms.IncidentForm(PartialDate.parse("2023"),
                                                                "CD-SK"))
    second = records.add_violation(session, made.incident,
                                   forms.ViolationForm("PROPERTY.LOOTING"))
    records.add_perpetrator(session, made.case, forms.PerpetratorForm("STATE.PNC",
                                                                      unit="PNC Sake"))
    for code in ("V02", "V03"):
        victims.add_victim(session, made.case, forms.VictimForm(code=code),
                           consents={"documentation": True})
    gaps = workflow.submission_gaps(session, cases.get_case(session, made.case))
    assert [(gap.check, gap.message()) for gap in gaps] == [
        ("violation", "Incidents with no violation: 2023."),
        ("victim", f"Violations with no victim: {second.type_label} (March 2024)."),
        ("victim", "Victims linked to no violation: V02, V03."),
        ("perpetrator", f"Violations with no perpetrator: {second.type_label} (March 2024)."),
        ("perpetrator", "Perpetrators linked to no violation: Congolese National Police "
                        "(PNC) PNC Sake."),
        ("source", "No source is recorded."),
    ]


def test_an_office_chooses_what_it_requires(world: World) -> None:
    world.settings = replace(world.settings, submission_requires=("incident", "source"))
    session = world.login("olga")
    summary = cases.create_case(session, forms.CaseForm("Arrestation à Uvira"))
    records.add_incident(session, summary.id, forms.IncidentForm(PartialDate.parse("2025"),
                                                                 "CD-SK"))
    with pytest.raises(workflow.Incomplete) as caught:
        workflow.submit(session, summary.id, expected_version=world.version(summary.id))
    assert [gap.check for gap in caught.value.gaps] == ["source"]

    records.add_source(session, summary.id, forms.SourceForm("victim", "B", 2))
    workflow.submit(session, summary.id, expected_version=world.version(summary.id))
    assert world.audit("case.submit")[-1][3] == (
        "draft->submitted warnings=violation,victim,perpetrator")


def test_validation_is_refused_for_what_went_missing_after_submission(world: World) -> None:
    """Consent may be withdrawn while a case waits: the supervisor sees it, and returns the
    case to draft rather than validating it."""
    case_id = submitted(world)
    code = cases.get_case(world.login("olga"), case_id).victims[0].code
    victim_id = cases.get_case(world.current, case_id).victims[0].id  # type: ignore[arg-type]
    victims.revoke_consent(world.current, victim_id, "documentation")  # type: ignore[arg-type]
    supervisor = world.login("sue")
    detail = cases.get_case(supervisor, case_id)
    assert [gap.message() for gap in workflow.submission_gaps(supervisor, detail)
            if gap.required] == [f"Consent to documentation withdrawn: {code}."]

    with pytest.raises(workflow.Incomplete) as caught:
        workflow.validate(supervisor, case_id, expected_version=world.version(case_id))

    assert _lines(caught.value)[0] == "This case cannot be validated yet:"
    assert cases.get_case(supervisor, case_id).status == "submitted"
    workflow.return_to_draft(supervisor, case_id, comment="Consent withdrawn",
                             expected_version=world.version(case_id))


def test_the_list_is_in_french_for_a_french_account(world: World) -> None:
    session = world.login("olga")
    summary = cases.create_case(session, forms.CaseForm("Vide"))
    with pytest.raises(workflow.Incomplete) as caught:
        workflow.submit(session, summary.id, expected_version=summary.version)
    install("fr")
    assert _lines(caught.value)[:2] == ["Ce dossier ne peut pas encore être soumis :",
                                        "• Aucun incident n'est enregistré."]


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
    made = world.make_case("sue")
    session = world.login("sue")
    summary = cases.summary_of(made.case)
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
