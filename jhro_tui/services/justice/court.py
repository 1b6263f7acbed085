"""Who is tried and what the court decides: accused, charges, the judgment charge by
charge, sentences, reparations ordered and paid, and victims in court."""

from __future__ import annotations

from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import forms
from jhro_tui.services.common import bump, rules
from jhro_tui.services.detail import active_consents
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.forms import (
    AccusedForm,
    CourtVictimForm,
    JudgmentForm,
    PaymentForm,
    ReparationForm,
)
from jhro_tui.services.justice.stages import move_stage
from jhro_tui.services.justice.unit import (
    ProceedingWork,
    proceeding_record_unit,
    proceeding_unit,
    tuples,
    visible_cases,
    write_changes,
)
from jhro_tui.services.justice.views import CONVICTING, reached_trial
from jhro_tui.services.session import Session
from jhro_tui.services.validation import Rules, known_code, not_future, one_of
from jhro_tui.store.models import (
    Accused,
    Charge,
    CourtVictim,
    Perpetrator,
    ProceedingStage,
    Reparation,
    ReparationPayment,
    Victim,
    utc_now,
)

BEFORE_JUDGMENT = ("complaint", "investigation", "referral", "trial")
"""Stages a recorded judgment moves on from (to ``judgment``, on the day of it)."""


def _stamp(work: ProceedingWork) -> dict[str, Any]:
    now = utc_now()
    return {"created_by": work.who.id, "updated_by": work.who.id, "created_at": now,
            "updated_at": now}


# --- accused and charges ----------------------------------------------------------------------

def _accused_values(work: ProceedingWork, form: AccusedForm, checked: Rules
                    ) -> dict[str, Any]:
    perpetrator = None
    if form.perpetrator_id is not None:
        case_ids = [case.id for case in visible_cases(work.proceeding.id, work.who)]
        perpetrator = Perpetrator.get_or_none(Perpetrator.id == form.perpetrator_id,
                                              Perpetrator.case.in_(case_ids))
        if perpetrator is None:
            raise ValidationError("perpetrator_id", N_("Choose a perpetrator of one of the "
                                                       "proceeding's cases."))
    elif not form.name.strip():
        raise ValidationError("name", N_("Choose a perpetrator of the case, or give the "
                                         "accused's name."))
    if form.category_code:
        known_code(checked, "category_code", "perpetrator_category", form.category_code)
    for field in ("name", "rank", "unit"):
        checks.limit(field, getattr(form, field))
    category = form.category_code or (perpetrator.category_code if perpetrator else "")
    return {"perpetrator": form.perpetrator_id, "name": form.name.strip(),
            "category_code": category,
            "rank": form.rank.strip() or (perpetrator.rank if perpetrator else ""),
            "unit": form.unit.strip() or (perpetrator.unit if perpetrator else "")}


def add_accused(session: Session, proceeding_id: int, form: AccusedForm) -> int:
    """Add a person tried, with the charges they face; returns its id."""
    action = "accused.add"
    with proceeding_unit(session, proceeding_id, action) as work:
        checked = rules(session)
        values = _accused_values(work, form, checked)
        codes = list(dict.fromkeys(form.charges))
        for code in codes:
            known_code(checked, "charges", "charge", code)
        taken = {code for (code,) in tuples(Accused.select(Accused.code).where(
            Accused.proceeding == proceeding_id))}
        number = len(taken) + 1
        while f"A{number}" in taken:
            number += 1
        row = Accused.create(proceeding=proceeding_id, code=f"A{number}", **values,
                             **_stamp(work))
        for code in codes:
            Charge.create(accused=row.id, proceeding=proceeding_id, charge_code=code,
                          **_stamp(work))
        work.changed_all(action, f"accused={row.id} charges={len(codes)}")
        return int(row.id)


def update_accused(session: Session, accused_id: int, form: AccusedForm, *,
                   expected_version: int) -> None:
    action = "accused.update"
    with proceeding_record_unit(session, Accused, accused_id, action,
                                expected_version=expected_version) as work:
        values = _accused_values(work, form, rules(session))
        if write_changes(Accused, work.row, values, work.who):
            work.changed_all(action, f"accused={accused_id}")


