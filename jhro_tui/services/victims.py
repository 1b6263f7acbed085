"""Victims, their consent, protection reviews and referrals.

Identity fields (name, contact) are seen and set only by the assigned officer and the
office supervisor, and each reading of them is audited. Consent is recorded per purpose;
the latest record for a purpose is the one in force, and a revocation takes effect at
once: open referrals are withdrawn in the same transaction, and every later check reads
the consent table itself (nothing caches it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services import access
from jhro_tui.services.access import DOCUMENTATION, FOLLOW_UP, NOTES, Actor, CaseWork
from jhro_tui.services.common import (
    account_names,
    bump,
    changed_values,
    rules,
)
from jhro_tui.services.dates import today
from jhro_tui.services.detail import (
    active_consents,
    consent_view,
    referral_view,
    victim_view,
)
from jhro_tui.services.forms import (
    CONSENT_PURPOSES,
    OPEN_REFERRAL_STATUSES,
    ProtectionForm,
    ReferralForm,
    VictimForm,
)
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import (
    age_group_of,
    from_today,
    one_of,
    validate_consent_purpose,
    validate_protection,
    validate_referral,
    validate_referral_status,
    validate_victim,
)
from jhro_tui.services.views import ConsentView, ReferralView, VictimIdentity, VictimView
from jhro_tui.store.models import Case, Consent, Referral, Victim, utc_now

REFERRAL_STEPS = {
    "proposed": ("accepted", "refused", "withdrawn", "completed"),
    "accepted": ("completed", "refused", "withdrawn"),
}


class ConsentRequired(PermissionDenied):
    """The victim has not consented to this use of their information."""

    default_template = N_("{code} has not given consent to referral (or has withdrawn it): "
                          "record their consent before referring them.")


def _victim_view(victim_id: int, case: Case, who: Actor) -> VictimView:
    row = Victim.get_by_id(victim_id)
    names = account_names()
    consents = tuple(consent_view(c, names) for c in
                     Consent.select().where(Consent.victim == victim_id)
                     .order_by(Consent.id))
    return victim_view(row, consents, allowed=access.can_see_identity(case, who),
                       reveal=False)


def _next_code(case_id: int) -> str:
    taken = {code for (code,) in cast("Iterable[tuple[str]]",
                                      Victim.select(Victim.code).where(Victim.case == case_id)
                                      .tuples())}
    number = len(taken) + 1
    while f"V{number:02d}" in taken:
        number += 1
    return f"V{number:02d}"


def _check_identity_change(form: VictimForm, work: CaseWork) -> None:
    if (form.name is not None or form.contact is not None) and not access.can_see_identity(
            work.case, work.who):
        raise work.denied("identity fields not allowed", action="victim.identity.update")


def victim_values(form: VictimForm) -> dict[str, Any]:
    """The stored columns of a (validated) victim form, identity fields excluded."""
    return {"sex": form.sex, "age": form.age, "age_group": age_group_of(form),
            "disability": form.disability, "displacement": form.displacement,
            "risk_level": form.risk_level, "risk_measures": form.risk_measures,
            "risk_review_on": form.risk_review_on if form.risk_level != "none" else None}


def _unique_code(case_id: int, code: str, victim_id: int | None = None) -> None:
    clash = Victim.select().where(Victim.case == case_id, Victim.code == code)
    if victim_id is not None:
        clash = clash.where(Victim.id != victim_id)
    if clash.exists():
        raise ValidationError("code", N_("Another victim of this case already has the code "
                                         "{code}."), code=code)


def add_victim(session: Session, case_id: int, form: VictimForm, *,
               consents: Mapping[str, bool] | None = None) -> VictimView:
    """Add a victim (draft cases); a code is made when none is given. ``consents``: what
    the victim answered, per purpose, recorded with them in the same unit of work."""
    with access.case_unit(session, case_id, "victim.add", section=DOCUMENTATION) as work:
        case, who = work.case, work.who
        _check_identity_change(form, work)
        checks = rules(session)
        validate_victim(form, checks)
        from_today(checks, "risk_review_on", form.risk_review_on)
        code = form.code.strip() or _next_code(case.id)
        _unique_code(case.id, code)
        now = utc_now()
        row = Victim.create(case=case.id, code=code, name=form.name or "",
                            contact=form.contact or "", created_by=who.id, updated_by=who.id,
                            created_at=now, updated_at=now, **victim_values(form))
        work.changed("victim.add", f"victim={row.id}")
        if consents:
            access.require_section(case, FOLLOW_UP)
            for purpose, given in consents.items():
                validate_consent_purpose(purpose)
                _record_consent(work, row, purpose, given, "", today(session.settings))
        view = _victim_view(row.id, case, who)
    return view


def update_victim(session: Session, victim_id: int, form: VictimForm, *,
                  expected_version: int) -> VictimView:
    """Change a victim (draft cases). ``name``/``contact`` None leave them unchanged."""
    with access.record_unit(session, Victim, victim_id, "victim.update",
                            section=DOCUMENTATION) as work:
        row, case, who = work.row, work.case, work.who
        _check_identity_change(form, work)
        work.check_version(expected_version)
        checks = rules(session)
        validate_victim(form, checks)
        from_today(checks, "risk_review_on", form.risk_review_on, recorded=row.risk_review_on)
        code = row.code if form.code == row.code else (form.code.strip() or row.code)
        _unique_code(case.id, code, row.id)
        values = {**victim_values(form), "code": code}
        if form.name is not None:
            values["name"] = form.name
        if form.contact is not None:
            values["contact"] = form.contact
        changes = changed_values(row, values, {"risk_measures": form.risk_measures})
        if changes:
            bump(Victim, row.id, who, {getattr(Victim, name): value
                                       for name, value in changes.items()})
            detail = f"victim={row.id}"
            if "name" in changes or "contact" in changes:
                detail += " identity"
            work.changed("victim.update", detail)
        view = _victim_view(row.id, case, who)
    return view


def remove_victim(session: Session, victim_id: int, *, expected_version: int) -> None:
    """Delete a victim with their consent records and referrals (draft cases)."""
    with access.record_unit(session, Victim, victim_id, "victim.remove",
                            section=DOCUMENTATION, expected_version=expected_version) as work:
        Victim.delete().where(Victim.id == victim_id).execute()
        work.changed("victim.remove", f"victim={victim_id}")


def reveal_identity(session: Session, victim_id: int) -> VictimIdentity:
    """A victim's name and contact (assigned officer or office supervisor), audited."""
    subject = f"victim:{victim_id}"
    with access.record_unit(session, Victim, victim_id, "victim.identity.view") as work:
        if not access.can_see_identity(work.case, work.who):
            raise work.denied("not assigned officer or supervisor", target=subject)
        work.audit("victim.identity.view", work.subject, target=subject)
    return VictimIdentity(work.row.id, work.row.name, work.row.contact)


