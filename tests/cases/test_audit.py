"""Every view and change of a case is audited, by whom and on what."""

from __future__ import annotations

import pytest

from .conftest import Made, World
from .test_permissions import OPS

ACTIONS = {
    "get_case": "case.view", "update_case": "case.update", "add_incident": "incident.add",
    "update_incident": "incident.update", "add_violation": "violation.add",
    "update_violation": "violation.update", "set_verification": "violation.verify",
    "link_victim": "violation.link_victim", "add_perpetrator": "perpetrator.add",
    "update_perpetrator": "perpetrator.update", "link_perpetrator": "violation.link_perpetrator",
    "add_source": "source.add", "add_victim": "victim.add", "update_victim": "victim.update",
    "review_protection": "victim.protection", "give_consent": "consent.record",
    "revoke_consent": "consent.revoke", "add_referral": "referral.add", "add_note": "note.add",
    "add_follow_up": "follow_up.add", "add_attachment": "attachment.add",
    "submit": "case.submit",
}


def test_every_service_has_its_audit_action() -> None:
    assert set(ACTIONS) == set(OPS)


@pytest.mark.parametrize("operation", sorted(OPS))
def test_a_successful_call_leaves_one_audit_row_on_the_case(world: World,
                                                            operation: str) -> None:
    made: Made = world.make_case("olga")
    session = world.login("olga")
    before = len(world.audit(ACTIONS[operation]))
    OPS[operation](session, made, world)
    rows = world.audit(ACTIONS[operation])
    assert len(rows) == before + 1
    account, _action, target, _detail, outcome = rows[-1]
    assert (account, target, outcome) == ("olga", f"case:{made.reference}", "ok")