def remove_accused(session: Session, accused_id: int, *, expected_version: int) -> None:
    action = "accused.remove"
    with proceeding_record_unit(session, Accused, accused_id, action,
                                expected_version=expected_version) as work:
        work.changed_all(action, f"accused={accused_id}")
        Accused.delete().where(Accused.id == accused_id).execute()


def add_charge(session: Session, accused_id: int, code: str) -> int:
    action = "charge.add"
    with proceeding_record_unit(session, Accused, accused_id, action) as work:
        known_code(rules(session), "charge_code", "charge", code)
        if Charge.select().where(Charge.accused == accused_id,
                                 Charge.charge_code == code).exists():
            raise ValidationError("charge_code", N_("This accused faces this charge "
                                                    "already."))
        row = Charge.create(accused=accused_id, proceeding=work.proceeding.id,
                            charge_code=code, **_stamp(work))
        work.changed_all(action, f"accused={accused_id} charge={code}")
        return int(row.id)


def remove_charge(session: Session, charge_id: int, *, expected_version: int) -> None:
    action = "charge.remove"
    with proceeding_record_unit(session, Charge, charge_id, action,
                                expected_version=expected_version) as work:
        work.changed_all(action, f"accused={work.row.accused_id} charge={work.row.charge_code}")
        Charge.delete().where(Charge.id == charge_id).execute()


# --- the judgment -------------------------------------------------------------------------------

def record_judgment(session: Session, accused_id: int, form: JudgmentForm, *,
                    expected_version: int) -> None:
    """The court's verdict on each charge an accused faces, and the sentence: one
    proceeding may end in convictions for some accused and acquittals for others."""
    action = "judgment.record"
    with proceeding_record_unit(session, Accused, accused_id, action,
                                expected_version=expected_version) as work:
        checked = rules(session)
        proceeding = work.proceeding
        stages = [stage for (stage,) in tuples(ProceedingStage.select(
            ProceedingStage.stage).where(ProceedingStage.proceeding == proceeding.id))]
        if not reached_trial(proceeding.appeal_of_id is not None, stages):
            raise ValidationError("judged_on", N_("There is no judgment without a trial: "
                                                  "move the proceeding to the trial stage "
                                                  "first."))
        judged_on = checks.day("judged_on", form.judged_on, N_("Give the day of the "
                                                               "judgment."))
        not_future(checked, "judged_on", judged_on)
        checks.not_before("judged_on", judged_on, proceeding.opened_on, N_(
            "The judgment ({date}) is before the proceeding began ({earliest})."))
        faced = {row.id: row for row in Charge.select().where(Charge.accused == accused_id)}
        verdicts: dict[int, tuple[str, str]] = {}
        for given in form.verdicts:
            if given.charge_id not in faced:
                raise ValidationError("verdicts", N_("This accused does not face that "
                                                     "charge: add the charge first."))
            if given.verdict:
                one_of("verdicts", given.verdict, forms.VERDICTS)
            requalified = given.requalified_code if given.verdict == "requalified" else ""
            if given.verdict == "requalified":
                if not requalified:
                    raise ValidationError("verdicts", N_("Give the charge it was "
                                                         "requalified as."))
                known_code(checked, "verdicts", "charge", requalified)
            verdicts[given.charge_id] = (given.verdict, requalified)
        after = {charge_id: verdicts.get(charge_id, (row.verdict, row.requalified_code))
                 for charge_id, row in faced.items()}
        if not any(verdict for verdict, _code in after.values()):
            raise ValidationError("verdicts", N_("Give the verdict on at least one charge."))
        convicted = any(verdict in CONVICTING for verdict, _code in after.values())
        checks.sentence(form.sentence_kind, form.sentence_months, convicted)
        for charge_id, (verdict, requalified) in verdicts.items():
            row = faced[charge_id]
            if (row.verdict, row.requalified_code) != (verdict, requalified):
                bump(Charge, charge_id, work.who, {Charge.verdict: verdict,
                                                   Charge.requalified_code: requalified})
        if proceeding.stage in BEFORE_JUDGMENT and judged_on >= proceeding.stage_on:
            move_stage(work.who.id, proceeding, "judgment", judged_on, "")
        bump(Accused, accused_id, work.who, {
            Accused.judged_on: judged_on, Accused.sentence_kind: form.sentence_kind,
            Accused.sentence_months: form.sentence_months})
        work.changed_all(action, f"accused={accused_id} " + " ".join(
            f"{faced[charge_id].charge_code}={verdict or '-'}"
            for charge_id, (verdict, _code) in verdicts.items()))