def review_protection(session: Session, victim_id: int, form: ProtectionForm, *,
                      expected_version: int) -> VictimView:
    """Record a protection-risk review: level, measures and the next review date."""
    with access.record_unit(session, Victim, victim_id, "victim.protection",
                            section=FOLLOW_UP, expected_version=expected_version) as work:
        row, case, who = work.row, work.case, work.who
        checks = rules(session)
        validate_protection(form, checks)
        from_today(checks, "risk_review_on", form.risk_review_on, recorded=row.risk_review_on)
        bump(Victim, row.id, who, {
            Victim.risk_level: form.risk_level, Victim.risk_measures: form.risk_measures,
            Victim.risk_review_on: form.risk_review_on if form.risk_level != "none" else None})
        work.changed("victim.protection", f"victim={row.id} level={form.risk_level}")
        view = _victim_view(row.id, case, who)
    return view


# --- consent -----------------------------------------------------------------------------------

def _latest_consent(victim_id: int, purpose: str) -> Consent | None:
    """The record last written for ``purpose`` (see ``detail.active_consents``)."""
    return cast("Consent | None",
                Consent.select().where(Consent.victim == victim_id, Consent.purpose == purpose)
                .order_by(Consent.id.desc()).first())


def record_consent(session: Session, victim_id: int, purpose: str, *, given: bool = True,
                   note: str = "") -> ConsentView:
    """Record that the victim gave (or refused) informed consent for ``purpose``."""
    validate_consent_purpose(purpose)
    with access.record_unit(session, Victim, victim_id, "consent.record",
                            section=FOLLOW_UP) as work:
        row = _record_consent(work, work.row, purpose, given, note, today(session.settings))
        view = consent_view(row, account_names())
    return view


def _record_consent(work: CaseWork, victim: Victim, purpose: str, given: bool, note: str,
                    day: dt.date) -> Consent:
    if given is not True and given is not False:
        raise ValidationError("given", N_("Unknown value {value}: choose one from the "
                                          "list."), value=given)
    row = Consent.create(victim=victim.id, purpose=purpose, given=given, note=note,
                         recorded_by=work.who.id, recorded_at=utc_now())
    withdrawn = []
    if not given:
        withdrawn = _withdraw_referrals(work, victim.id, purpose, day)
    work.changed("consent.record", f"victim={victim.id} purpose={purpose} given={int(given)}"
                 + (f" withdrawn={len(withdrawn)}" if withdrawn else ""))
    return row


