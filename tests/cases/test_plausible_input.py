"""Input that is possible but not plausible is refused with the reason, and changes nothing:
a year typed as 1850, a follow-up or review planned in the past, a 5,000-character paste
echoed back whole."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jhro_tui.errors import ValidationError
from jhro_tui.services import cases, records, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import FollowUpForm, IncidentForm, ProtectionForm, ViolationForm
from jhro_tui.store.models import FollowUp, Incident, Victim, Violation

from .conftest import World


def test_an_incident_in_1850_is_a_typing_slip(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(ValidationError) as refused:
        records.add_incident(session, made.case, IncidentForm(PartialDate.parse("~1850"),
                                                              "CD-SK"))
    assert refused.value.field == "date"
    assert refused.value.message() == "The date about 1850 is before 1900: check the year."
    assert Incident.select().count() == 1


def test_a_follow_up_or_a_review_cannot_be_planned_in_the_past(world: World,
                                                              today: dt.date) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    yesterday = today - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        cases.add_follow_up(session, made.case, FollowUpForm("Call the witness", yesterday))
    assert refused.value.field == "due_on" and "has passed" in refused.value.message()
    assert FollowUp.select().count() == 0
    with pytest.raises(ValidationError) as refused:
        victims.review_protection(session, made.victim, ProtectionForm(
            "high", "Safe house", yesterday), expected_version=1)
    assert refused.value.field == "risk_review_on"
    assert Victim.get_by_id(made.victim).risk_level == "none"


def test_an_overdue_follow_up_keeps_its_date_when_reworded(world: World,
                                                          today: dt.date) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    overdue = today - dt.timedelta(days=3)
    with world.planned_on(today - dt.timedelta(days=10)):
        task = cases.add_follow_up(session, made.case, FollowUpForm("Call", overdue))
    reworded = cases.update_follow_up(session, task.id, FollowUpForm(
        "Call the witness again", overdue), expected_version=task.version)
    assert (reworded.description, reworded.due_on) == ("Call the witness again", overdue)
    with pytest.raises(ValidationError):  # moved, it must move forward
        cases.update_follow_up(session, task.id, FollowUpForm(
            "Call", overdue - dt.timedelta(days=1)), expected_version=reworded.version)


def test_a_refusal_quotes_at_most_forty_characters_of_what_was_typed(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    pasted = "CD-" + "X" * 5000
    with pytest.raises(ValidationError) as refused:
        records.update_incident(session, made.incident, IncidentForm(
            PartialDate.parse("2024"), pasted), expected_version=1)
    message = refused.value.message()
    assert len(message) < 120 and "XXXX…XXXX" in message


def test_too_long_says_how_long_it_is(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(ValidationError) as refused:
        records.update_incident(session, made.incident, IncidentForm(
            PartialDate.parse("2024"), "CD-SK", locality="K" * 5000), expected_version=1)
    assert refused.value.message() == "Too long: 5,000 characters, at most 200."


def test_victims_not_named_are_counted_and_refused_when_impossible(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    violation = records.add_violation(session, made.incident, ViolationForm(
        "SGBV.RAPE", unnamed=dataclasses.replace(ViolationForm("x").unnamed, women=12,
                                                 girls=3)))
    assert violation.unnamed.counts() == {"men": 0, "women": 12, "boys": 0, "girls": 3,
                                          "unknown": 0}
    assert violation.unnamed.total == 15
    for count in (-1, 100_001):
        with pytest.raises(ValidationError) as refused:
            records.update_violation(session, violation.id, ViolationForm(
                "SGBV.RAPE", unnamed=dataclasses.replace(violation.unnamed, boys=count)),
                expected_version=violation.version)
        assert refused.value.field == "unnamed_boys"
    assert Violation.get_by_id(violation.id).unnamed_boys == 0