# --- reparations --------------------------------------------------------------------------------

def _reparation_values(work: ProceedingWork, form: ReparationForm, checked: Rules
                       ) -> dict[str, Any]:
    accused = Accused.get_or_none(Accused.id == form.accused_id,
                                  Accused.proceeding == work.proceeding.id)
    if accused is None:
        raise ValidationError("accused_id", N_("Choose an accused of this proceeding."))
    if not Charge.select().where(Charge.accused == accused.id,
                                 Charge.verdict.in_(list(CONVICTING))).exists():
        raise ValidationError("accused_id", N_("Reparations are ordered against a convicted "
                                               "accused: record the judgment first."))
    ordered_on = checks.day("ordered_on", form.ordered_on, N_("Give the day they were "
                                                              "ordered."))
    not_future(checked, "ordered_on", ordered_on)
    checks.not_before("ordered_on", ordered_on, work.proceeding.opened_on, N_(
        "The order ({date}) is before the proceeding began ({earliest})."))
    one_of("currency", form.currency, forms.CURRENCIES)
    if not form.beneficiary.strip():
        raise ValidationError("beneficiary", N_("Say to whom they are owed."))
    checks.limit("beneficiary", form.beneficiary)
    return {"accused": accused.id, "amount": checks.amount("amount", form.amount),
            "currency": form.currency, "beneficiary": form.beneficiary.strip(),
            "jointly_with_state": form.jointly_with_state, "ordered_on": ordered_on}


def order_reparation(session: Session, proceeding_id: int, form: ReparationForm) -> int:
    action = "reparation.add"
    with proceeding_unit(session, proceeding_id, action) as work:
        values = _reparation_values(work, form, rules(session))
        row = Reparation.create(proceeding=proceeding_id, **values, **_stamp(work))
        work.changed_all(action, f"reparation={row.id} {values['amount']} {form.currency}")
        return int(row.id)


def update_reparation(session: Session, reparation_id: int, form: ReparationForm, *,
                      expected_version: int) -> None:
    action = "reparation.update"
    with proceeding_record_unit(session, Reparation, reparation_id, action,
                                expected_version=expected_version) as work:
        values = _reparation_values(work, form, rules(session))
        if values["amount"] < _paid(reparation_id):
            raise ValidationError("amount", N_("More than this has been paid already."))
        if write_changes(Reparation, work.row, values, work.who):
            work.changed_all(action, f"reparation={reparation_id}")


def remove_reparation(session: Session, reparation_id: int, *, expected_version: int
                      ) -> None:
    action = "reparation.remove"
    with proceeding_record_unit(session, Reparation, reparation_id, action,
                                expected_version=expected_version) as work:
        work.changed_all(action, f"reparation={reparation_id}")
        Reparation.delete().where(Reparation.id == reparation_id).execute()


def _paid(reparation_id: int) -> int:
    return sum(amount for (amount,) in tuples(ReparationPayment.select(
        ReparationPayment.amount).where(ReparationPayment.reparation == reparation_id)))


