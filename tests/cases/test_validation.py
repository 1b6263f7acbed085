"""Every refusal of the form rules: the field at fault and a clear sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.errors import ValidationError
from jhro_tui.services import cases, forms, records, validation, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.session import Session

from .conftest import Made, World

TODAY = dt.datetime.now(dt.UTC).date()
TOMORROW = TODAY + dt.timedelta(days=1)
NEXT_YEAR = PartialDate(TODAY.year + 1)
CaseCall = Callable[[Session, Made, World], object]

CASES: list[tuple[str, CaseCall, str, str]] = [
    # (name, call, field, words of the message)
    ("title required", lambda s, m, w: cases.create_case(s, forms.CaseForm("   ")),
     "title", "needs a title"),
    ("title too long", lambda s, m, w: cases.create_case(s, forms.CaseForm("x" * 301)),
     "title", "301 characters, at most 300"),
    ("unknown priority", lambda s, m, w: cases.create_case(
        s, forms.CaseForm("t", priority="extreme")), "priority", "Unknown value extreme"),
    ("unknown province", lambda s, m, w: cases.create_case(
        s, forms.CaseForm("t", province_code="CD-XX")), "province_code", "Unknown code CD-XX"),
    ("case opened in the future", lambda s, m, w: cases.create_case(
        s, forms.CaseForm("t", opened_on=TOMORROW)), "opened_on", "in the future"),
    ("incident date required", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(None, "CD-SK")), "date", "at least a year"),
    ("incident date in the future", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(NEXT_YEAR, "CD-SK")), "date", "in the future"),
    ("incident end before start", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(PartialDate(2024, 3, 10), "CD-SK",
                                      end=PartialDate(2024, 2))),
     "end", "is before the start"),
    ("incident province required", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(PartialDate(2024), "")), "province_code",
     "Choose the province"),
    ("territory of another province", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(PartialDate(2024), "CD-NK", "CD-SK.KALEHE")),
     "territory_code", "Kalehe is not in North Kivu"),
    ("unknown territory", lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(PartialDate(2024), "CD-SK", "CD-SK.NOWHERE")),
     "territory_code", "Unknown code CD-SK.NOWHERE"),
    ("violation type required", lambda s, m, w: records.add_violation(
        s, m.incident, forms.ViolationForm("")), "type_code", "Choose a violation type"),
    ("unknown violation type", lambda s, m, w: records.add_violation(
        s, m.incident, forms.ViolationForm("SGBV.NOT_A_CODE")), "type_code",
     "Unknown code SGBV.NOT_A_CODE"),
    ("category instead of type", lambda s, m, w: records.add_violation(
        s, m.incident, forms.ViolationForm("SGBV")), "type_code", "not the category"),
    ("unknown verification", lambda s, m, w: records.add_violation(
        s, m.incident, forms.ViolationForm("SGBV.RAPE", verification_status="sure")),
     "verification_status", "Unknown value sure"),
    ("age over 120", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(age=121)), "age", "from 0 to 120"),
    ("negative age", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(age=-1)), "age", "from 0 to 120"),
    ("age outside its group", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(age=12, age_group="adult")), "age_group",
     "does not fit"),
    ("unknown sex", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(sex="x")), "sex", "Unknown value x"),
    ("risk without review date", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(risk_level="high")), "risk_review_on",
     "next review"),
    ("duplicate victim code", lambda s, m, w: victims.add_victim(
        s, m.case, forms.VictimForm(code="V01")), "code", "already has the code V01"),
    ("perpetrator category required", lambda s, m, w: records.add_perpetrator(
        s, m.case, forms.PerpetratorForm("")), "category_code", "perpetrator category"),
    ("unknown perpetrator category", lambda s, m, w: records.add_perpetrator(
        s, m.case, forms.PerpetratorForm("ARMED_GROUP.IMAGINARY")), "category_code",
     "Unknown code"),
    ("source kind required", lambda s, m, w: records.add_source(
        s, m.case, forms.SourceForm("", "B", 2)), "kind", "kind of source"),
    ("source reliability A to F", lambda s, m, w: records.add_source(
        s, m.case, forms.SourceForm("witness", "G", 2)), "reliability", "from A to F"),
    ("information credibility 1 to 6", lambda s, m, w: records.add_source(
        s, m.case, forms.SourceForm("witness", "B", 7)), "credibility", "from 1 to 6"),
    ("source date in the future", lambda s, m, w: records.add_source(
        s, m.case, forms.SourceForm("witness", "B", 2, TOMORROW)), "obtained_on",
     "in the future"),
    ("referral service required", lambda s, m, w: victims.add_referral(
        s, m.victim, forms.ReferralForm("")), "service_code", "Choose a service"),
    ("unknown referral service", lambda s, m, w: victims.add_referral(
        s, m.victim, forms.ReferralForm("SPA")), "service_code", "Unknown code SPA"),
    ("empty note", lambda s, m, w: cases.add_note(s, m.case, " \n "), "body",
     "cannot be empty"),
    ("follow-up description", lambda s, m, w: cases.add_follow_up(
        s, m.case, forms.FollowUpForm("", TODAY)), "description", "has to be done"),
    ("follow-up due date", lambda s, m, w: cases.add_follow_up(
        s, m.case, forms.FollowUpForm("Call", None)), "due_on", "needs a due date"),
    ("follow-up for an outsider", lambda s, m, w: cases.add_follow_up(
        s, m.case, forms.FollowUpForm("Call", TODAY, assigned_to="bea")), "assigned_to",
     "bea cannot work on this case"),
    ("unknown consent purpose", lambda s, m, w: victims.give_consent(
        s, m.victim, "publicity"), "purpose", "Unknown value publicity"),
    ("attachment too large", lambda s, m, w: cases.add_attachment(
        s, m.case, _big_file(w)), "file", "larger than the limit of 1 MiB"),
    ("attachment missing", lambda s, m, w: cases.add_attachment(
        s, m.case, "nothing-here.pdf"), "file", "Cannot read"),
]


def _big_file(world: World) -> str:
    return world.put("olga", "video.mp4", b"\0" * (1024 * 1024 + 1))


@pytest.mark.parametrize(("name", "call", "field", "words"), CASES,
                         ids=[case[0] for case in CASES])
def test_refusal_names_the_field_and_says_why(world: World, name: str, call: CaseCall,
                                              field: str, words: str) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(ValidationError) as caught:
        call(session, made, world)
    assert caught.value.field == field
    assert words in caught.value.message()


def test_referral_dates_cannot_run_backwards(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    referral = victims.add_referral(session, made.victim, forms.ReferralForm(
        "PSYCHOSOCIAL", proposed_on=dt.date(2024, 5, 10)))
    with pytest.raises(ValidationError) as caught:
        victims.update_referral(session, referral.id, "completed", on=dt.date(2024, 5, 1),
                                expected_version=referral.version)
    assert caught.value.field == "status_on"
    assert caught.value.message() == ("The date 1 May 2024 is before the referral was "
                                      "proposed (10 May 2024).")
    with pytest.raises(ValidationError) as caught:
        victims.update_referral(session, referral.id, "proposed",
                                expected_version=referral.version)
    assert caught.value.field == "status"


@pytest.mark.parametrize("text", ["2024-02-30", "yesterday", "2024-13", "", "24/24/2024"])
def test_a_date_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text, field="date")
    assert caught.value.field == "date"
    assert "Not a date" in caught.value.message()


def test_validation_is_the_same_for_the_demo_and_for_a_form() -> None:
    from jhro_tui.demo import generator

    source = Path(generator.__file__).read_text(encoding="utf-8")
    for rule in ("validate_case", "validate_incident", "validate_violation",
                 "validate_victim", "validate_perpetrator", "validate_source",
                 "validate_referral", "validate_follow_up", "validate_note"):
        assert f"validation.{rule}(" in source
        assert callable(getattr(validation, rule))
