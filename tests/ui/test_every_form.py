"""Every form of the case file, new and changed, filled by keyboard alone and read back.

Each form is opened with its key, every one of its fields is filled in the order Tab
and Enter go through them (a text field, a list, a multiple choice, a text area), the
form is saved with ctrl+s, and the record is read back through the services, field by
field. A field the form shows but the table does not fill, or a value that does not come
back as typed, fails the test: a perpetrator could not be recorded for weeks because no
test did this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from jhro_tui.config import Settings
from jhro_tui.services import cases, records, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ReferralForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.session import login
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.follow_up import follow_up_form
from jhro_tui.ui.records.incident import incident_form
from jhro_tui.ui.records.note import note_form
from jhro_tui.ui.records.perpetrator import perpetrator_form
from jhro_tui.ui.records.referral import referral_form
from jhro_tui.ui.records.source import source_form
from jhro_tui.ui.records.victim import victim_form
from jhro_tui.ui.records.violation import violation_form
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.case_forms import (
    case_form,
    consent_form,
    follow_up_done_form,
    protection_form,
    referral_status_form,
)
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.widgets.picker import ChoiceField, MultiPicker
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import FROZEN_TODAY, build_app, log_in, screen_text, settle, type_text

ENTER, TAB, CLEAR_AREA = "enter", "tab", "f7"

Field = tuple[str, str]
"""A field's key and what is typed in it ("" leaves it as it is)."""


@dataclass(frozen=True)
class FormRun:
    """One form: the keys that open it on the case file, what each field gets, and what
    the services must give back afterwards."""

    name: str
    keys: tuple[str, ...]
    fields: tuple[Field, ...]
    read_back: Callable[[CaseDetail], dict[str, object]]
    expected: dict[str, object]