def revoke_consent(session: Session, victim_id: int, purpose: str, *, reason: str = ""
                   ) -> ConsentView:
    """Withdraw consent for ``purpose``; takes effect at once, whatever the case's status.

    Revoking consent to referral withdraws the victim's open referrals in the same
    transaction.
    """
    validate_consent_purpose(purpose)
    with access.record_unit(session, Victim, victim_id, "consent.revoke",
                            section=NOTES) as work:
        victim = work.row
        latest = _latest_consent(victim.id, purpose)
        if latest is None or not latest.given or latest.revoked_at is not None:
            raise ValidationError("purpose", N_("There is no consent in force for {purpose} "
                                                "to withdraw."),
                                  purpose=_(CONSENT_PURPOSES[purpose]))
        Consent.update(revoked_at=utc_now(), revoked_by=work.who.id,
                       revocation_reason=reason.strip()).where(
            Consent.id == latest.id).execute()
        withdrawn = _withdraw_referrals(work, victim.id, purpose, today(session.settings))
        work.changed("consent.revoke",
                     f"victim={victim.id} purpose={purpose} withdrawn={len(withdrawn)}")
        view = consent_view(Consent.get_by_id(latest.id), account_names())
    return view


def _withdraw_referrals(work: CaseWork, victim_id: int, purpose: str, day: dt.date
                        ) -> list[int]:
    if purpose != "referral":
        return []
    open_ids = [referral_id for (referral_id,) in
                cast("Iterable[tuple[int]]",
                     Referral.select(Referral.id).where(
                         Referral.victim == victim_id,
                         Referral.status.in_(OPEN_REFERRAL_STATUSES)).tuples())]
    for referral_id in open_ids:
        bump(Referral, referral_id, work.who, {
            Referral.status: "withdrawn", Referral.status_on: day,
            Referral.comment: _("Consent to referral withdrawn.")})
        work.audit("referral.withdraw", f"referral={referral_id}")
    return open_ids


def has_consent(victim_id: int, purpose: str) -> bool:
    """Whether the victim's consent for ``purpose`` is in force now (read fresh)."""
    return victim_id in active_consents([victim_id], purpose)


# --- referrals -----------------------------------------------------------------------------------

def _refuse_without_consent(work: CaseWork, victim: Victim) -> None:
    if not has_consent(victim.id, "referral"):
        raise work.denied(f"victim={victim.id} no consent", ConsentRequired(code=victim.code))


def add_referral(session: Session, victim_id: int, form: ReferralForm) -> ReferralView:
    """Refer a victim to a service; refused (and audited) without consent to referral."""
    with access.record_unit(session, Victim, victim_id, "referral.add",
                            section=FOLLOW_UP) as work:
        victim, case, who = work.row, work.case, work.who
        validate_referral(form, rules(session))
        _refuse_without_consent(work, victim)
        proposed_on = form.proposed_on or today(session.settings)
        now = utc_now()
        row = Referral.create(victim=victim.id, case=case.id, service_code=form.service_code,
                              provider=form.provider.strip(), proposed_on=proposed_on,
                              status="proposed", status_on=proposed_on, comment=form.comment,
                              created_by=who.id, updated_by=who.id, created_at=now,
                              updated_at=now)
        work.changed("referral.add",
                     f"referral={row.id} victim={victim.id} service={form.service_code}")
    return referral_view(row, victim.code, True, load_catalog())


def update_referral(session: Session, referral_id: int, status: str, *,
                    on: dt.date | None = None, comment: str = "",
                    expected_version: int) -> ReferralView:
    """Move a referral on: proposed → accepted → completed, or refused / withdrawn.

    Accepting or completing needs the victim's consent to referral in force.
    """
    one_of("status", status, {code: code for steps in REFERRAL_STEPS.values()
                              for code in steps})
    with access.record_unit(session, Referral, referral_id, "referral.update",
                            section=FOLLOW_UP, expected_version=expected_version) as work:
        row, who = work.row, work.who
        if status not in REFERRAL_STEPS.get(row.status, ()):
            raise ValidationError("status", N_("A referral that is {status} cannot become "
                                               "{target}."), status=row.status, target=status)
        day = on or today(session.settings)
        validate_referral_status(status, day, row.proposed_on, rules(session))
        victim = Victim.get_by_id(row.victim_id)
        if status in ("accepted", "completed"):
            _refuse_without_consent(work, victim)
        bump(Referral, row.id, who, {Referral.status: status, Referral.status_on: day,
                                     Referral.comment: comment or row.comment})
        work.changed("referral.update", f"referral={row.id} {row.status}->{status}")
        row = Referral.get_by_id(row.id)
    return referral_view(row, victim.code, has_consent(victim.id, "referral"), load_catalog())


def give_consent(session: Session, victim_id: int, purpose: str, *, note: str = ""
                 ) -> ConsentView:
    """Record informed consent given for ``purpose``."""
    return record_consent(session, victim_id, purpose, given=True, note=note)