def record_payment(session: Session, reparation_id: int, form: PaymentForm) -> int:
    """Money received against a reparation order; never more than what is still owed."""
    action = "reparation.payment"
    with proceeding_record_unit(session, Reparation, reparation_id, action) as work:
        checked = rules(session)
        amount = checks.amount("amount", form.amount)
        owed = work.row.amount - _paid(reparation_id)
        if amount > owed:
            raise ValidationError("amount", N_("This is more than is still owed "
                                               "({owed} {currency})."),
                                  owed=owed, currency=work.row.currency)
        paid_on = checks.day("paid_on", form.paid_on, N_("Give the day it was paid."))
        not_future(checked, "paid_on", paid_on)
        checks.not_before("paid_on", paid_on, work.row.ordered_on, N_(
            "The payment ({date}) is before the order ({earliest})."))
        checks.limit("note", form.note)
        row = ReparationPayment.create(reparation=reparation_id, amount=amount,
                                       paid_on=paid_on, note=form.note.strip(),
                                       recorded_by=work.who.id, recorded_at=utc_now())
        work.changed_all(action, f"reparation={reparation_id} paid={amount}")
        return int(row.id)


def remove_payment(session: Session, payment_id: int) -> None:
    action = "reparation.payment.remove"
    row = ReparationPayment.get_or_none(ReparationPayment.id == payment_id)
    reparation_id = row.reparation_id if row is not None else 0
    with proceeding_record_unit(session, Reparation, reparation_id, action) as work:
        ReparationPayment.delete().where(ReparationPayment.id == payment_id,
                                         ReparationPayment.reparation == reparation_id
                                         ).execute()
        work.changed_all(action, f"reparation={reparation_id} payment={payment_id}")


# --- victims in court ----------------------------------------------------------------------------

def _victim_values(form: CourtVictimForm) -> dict[str, Any]:
    for field, codes in (("protection_requested", form.protection_requested),
                         ("protection_granted", form.protection_granted)):
        for code in codes:
            one_of(field, code, forms.PROTECTION_MEASURES)
    checks.limit("legal_aid", form.legal_aid)
    return {"civil_party": form.civil_party,
            "protection_requested": " ".join(dict.fromkeys(form.protection_requested)),
            "protection_granted": " ".join(dict.fromkeys(form.protection_granted)),
            "legal_aid": form.legal_aid.strip()}


def add_court_victim(session: Session, proceeding_id: int, form: CourtVictimForm) -> int:
    """A victim of one of the proceeding's cases, in court: only with their consent to
    share with judicial authorities."""
    action = "court_victim.add"
    with proceeding_unit(session, proceeding_id, action) as work:
        case_ids = [case.id for case in visible_cases(proceeding_id, work.who)]
        victim = Victim.get_or_none(Victim.id == form.victim_id, Victim.case.in_(case_ids))
        if victim is None:
            raise ValidationError("victim_id", N_("Choose a victim of one of the "
                                                  "proceeding's cases."))
        if victim.id not in active_consents([victim.id], "justice"):
            raise ValidationError("victim_id", N_("This victim has not consented to sharing "
                                                  "with judicial authorities: record that "
                                                  "consent first."))
        if CourtVictim.select().where(CourtVictim.proceeding == proceeding_id,
                                      CourtVictim.victim == victim.id).exists():
            raise ValidationError("victim_id", N_("This victim is in the proceeding "
                                                  "already."))
        row = CourtVictim.create(proceeding=proceeding_id, victim=victim.id,
                                 **_victim_values(form), **_stamp(work))
        work.changed_all(action, f"victim={victim.id}")
        return int(row.id)


def update_court_victim(session: Session, court_victim_id: int, form: CourtVictimForm, *,
                        expected_version: int) -> None:
    action = "court_victim.update"
    with proceeding_record_unit(session, CourtVictim, court_victim_id, action,
                                expected_version=expected_version) as work:
        if work.row.victim_id not in active_consents([work.row.victim_id], "justice"):
            raise ValidationError("victim_id", N_("This victim's consent to sharing with "
                                                  "judicial authorities is not in force."))
        if write_changes(CourtVictim, work.row, _victim_values(form), work.who):
            work.changed_all(action, f"victim={work.row.victim_id}")


def remove_court_victim(session: Session, court_victim_id: int, *, expected_version: int
                        ) -> None:
    action = "court_victim.remove"
    with proceeding_record_unit(session, CourtVictim, court_victim_id, action,
                                expected_version=expected_version) as work:
        work.changed_all(action, f"victim={work.row.victim_id}")
        CourtVictim.delete().where(CourtVictim.id == court_victim_id).execute()