def _documented_case(vault: VaultDir) -> int:
    """A draft with two victims (V01 consented to referral), a perpetrator, an incident
    and its violation, a source, a follow-up and a referral: something for every form."""
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm(
            "Raid on Kiwanja", province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja", "Night raid."))
        first = victims.add_victim(session, case_id, VictimForm(
            name="Furaha Bahati", sex="female", age=24))
        victims.add_victim(session, case_id, VictimForm(sex="male", age=40))
        victims.give_consent(session, first.id, "referral")
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.add_violation(session, incident.id, ViolationForm("PROPERTY.LOOTING"),
                              victim_ids=[first.id], perpetrator_ids=[perpetrator.id])
        records.add_source(session, case_id, SourceForm("witness", "C", 3, FROZEN_TODAY))
        cases.add_follow_up(session, case_id, FollowUpForm(
            "Visit the detention centre", FROZEN_TODAY + dt.timedelta(days=2)))
        victims.add_referral(session, first.id, ReferralForm(
            "MEDICAL.CARE", "Panzi hospital", FROZEN_TODAY - dt.timedelta(days=3)))
    finally:
        session.close()
    return case_id


def _pick(label: str) -> tuple[str, ...]:
    """``E`` or ``Del``'s record picker: type, Enter takes it and opens its form."""
    return (*label, ENTER)


def _last(items: tuple[Any, ...]) -> Any:
    return items[-1]


def _incident(detail: CaseDetail) -> dict[str, object]:
    incident = _last(detail.incidents)
    return {"date": incident.date.iso(), "end": incident.end.iso() if incident.end else None,
            "province": incident.province_code, "territory": incident.territory_code,
            "locality": incident.locality, "description": incident.description}


def _violation(detail: CaseDetail, type_code: str) -> dict[str, object]:
    violation = next(v for incident in detail.incidents for v in incident.violations
                     if v.type_code == type_code)
    codes = {victim.id: victim.code for victim in detail.victims}
    return {"incident": violation.incident_id,
            "verification": violation.verification_status,
            "victims": sorted(codes[v.victim_id] for v in violation.victims),
            "perpetrators": sorted(p.category_code for p in violation.perpetrators),
            "unnamed": violation.unnamed.counts(), "description": violation.description}


def _victim(detail: CaseDetail, code: str) -> dict[str, object]:
    victim = next(v for v in detail.victims if v.code == code)
    consents = {purpose: (record.given if record else None)
                for purpose in ("documentation", "referral", "justice", "statistics")
                for record in (victim.consent(purpose),)}
    return {"identity": (victim.identity.name, victim.identity.contact)
            if victim.identity else None,
            "sex": victim.sex, "age": victim.age, "age_group": victim.age_group,
            "disability": victim.disability, "displacement": victim.displacement,
            "consents": consents, "risk": victim.risk_level,
            "review": victim.risk_review_on, "measures": victim.risk_measures}


def _perpetrator(detail: CaseDetail) -> dict[str, object]:
    p = _last(detail.perpetrators)
    return {"category": p.category_code, "unit": p.unit, "name": p.name, "rank": p.rank,
            "description": p.description}


def _source(detail: CaseDetail) -> dict[str, object]:
    s = _last(detail.sources)
    return {"kind": s.kind, "reliability": s.reliability, "credibility": s.credibility,
            "obtained_on": s.obtained_on, "description": s.description}


def _follow_up(detail: CaseDetail) -> dict[str, object]:
    task = _last(detail.follow_ups)
    return {"description": task.description, "due_on": task.due_on,
            "assigned_to": task.assigned_to, "done": task.done_at is not None}


def _referral(detail: CaseDetail) -> dict[str, object]:
    r = _last(detail.referrals)
    return {"victim": r.victim_code, "service": r.service_code, "provider": r.provider,
            "proposed_on": r.proposed_on, "status": r.status, "status_on": r.status_on,
            "comment": r.comment}


def _header(detail: CaseDetail) -> dict[str, object]:
    return {"title": detail.title, "narrative": detail.narrative,
            "province": detail.province_code, "opened_on": detail.opened_on,
            "priority": detail.priority, "confidentiality": detail.confidentiality}


DAY = FROZEN_TODAY
RUNS = [
    FormRun("case header changed", ("e",), (
        ("title", "Raid on Kiwanja and Kalengera"), ("narrative", "Armed men came at night."),
        ("province_code", "north kivu"), ("opened_on", "2026-11-20"), ("priority", "high"),
        ("confidentiality", "strictly")), _header,
        {"title": "Raid on Kiwanja and Kalengera", "narrative": "Armed men came at night.",
         "province": "CD-NK", "opened_on": dt.date(2026, 11, 20), "priority": "high",
         "confidentiality": "strictly_confidential"}),
    FormRun("new incident", ("i",), (
        ("date", "2024-03-15"), ("end", "2024-03-16"), ("province_code", "south kivu"),
        ("territory_code", "kalehe"), ("locality", "Bushushu"),
        ("description", "The market was looted.")), _incident,
        {"date": "2024-03-15", "end": "2024-03-16", "province": "CD-SK",
         "territory": "CD-SK.KALEHE", "locality": "Bushushu",
         "description": "The market was looted."}),
    FormRun("incident changed", ("E", *_pick("incident")), (
        ("date", "~2024-04"), ("end", ""), ("province_code", ""), ("territory_code", "nyira"),
        ("locality", "Kalengera"), ("description", "A raid at dawn.")), _incident,
        {"date": "~2024-04", "end": None, "province": "CD-NK", "territory": "CD-NK.NYIRAGONGO",
         "locality": "Kalengera", "description": "A raid at dawn."}),
    FormRun("new violation", ("v",), (
        ("incident", ""), ("type_code", "rape"), ("verification_status", "verified"),
        ("victims", "V01\nV02"), ("perpetrators", "m23"), ("unnamed_men", "12"),
        ("unnamed_women", "5"), ("unnamed_boys", "0"), ("unnamed_girls", "3"),
        ("unnamed_unknown", "1"), ("description", "Two women and a man.")),
        lambda d: _violation(d, "SGBV.RAPE"),
        {"incident": 1, "verification": "verified", "victims": ["V01", "V02"],
         "perpetrators": ["ARMED_GROUP.M23_AFC"],
         "unnamed": {"men": 12, "women": 5, "boys": 0, "girls": 3, "unknown": 1},
         "description": "Two women and a man."}),
    FormRun("violation changed", ("E", *_pick("looting")), (
        ("type_code", "burning"), ("verification_status", "credible"),
        ("victims", "V02"), ("perpetrators", ""), ("unnamed_men", "30"),
        ("unnamed_women", ""), ("unnamed_boys", "2"), ("unnamed_girls", ""),
        ("unnamed_unknown", ""), ("description", "Houses burnt.")),
        lambda d: _violation(d, "PROPERTY.DESTRUCTION"),
        {"incident": 1, "verification": "credible", "victims": ["V02"], "perpetrators": [],
         "unnamed": {"men": 30, "women": 0, "boys": 2, "girls": 0, "unknown": 0},
         "description": "Houses burnt."}),
    FormRun("new victim", ("p",), (
        ("code", "V09"), ("name", "Amani Mirindi"), ("contact", "+243 99 000 1111"),
        ("sex", "male"), ("age", "34"), ("age_group", "adult"), ("disability", "no"),
        ("displacement", "internally"), ("consent_documentation", "yes"),
        ("consent_referral", "no"), ("consent_justice", "yes"), ("consent_statistics", "no"),
        ("risk_level", "medium"), ("risk_review_on", "2026-12-20"),
        ("risk_measures", "Moved to a relative's house.")),
        lambda d: _victim(d, "V09"),
        {"identity": ("Amani Mirindi", "+243 99 000 1111"), "sex": "male", "age": 34,
         "age_group": "adult",
         "disability": "no", "displacement": "idp",
         "consents": {"documentation": True, "referral": False, "justice": True,
                      "statistics": False},
         "risk": "medium", "review": dt.date(2026, 12, 20),
         "measures": "Moved to a relative's house."}),
    FormRun("victim changed", ("E", *_pick("V02")), (
        ("code", "V02"), ("sex", "female"), ("age", "16"), ("age_group", "child"),
        ("disability", "yes"), ("displacement", "refugee"), ("risk_level", "high"),
        ("risk_review_on", "2026-12-01"), ("risk_measures", "Safe house.")),
        lambda d: _victim(d, "V02"),
        {"identity": ("", ""), "sex": "female", "age": 16, "age_group": "child",
         "disability": "yes", "displacement": "refugee",
         "consents": {"documentation": None, "referral": None, "justice": None,
                      "statistics": None},
         "risk": "high", "review": dt.date(2026, 12, 1), "measures": "Safe house."}),
    FormRun("new perpetrator", ("x",), (
        ("category_code", "pnc"), ("unit", "Commissariat de Rutshuru"), ("name", "Kabeya"),
        ("rank", "Commissaire"), ("description", "Led the arrests.")), _perpetrator,
        {"category": "STATE.PNC", "unit": "Commissariat de Rutshuru", "name": "Kabeya",
         "rank": "Commissaire", "description": "Led the arrests."}),
    FormRun("perpetrator changed", ("E", *_pick("perpetrator")), (
        ("category_code", "fardc"), ("unit", "3411th regiment"), ("name", "Unknown"),
        ("rank", "Captain"), ("description", "Seen by two witnesses.")), _perpetrator,
        {"category": "STATE.FARDC", "unit": "3411th regiment", "name": "Unknown",
         "rank": "Captain", "description": "Seen by two witnesses."}),
    FormRun("new source", ("o",), (
        ("kind", "witness"), ("reliability", "b"), ("credibility", "2"),
        ("obtained_on", "2026-11-01"), ("description", "A neighbour.")), _source,
        {"kind": "witness", "reliability": "B", "credibility": 2,
         "obtained_on": dt.date(2026, 11, 1), "description": "A neighbour."}),
    FormRun("source changed", ("E", *_pick("source")), (
        ("kind", "medical"), ("reliability", "a"), ("credibility", "1"),
        ("obtained_on", "2026-10-30"), ("description", "Hospital record.")), _source,
        {"kind": "medical", "reliability": "A", "credibility": 1,
         "obtained_on": dt.date(2026, 10, 30), "description": "Hospital record."}),
    FormRun("new note", ("n",), (("body", "Met the family on Monday."),),
            lambda d: {"body": _last(d.notes).body}, {"body": "Met the family on Monday."}),
    FormRun("new follow-up", ("t",), (
        ("description", "Call the prosecutor"), ("due_on", "2026-12-10"),
        ("assigned_to", "supervisor")), _follow_up,
        {"description": "Call the prosecutor", "due_on": dt.date(2026, 12, 10),
         "assigned_to": "supervisor", "done": False}),
    FormRun("follow-up changed", ("E", *_pick("visit")), (
        ("description", "Visit the prison"), ("due_on", "2026-12-03"), ("assigned_to", "")),
        _follow_up, {"description": "Visit the prison", "due_on": dt.date(2026, 12, 3),
                     "assigned_to": "officer", "done": False}),
    FormRun("follow-up done", ("d",), (("follow_up", ""), ("state", "")), _follow_up,
            {"description": "Visit the detention centre", "due_on": DAY + dt.timedelta(days=2),
             "assigned_to": "officer", "done": True}),
    FormRun("new referral", ("r",), (
        ("victim", "V01"), ("service_code", "legal assistance"),
        ("provider", "Bar association"),
        ("proposed_on", "2026-11-24"), ("comment", "For the trial.")), _referral,
        {"victim": "V01", "service": "LEGAL.ASSISTANCE", "provider": "Bar association",
         "proposed_on": dt.date(2026, 11, 24), "status": "proposed",
         "status_on": dt.date(2026, 11, 24), "comment": "For the trial."}),
    FormRun("referral moved on", ("u",), (
        ("referral", ""), ("status", "accepted"), ("on", "2026-11-24"),
        ("comment", "Seen on Tuesday.")), _referral,
        {"victim": "V01", "service": "MEDICAL.CARE", "provider": "Panzi hospital",
         "proposed_on": DAY - dt.timedelta(days=3), "status": "accepted",
         "status_on": dt.date(2026, 11, 24), "comment": "Seen on Tuesday."}),
    FormRun("consent", ("k",), (
        ("victim", "V02"), ("purpose", "justice"), ("action", "given"),
        ("note", "Asked in Swahili.")),
        lambda d: {"given": next(v for v in d.victims if v.code == "V02")
                   .consent("justice").given},  # type: ignore[union-attr]
        {"given": True}),
    FormRun("protection review", ("c",), (
        ("victim", "V01"), ("risk_level", "low"), ("risk_review_on", "2027-01-15"),
        ("risk_measures", "Calls every week.")),
        lambda d: {key: value for key, value in _victim(d, "V01").items()
                   if key in ("risk", "review", "measures")},
        {"risk": "low", "review": dt.date(2027, 1, 15), "measures": "Calls every week."}),
]
FORMS = (case_form, incident_form, violation_form, victim_form, perpetrator_form,
         source_form, note_form, follow_up_form, follow_up_done_form, referral_form,
         referral_status_form, consent_form, protection_form)
"""The forms of the table above; a form of the case file missing here fails a test below."""


async def _fill(pilot: Pilot[Any], form: FormScreen[Any], fields: tuple[Field, ...]) -> None:
    """Fill ``fields`` in order, going from one to the next by keyboard only."""
    keys = [spec.key for spec in form.fields]
    assert keys == [key for key, _text in fields], "the table must fill every field in order"
    for key, text in fields:
        widget = form.query_one(f"#field-{key}")
        focused = form.focused
        assert focused is not None and (focused is widget or focused.parent is widget), (
            f"{key} should have focus, {focused!r} has it")
        if isinstance(widget, TextArea):
            if text:
                await pilot.press(CLEAR_AREA)
                await type_text(pilot, text)
            await pilot.press(TAB)
        elif isinstance(widget, MultiPicker):
            await pilot.press(*[ENTER if char == "\n" else char
                                for char in _toggles(widget, text)])
            await pilot.press(TAB)
        elif text:  # a text field, or a list: what is typed replaces what it held
            await type_text(pilot, text)
            await pilot.press(ENTER)
        else:
            await pilot.press(ENTER if isinstance(widget, Input | ChoiceField) else TAB)
        await pilot.pause()


def _toggles(widget: MultiPicker, text: str) -> str:
    """The keys that leave a multiple choice holding exactly the entries named in
    ``text`` (one per line): Enter after a name adds it, or removes it if chosen."""
    wanted = [name for name in text.split("\n") if name]
    labels = {choice.code: choice.label for choice in widget.all_choices}
    chosen = [labels[code] for code in widget.values]
    wanted_labels = {label for label in labels.values()
                     if any(label.casefold().startswith(name.casefold())
                            or name.casefold() in label.casefold() for name in wanted)}
    flips = sorted(set(chosen) ^ wanted_labels)
    return "".join(f"{label}\n" for label in flips)


@pytest.mark.parametrize("run", RUNS, ids=lambda run: run.name)
async def test_every_field_of_the_form_is_saved_as_typed(vault: VaultDir, run: FormRun
                                                         ) -> None:
    case_id = _documented_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(case_id)
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        await pilot.press(*run.keys)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen), screen_text(app)
        await _fill(pilot, form, run.fields)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)
        detail = await app.call_db(cases.get_case, app.require_session(), case_id,
                                   reveal_identity=True)
        assert run.read_back(detail) == run.expected


