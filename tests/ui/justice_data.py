"""Court work in the fixture vault, recorded through the services as an officer would: a
validated case of the Goma office, proceedings about it (one with a hearing next week, one
with no hearing since the winter) and a mobile court session that heard several."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jhro_tui.services import cases, forms, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.justice import court, hearings, proceedings, sessions
from jhro_tui.services.justice.forms import (
    AccusedForm,
    HearingForm,
    JudgmentForm,
    ProceedingForm,
    ReleaseForm,
    SessionForm,
    Verdict,
)
from jhro_tui.store.models import Case
from tests.conftest import OFFICER, SUPERVISOR, VaultDir

SESSION_START = dt.date(2026, 11, 2)


@dataclass(frozen=True)
class Court:
    case_id: int
    reference: str
    soon: int
    """A proceeding whose next hearing is next week."""
    stalled: int
    """A proceeding with no hearing since it opened in January."""
    session_id: int


def validated_case(vault: VaultDir) -> tuple[int, str]:
    session = vault.login(OFFICER)
    try:
        made = cases.create_case(session, forms.CaseForm(
            "Attaque de Kalehe", "Des hommes armés ont attaqué le village.",
            province_code="CD-SK"))
        incident = records.add_incident(session, made.id, forms.IncidentForm(
            PartialDate.parse("2025-03"), "CD-SK", "CD-SK.KALEHE", "Bushushu", "Pillage"))
        violation = records.add_violation(session, incident.id,
                                          forms.ViolationForm("SGBV.RAPE"))
        victim = victims.add_victim(session, made.id, forms.VictimForm(
            name="Furaha Bahati", sex="female", age=24))
        perpetrator = records.add_perpetrator(session, made.id,
                                              forms.PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.link_victim(session, violation.id, victim.id)
        records.link_perpetrator(session, violation.id, perpetrator.id)
        victims.give_consent(session, victim.id, "documentation")
        workflow.submit(session, made.id, expected_version=Case.get_by_id(made.id).version)
    finally:
        session.close()
    session = vault.login(SUPERVISOR)
    try:
        workflow.validate(session, made.id, expected_version=Case.get_by_id(made.id).version)
    finally:
        session.close()
    return made.id, made.reference


def record_court_work(vault: VaultDir) -> Court:
    case_id, reference = validated_case(vault)
    session = vault.login(OFFICER)
    try:
        soon = proceedings.open_proceeding(session, case_id, ProceedingForm(
            "CIVIL.TGI", "CD-SK", docket="RP 101", stage="trial",
            stage_on=dt.date(2026, 6, 1)))
        hearings.add_hearing(session, soon.id, HearingForm(
            dt.date(2026, 11, 20), postponed=True, reason="Witness absent",
            next_on=dt.date(2026, 12, 1)))
        stalled = proceedings.open_proceeding(session, case_id, ProceedingForm(
            "MILITARY.TMG", "CD-SK", docket="RP 7", stage="investigation",
            stage_on=dt.date(2026, 1, 10)))
        mobile = sessions.open_session(session, SessionForm(
            "MOBILE.TMG", "CD-SK", SESSION_START, SESSION_START + dt.timedelta(days=11),
            territory_code="CD-SK.KALEHE", locality="Minova"))
        for number, (charge, verdicts) in enumerate((
                ("PENAL.RAPE", ("convicted", "acquitted")),
                ("PENAL.MURDER", ("convicted",)),
                ("PENAL.THEFT", ("dismissed",)),
                ("PENAL.THEFT", ("",)))):
            heard = proceedings.open_proceeding(session, case_id, ProceedingForm(
                "MOBILE.TMG", "CD-SK", "CD-SK.KALEHE", f"RP {200 + number}", "trial",
                SESSION_START, session_id=mobile.id))
            for accused in range(len(verdicts)):
                court.add_accused(session, heard.id, AccusedForm(
                    name=f"Accusé {number}-{accused}", charges=(charge,)))
            for person, verdict in zip(proceedings.get_proceeding(session, heard.id).accused,
                                       verdicts, strict=True):
                if verdict:
                    court.record_judgment(session, person.id, JudgmentForm(
                        SESSION_START + dt.timedelta(days=3),
                        (Verdict(person.charges[0].id, verdict),),
                        "prison" if verdict == "convicted" else "",
                        60 if verdict == "convicted" else None),
                        expected_version=person.version)
        sessions.record_release(session, mobile.id, ReleaseForm(
            12, SESSION_START + dt.timedelta(days=11), "unlawful_detention"))
    finally:
        session.close()
    return Court(case_id, reference, soon.id, stalled.id, mobile.id)
