"""Every form of the case file, new and changed, filled by keyboard alone and read back.

Each form is opened with its key, every one of its fields is filled in the order Tab
and Enter go through them (a text field, a list, a multiple choice, a text area), the
form is saved with ctrl+s, and the record is read back through the services, field by
field. A field the form shows but the table does not fill, or a value that does not come
back as typed, fails the test: a perpetrator could not be recorded for weeks because no
test did this. Past 500 lines: it is one table, and split it would let a form slip out of
the check that every form of the case file is in it.
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
    CONSENT_PURPOSES,
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ReferralForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.justice import court, hearings, proceedings
from jhro_tui.services.justice.forms import (
    AccusedForm,
    CourtVictimForm,
    HearingForm,
    JudgmentForm,
    ProceedingForm,
    ReparationForm,
    Verdict,
)
from jhro_tui.services.session import Session, login
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.accused import accused_form
from jhro_tui.ui.records.charge import charge_form
from jhro_tui.ui.records.court_victim import court_victim_form
from jhro_tui.ui.records.follow_up import follow_up_form
from jhro_tui.ui.records.hearing import hearing_form
from jhro_tui.ui.records.incident import incident_form
from jhro_tui.ui.records.judgment import judgment_form
from jhro_tui.ui.records.note import note_form
from jhro_tui.ui.records.payment import payment_form
from jhro_tui.ui.records.perpetrator import perpetrator_form
from jhro_tui.ui.records.proceeding import proceeding_form
from jhro_tui.ui.records.proceeding_forms import appeal_form, join_form, stage_form
from jhro_tui.ui.records.referral import referral_form
from jhro_tui.ui.records.reparation import reparation_form
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
    prepare: Callable[[Session, int], None] | None = None
    """What the case needs besides ``_documented_case`` (the justice forms: a trial)."""


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
                for purpose in CONSENT_PURPOSES for record in (victim.consent(purpose),)}
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


def _tried(session: Session, case_id: int) -> None:
    """A trial about the case: a hearing, V01 in court, A1 (the case's perpetrator) judged
    on two charges and ordered to pay a reparation; another case, GOM-2026-0002, to join."""
    detail = cases.get_case(session, case_id)
    first, perpetrator = detail.victims[0], detail.perpetrators[0]
    day = FROZEN_TODAY - dt.timedelta(days=10)
    made = proceedings.open_proceeding(session, case_id, ProceedingForm(
        "MILITARY.TMG", "CD-NK", "CD-NK.RUTSHURU", "RP 1/2026", "trial", day))
    hearings.add_hearing(session, made.id, HearingForm(day + dt.timedelta(days=5)))
    victims.give_consent(session, first.id, "justice")
    court.add_court_victim(session, made.id, CourtVictimForm(first.id, civil_party=True))
    accused_id = court.add_accused(session, made.id, AccusedForm(
        perpetrator_id=perpetrator.id, charges=("PENAL.RAPE", "PENAL.MURDER")))
    person = proceedings.get_proceeding(session, made.id).accused[0]
    rape, murder = person.charges
    court.record_judgment(session, accused_id, JudgmentForm(
        day + dt.timedelta(days=6), (Verdict(rape.id, "convicted"),
                                     Verdict(murder.id, "acquitted")), "prison", 60),
        expected_version=person.version)
    court.order_reparation(session, made.id, ReparationForm(
        accused_id, 5000, "USD", "V01", day + dt.timedelta(days=6)))
    cases.create_case(session, CaseForm("Arrests in Kiwanja", province_code="CD-NK"))


def _tried_and_consenting(session: Session, case_id: int) -> None:
    _tried(session, case_id)
    victims.give_consent(session, cases.get_case(session, case_id).victims[1].id, "justice")


def _proceeding(detail: CaseDetail) -> dict[str, object]:
    p = _last(detail.proceedings)
    return {"court": p.court_code, "province": p.province_code, "territory": p.territory_code,
            "docket": p.docket, "stage": p.stage, "stage_on": p.stage_on,
            "evidence": p.stages[-1].evidence, "cases": [c.reference for c in p.cases],
            "appeal_of": p.appeal_of_id}


def _hearing(detail: CaseDetail) -> dict[str, object]:
    h = _last(detail.proceedings[0].hearings)
    return {"held_on": h.held_on, "postponed": h.postponed, "reason": h.reason,
            "summary": h.summary, "next_on": h.next_on, "closed": h.closed_to_public}


def _accused(detail: CaseDetail) -> dict[str, object]:
    a = _last(detail.proceedings[0].accused)
    return {"code": a.code, "perpetrator": a.perpetrator_id, "name": a.name,
            "category": a.category_code, "rank": a.rank, "unit": a.unit,
            "charges": [c.charge_code for c in a.charges]}


def _judgment(detail: CaseDetail) -> dict[str, object]:
    a = detail.proceedings[0].accused[0]
    return {"verdicts": [(c.charge_code, c.verdict, c.requalified_code) for c in a.charges],
            "sentence": (a.sentence_kind, a.sentence_months), "judged_on": a.judged_on}


def _reparation(detail: CaseDetail) -> dict[str, object]:
    r = _last(detail.proceedings[0].accused[0].reparations)
    return {"amount": r.amount, "currency": r.currency, "beneficiary": r.beneficiary,
            "jointly": r.jointly_with_state, "ordered_on": r.ordered_on,
            "payments": [(p.amount, p.paid_on, p.note) for p in r.payments]}


def _court_victim(detail: CaseDetail) -> dict[str, object]:
    v = _last(detail.proceedings[0].victims)
    return {"victim": v.victim_code, "civil_party": v.civil_party,
            "requested": v.protection_requested, "granted": v.protection_granted,
            "legal_aid": v.legal_aid}


DAY = FROZEN_TODAY
TRIED_ON = DAY - dt.timedelta(days=10)
JUDGED_ON = TRIED_ON + dt.timedelta(days=6)
"""The judgment ``_tried`` records, which moves the proceeding to the judgment stage."""
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
        ("consent_transfer", "yes"), ("risk_level", "medium"), ("risk_review_on", "2026-12-20"),
        ("risk_measures", "Moved to a relative's house.")),
        lambda d: _victim(d, "V09"),
        {"identity": ("Amani Mirindi", "+243 99 000 1111"), "sex": "male", "age": 34,
         "age_group": "adult",
         "disability": "no", "displacement": "idp",
         "consents": {"documentation": True, "referral": False, "justice": True,
                      "statistics": False, "transfer": True},
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
                      "statistics": None, "transfer": None},
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
    FormRun("new proceeding", ("f",), (
        ("court_code", "civil.tgi"), ("province_code", "south kivu"),
        ("territory_code", "kalehe"), ("docket", "RP 12/2026"), ("stage", "investigation"),
        ("stage_on", "2026-11-20"), ("evidence", "Letter from the prosecutor.")),
        _proceeding,
        {"court": "CIVIL.TGI", "province": "CD-SK", "territory": "CD-SK.KALEHE",
         "docket": "RP 12/2026", "stage": "investigation", "stage_on": dt.date(2026, 11, 20),
         "evidence": "Letter from the prosecutor.", "cases": ["GOM-2026-0001"],
         "appeal_of": None}),
    FormRun("proceeding changed", ("E", *_pick("RP 1/2026")), (
        ("court_code", "military.cour_militaire"), ("province_code", ""),
        ("territory_code", "nyira"), ("docket", "RP 2/2026")), _proceeding,
        {"court": "MILITARY.COUR_MILITAIRE", "province": "CD-NK",
         "territory": "CD-NK.NYIRAGONGO", "docket": "RP 2/2026", "stage": "judgment",
         "stage_on": JUDGED_ON, "evidence": "", "cases": ["GOM-2026-0001"],
         "appeal_of": None}, _tried),
    FormRun("proceeding stage", ("S",), (
        ("proceeding", ""), ("stage", "enforcement"), ("on", "2026-11-24"),
        ("evidence", "Sentence being served.")), _proceeding,
        {"court": "MILITARY.TMG", "province": "CD-NK", "territory": "CD-NK.RUTSHURU",
         "docket": "RP 1/2026", "stage": "enforcement", "stage_on": dt.date(2026, 11, 24),
         "evidence": "Sentence being served.", "cases": ["GOM-2026-0001"], "appeal_of": None},
        _tried),
    FormRun("appeal", ("L",), (
        ("proceeding", ""), ("court_code", "military.cour_militaire"),
        ("province_code", ""), ("territory_code", ""), ("docket", "RPA 3/2026"),
        ("lodged_on", "2026-11-24"), ("evidence", "Appeal by the defence.")), _proceeding,
        {"court": "MILITARY.COUR_MILITAIRE", "province": "CD-NK", "territory": "",
         "docket": "RPA 3/2026", "stage": "appeal", "stage_on": dt.date(2026, 11, 24),
         "evidence": "Appeal by the defence.", "cases": ["GOM-2026-0001"], "appeal_of": 1},
        _tried),
    FormRun("another case joined", ("B",), (
        ("proceeding", ""), ("reference", "gom-2026-0002")), _proceeding,
        {"court": "MILITARY.TMG", "province": "CD-NK", "territory": "CD-NK.RUTSHURU",
         "docket": "RP 1/2026", "stage": "judgment", "stage_on": JUDGED_ON, "evidence": "",
         "cases": ["GOM-2026-0001", "GOM-2026-0002"], "appeal_of": None}, _tried),
    FormRun("new hearing", ("h",), (
        ("proceeding", ""), ("held_on", "2026-11-24"), ("postponed", "yes"),
        ("reason", "No interpreter"), ("summary", "Adjourned."), ("next_on", "2026-12-01"),
        ("closed_to_public", "yes")), _hearing,
        {"held_on": dt.date(2026, 11, 24), "postponed": True, "reason": "No interpreter",
         "summary": "Adjourned.", "next_on": dt.date(2026, 12, 1), "closed": True}, _tried),
    FormRun("hearing changed", ("E", *_pick("hearing")), (
        ("held_on", "2026-11-21"), ("postponed", "yes"), ("reason", "Lawyer absent"),
        ("summary", "Nothing heard."), ("next_on", "2026-11-28"),
        ("closed_to_public", "")), _hearing,
        {"held_on": dt.date(2026, 11, 21), "postponed": True, "reason": "Lawyer absent",
         "summary": "Nothing heard.", "next_on": dt.date(2026, 11, 28), "closed": False},
        _tried),
    FormRun("new accused", ("A",), (
        ("proceeding", ""), ("perpetrator", ""), ("name", "Kasongo Mwamba"),
        ("category_code", "fardc"), ("rank", "Captain"), ("unit", "3411th regiment"),
        ("charges", "Arbitrary arrest and illegal detention")), _accused,
        {"code": "A2", "perpetrator": None, "name": "Kasongo Mwamba",
         "category": "STATE.FARDC", "rank": "Captain", "unit": "3411th regiment",
         "charges": ["PENAL.ARBITRARY_ARREST"]}, _tried),
    FormRun("accused changed", ("E", *_pick("Accused A1")), (
        ("perpetrator", ""), ("name", ""), ("category_code", ""), ("rank", "Major"),
        ("unit", "Brigade 2")), _accused,
        {"code": "A1", "perpetrator": 1, "name": "", "category": "ARMED_GROUP.M23_AFC",
         "rank": "Major", "unit": "Brigade 2",
         "charges": ["PENAL.RAPE", "PENAL.MURDER"]}, _tried),
    FormRun("new charge", ("C",), (("accused", ""), ("charge_code", "penal.torture")),
            _accused,
            {"code": "A1", "perpetrator": 1, "name": "", "category": "ARMED_GROUP.M23_AFC",
             "rank": "", "unit": "", "charges": ["PENAL.RAPE", "PENAL.MURDER",
                                                 "PENAL.TORTURE"]}, _tried),
    FormRun("judgment", ("J", *_pick("A1")), (
        ("verdict_1", "requalified"), ("requalified_1", "penal.war_crime.sexual"),
        ("verdict_2", "dismissed"), ("requalified_2", ""), ("sentence_kind", ""),
        ("sentence_months", "120"), ("judged_on", "2026-11-24")), _judgment,
        {"verdicts": [("PENAL.RAPE", "requalified", "PENAL.WAR_CRIME.SEXUAL_VIOLENCE"),
                      ("PENAL.MURDER", "dismissed", "")],
         "sentence": ("prison", 120), "judged_on": dt.date(2026, 11, 24)}, _tried),
    FormRun("new reparation", ("R",), (
        ("accused", ""), ("amount", "2500"), ("currency", "cdf"),
        ("beneficiary", "Family of V01"), ("jointly_with_state", "yes"),
        ("ordered_on", "2026-11-24")), _reparation,
        {"amount": 2500, "currency": "CDF", "beneficiary": "Family of V01", "jointly": True,
         "ordered_on": dt.date(2026, 11, 24), "payments": []}, _tried),
    FormRun("reparation changed", ("E", *_pick("Reparation")), (
        ("amount", "6000"), ("currency", ""), ("beneficiary", "V01 and V02"),
        ("jointly_with_state", "yes"), ("ordered_on", "")), _reparation,
        {"amount": 6000, "currency": "USD", "beneficiary": "V01 and V02", "jointly": True,
         "ordered_on": TRIED_ON + dt.timedelta(days=6), "payments": []}, _tried),
    FormRun("new payment", ("P",), (
        ("reparation", ""), ("amount", "500"), ("paid_on", "2026-11-24"),
        ("note", "Cash at the registry")), _reparation,
        {"amount": 5000, "currency": "USD", "beneficiary": "V01", "jointly": False,
         "ordered_on": TRIED_ON + dt.timedelta(days=6),
         "payments": [(500, dt.date(2026, 11, 24), "Cash at the registry")]}, _tried),
    FormRun("new victim in court", ("V",), (
        ("proceeding", ""), ("victim", "V02"), ("civil_party", "yes"),
        ("protection_requested", "Pseudonym\nScreen"), ("protection_granted", "Pseudonym"),
        ("legal_aid", "Bar of Goma")), _court_victim,
        {"victim": "V02", "civil_party": True, "requested": ("pseudonym", "screen"),
         "granted": ("pseudonym",), "legal_aid": "Bar of Goma"}, _tried_and_consenting),
    FormRun("victim in court changed", ("E", *_pick("in court")), (
        ("civil_party", "no"), ("protection_requested", "Closed hearing"),
        ("protection_granted", ""), ("legal_aid", "None")), _court_victim,
        {"victim": "V01", "civil_party": False, "requested": ("closed_hearing",),
         "granted": (), "legal_aid": "None"}, _tried),
]
FORMS = (case_form, incident_form, violation_form, victim_form, perpetrator_form,
         source_form, note_form, follow_up_form, follow_up_done_form, referral_form,
         referral_status_form, consent_form, protection_form, proceeding_form, stage_form,
         appeal_form, join_form, hearing_form, accused_form, charge_form, judgment_form,
         reparation_form, payment_form, court_victim_form)
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
    if run.prepare is not None:
        session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
        try:
            run.prepare(session, case_id)
        finally:
            session.close()
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
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        _tried(session, case_id)
    finally:
        session.close()
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
        trial = detail.proceedings[0]
        forms += [proceeding_form(app, detail, trial),
                  hearing_form(app, detail, trial.hearings[0]),
                  accused_form(app, detail, trial.accused[0]),
                  judgment_form(app, detail, trial.accused[0]),
                  reparation_form(app, detail, trial.accused[0].reparations[0]),
                  court_victim_form(app, detail, trial.victims[0])]
        lists = [(form.title_text, spec.key, len(spec.choices)) for form in forms
                 for spec in form.fields if spec.kind in ("choice", "choices")]
        assert lists and all(count for _title, _key, count in lists), [
            (title, key) for title, key, count in lists if not count]