def test_every_form_of_the_case_file_is_in_the_table() -> None:
    from jhro_tui.ui.screens import case_detail

    covered = {form.__name__ for form in FORMS}
    # Files, access (the supervisor's) and related cases have tests of their own.
    others = {"attachment_form", "export_form", "assign_form", "workflow_form",
              "related_form"}
    assert {form.factory.__name__ for form in case_detail.FORMS.values()} - others == covered


async def test_every_list_of_every_form_offers_entries(vault: VaultDir) -> None:
    """A list with nothing in it can only be left empty: a misspelt vocabulary, as the
    perpetrator's was, must fail here, in every form, new and changed."""
    case_id = _documented_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        detail = await app.call_db(cases.get_case, app.require_session(), case_id)
        forms = [make(app, detail) for make in FORMS]
        forms += [incident_form(app, detail, detail.incidents[0]),
                  violation_form(app, detail, detail.incidents[0].violations[0]),
                  victim_form(app, detail, detail.victims[0]),
                  perpetrator_form(app, detail, detail.perpetrators[0]),
                  source_form(app, detail, detail.sources[0]),
                  follow_up_form(app, detail, detail.follow_ups[0])]
        lists = [(form.title_text, spec.key, len(spec.choices)) for form in forms
                 for spec in form.fields if spec.kind in ("choice", "choices")]
        assert lists and all(count for _title, _key, count in lists), [
            (title, key) for title, key, count in lists if not count]
