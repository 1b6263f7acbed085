"""Consent gates referrals; its revocation takes effect everywhere at once."""

from __future__ import annotations

import datetime as dt

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, victims, workflow
from jhro_tui.services.victims import ConsentRequired

from .conftest import World


def test_a_referral_without_consent_is_refused_and_audited(world: World) -> None:
    made = world.make_case("olga", consent_referral=False)
    session = world.login("olga")
    with pytest.raises(ConsentRequired) as caught:
        victims.add_referral(session, made.victim, forms.ReferralForm("MEDICAL.PEP_72H"))
    assert isinstance(caught.value, PermissionDenied)
    assert "V01" in caught.value.message()
    assert cases.get_case(session, made.case).referrals == ()
    assert world.audit("referral.add")[-1][4] == "denied"


def test_a_refusal_of_consent_is_recorded_and_gates_too(world: World) -> None:
    made = world.make_case("olga", consent_referral=False)
    session = world.login("olga")
    record = victims.record_consent(session, made.victim, "referral", given=False,
                                    note="Prefers to wait")
    assert (record.state, record.recorded_by) == ("refused", "olga")
    with pytest.raises(ConsentRequired):
        victims.add_referral(session, made.victim, forms.ReferralForm("PSYCHOSOCIAL"))


def test_with_consent_the_referral_follows_its_course(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    referral = victims.add_referral(session, made.victim, forms.ReferralForm(
        "MEDICAL.PEP_72H", "HEAL Africa", dt.date(2024, 3, 2)))
    assert (referral.status, referral.consent_active) == ("proposed", True)
    referral = victims.update_referral(session, referral.id, "accepted",
                                       on=dt.date(2024, 3, 3),
                                       expected_version=referral.version)
    referral = victims.update_referral(session, referral.id, "completed",
                                       on=dt.date(2024, 3, 9),
                                       expected_version=referral.version)
    assert (referral.status, referral.status_on) == ("completed", dt.date(2024, 3, 9))


def test_revoking_consent_withdraws_open_referrals_at_once(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    open_one = victims.add_referral(session, made.victim, forms.ReferralForm("PSYCHOSOCIAL"))
    done = victims.add_referral(session, made.victim, forms.ReferralForm("MEDICAL.CARE"))
    done = victims.update_referral(session, done.id, "completed",
                                   expected_version=done.version)
    revoked = victims.revoke_consent(session, made.victim, "referral", reason="Moved away")
    assert (revoked.state, revoked.revoked_by, revoked.revocation_reason) == (
        "revoked", "olga", "Moved away")
    detail = cases.get_case(session, made.case)
    by_id = {referral.id: referral for referral in detail.referrals}
    assert by_id[open_one.id].status == "withdrawn"
    assert by_id[done.id].status == "completed"  # history is not rewritten
    assert not any(referral.consent_active for referral in detail.referrals)
    assert not detail.victims[0].consents_to("referral")
    with pytest.raises(ConsentRequired):
        victims.add_referral(session, made.victim, forms.ReferralForm("LEGAL.ASSISTANCE"))
    assert world.audit("referral.withdraw")[-1][3] == f"referral={open_one.id}"


def test_an_accepted_referral_cannot_be_completed_after_revocation(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    referral = victims.add_referral(session, made.victim, forms.ReferralForm("PSYCHOSOCIAL"))
    victims.revoke_consent(session, made.victim, "referral")
    current = cases.get_case(session, made.case).referrals[0]
    with pytest.raises(ValidationError):  # withdrawn is final
        victims.update_referral(session, referral.id, "completed",
                                expected_version=current.version)


def test_nothing_to_revoke_is_said_plainly(world: World) -> None:
    made = world.make_case("olga", consent_referral=False)
    session = world.login("olga")
    with pytest.raises(ValidationError) as caught:
        victims.revoke_consent(session, made.victim, "justice")
    assert "no consent in force" in caught.value.message()


def test_consent_given_again_after_revocation_counts(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    victims.revoke_consent(session, made.victim, "referral")
    victims.give_consent(session, made.victim, "referral")
    victim = cases.get_case(session, made.case).victims[0]
    assert victim.consents_to("referral")
    assert [c.state for c in victim.consents if c.purpose == "referral"] == [
        "revoked", "given"]


def test_consent_can_be_revoked_even_on_a_closed_case(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    victims.give_consent(session, made.victim, "statistics")
    workflow.submit(session, made.case, expected_version=world.version(made.case))
    supervisor = world.login("sue")
    workflow.validate(supervisor, made.case, expected_version=world.version(made.case))
    workflow.close(supervisor, made.case, expected_version=world.version(made.case))
    session = world.login("olga")
    with pytest.raises(ValidationError):
        victims.give_consent(session, made.victim, "justice")  # closed: no new records
    victims.revoke_consent(session, made.victim, "statistics")
    assert not cases.get_case(session, made.case).victims[0].consents_to("statistics")


def test_a_new_victim_is_recorded_with_their_answers_or_not_at_all(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(ValidationError) as refused:
        victims.add_victim(session, made.case, forms.VictimForm(sex="male"),
                           consents={"documentation": True, "gossip": True})
    assert refused.value.field == "purpose"
    assert [v.code for v in cases.get_case(session, made.case).victims] == ["V01"]

    added = victims.add_victim(session, made.case, forms.VictimForm(sex="male"),
                               consents={"documentation": True, "referral": False})
    assert added.code == "V02"
    assert [(c.purpose, c.given) for c in added.consents] == [
        ("documentation", True), ("referral", False)]
    assert [row[1] for row in world.audit()[-3:]] == [
        "victim.add", "consent.record", "consent.record"]


def _clock_behind(monkeypatch: pytest.MonkeyPatch, hours: int) -> None:
    """The server's clock stepped back ``hours`` (an NTP correction, a wrong manual set)."""
    stepped = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=hours)
    monkeypatch.setattr(victims, "utc_now", lambda: stepped)


def test_a_refusal_written_while_the_clock_is_behind_still_refuses(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = world.make_case("olga")  # consent to referral given now
    session = world.login("olga")
    _clock_behind(monkeypatch, 1)
    refusal = victims.record_consent(session, made.victim, "referral", given=False)
    assert not victims.has_consent(made.victim, "referral")
    with pytest.raises(ConsentRequired):
        victims.add_referral(session, made.victim, forms.ReferralForm("PSYCHOSOCIAL"))
    victim = cases.get_case(session, made.case).victims[0]
    assert victim.consent("referral") == refusal
    assert not victim.consents_to("referral")


def test_a_withdrawal_of_documentation_consent_behind_the_clock_blocks_submission(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    _clock_behind(monkeypatch, 1)
    victims.record_consent(session, made.victim, "documentation", given=False)
    gaps = workflow.submission_gaps(session, cases.get_case(session, made.case))
    assert any(gap.check == "documentation_consent" for gap in gaps)


def test_revoking_after_a_clock_step_revokes_the_consent_in_force(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = world.make_case("olga")  # consent to referral given now
    session = world.login("olga")
    _clock_behind(monkeypatch, 2)
    given = victims.give_consent(session, made.victim, "referral")
    revoked = victims.revoke_consent(session, made.victim, "referral")
    assert revoked.id == given.id
    assert not victims.has_consent(made.victim, "referral")
