"""A case with one record of every kind the case file has, justice included: what the
record-kind tests (the keys of each kind) and the exchange tests (the round trip of each
kind through a file) start from."""

from __future__ import annotations

import datetime as dt

from jhro_tui.config import Settings
from jhro_tui.services import cases, links, records, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    CaseLinkForm,
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
    PaymentForm,
    ProceedingForm,
    ReparationForm,
    StageForm,
    Verdict,
)
from jhro_tui.services.session import Session, login
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import FROZEN_TODAY


def case_with_one_of_each(vault: VaultDir) -> int:
    """A draft with a record of every kind, an attachment included."""
    exchange = vault.data_dir.parent / "exchange"
    session = login(vault.paths, Settings(exchange_dir=str(exchange)), OFFICER,
                    PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm("Raid on Kiwanja",
                                                      province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja", "Night raid."))
        victim = victims.add_victim(session, case_id, VictimForm(sex="female", age=24))
        victims.give_consent(session, victim.id, "referral")
        victims.give_consent(session, victim.id, "justice")
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.add_violation(session, incident.id, ViolationForm("PROPERTY.LOOTING"),
                              victim_ids=[victim.id], perpetrator_ids=[perpetrator.id])
        records.add_source(session, case_id, SourceForm("witness", "C", 3, FROZEN_TODAY))
        cases.add_note(session, case_id, "Met the chief.")
        cases.add_follow_up(session, case_id, FollowUpForm(
            "Visit the detention centre", FROZEN_TODAY + dt.timedelta(days=2)))
        victims.add_referral(session, victim.id, ReferralForm(
            "MEDICAL.CARE", "Panzi hospital", FROZEN_TODAY - dt.timedelta(days=3)))
        folder = cases.exchange_folder(session)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        (folder / "certificate.pdf").write_bytes(b"%PDF-1.4")
        cases.add_attachment(session, case_id, "certificate.pdf")
        other = cases.create_case(session, CaseForm("Reprisals in Kiwanja",
                                                    province_code="CD-NK"))
        links.link_case(session, case_id, CaseLinkForm(other.reference, "follow_on"))
        _tried(session, case_id, victim.id, perpetrator.id)
    finally:
        session.close()
    return case_id


def _tried(session: Session, case_id: int, victim_id: int, perpetrator_id: int) -> None:
    """A proceeding with a hearing, a victim in court and an accused convicted on one
    charge, ordered to pay a reparation of which something is paid."""
    day = FROZEN_TODAY - dt.timedelta(days=10)
    proceeding = proceedings.open_proceeding(session, case_id, ProceedingForm(
        "MILITARY.TMG", "CD-NK", docket="RP 7/2026", stage="trial", stage_on=day))
    hearings.add_hearing(session, proceeding.id, HearingForm(day))
    court.add_court_victim(session, proceeding.id, CourtVictimForm(victim_id,
                                                                   civil_party=True))
    accused_id = court.add_accused(session, proceeding.id, AccusedForm(
        perpetrator_id=perpetrator_id, charges=("PENAL.RAPE",)))
    proceedings.change_stage(session, proceeding.id, StageForm("judgment", day),
                             expected_version=proceeding.version)
    [person] = proceedings.get_proceeding(session, proceeding.id).accused
    court.record_judgment(session, accused_id, JudgmentForm(day, (Verdict(
        person.charges[0].id, "convicted"),), "prison", 60), expected_version=person.version)
    reparation = court.order_reparation(session, proceeding.id, ReparationForm(
        accused_id, 5000, "USD", "V01", day))
    court.record_payment(session, reparation, PaymentForm(1000, day))
