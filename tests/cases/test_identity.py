"""Victims' names and contacts: hidden by default, shown only to the assigned officer and
the office supervisor, every showing audited, never indexed for search."""

from __future__ import annotations

import pytest

from jhro_tui.errors import PermissionDenied
from jhro_tui.services import cases, forms, victims

from .conftest import World


def test_identity_is_hidden_unless_asked_for(world: World) -> None:
    made = world.make_case("olga", victim_name="Neema Kahindo")
    detail = cases.get_case(world.login("olga"), made.case)
    victim = detail.victims[0]
    assert victim.identity is None and victim.has_identity and victim.identity_allowed
    assert "Neema" not in repr(detail)
    assert world.audit("victim.identity.view") == []


def test_the_assigned_officer_reveals_identity_and_it_is_audited(world: World) -> None:
    made = world.make_case("olga", victim_name="Neema Kahindo")
    session = world.login("olga")
    identity = victims.reveal_identity(session, made.victim)
    assert (identity.name, identity.contact) == ("Neema Kahindo", "+243 81 000 0000")
    detail = cases.get_case(session, made.case, reveal_identity=True)
    assert detail.victims[0].identity is not None
    rows = world.audit("victim.identity.view")
    assert [(row[0], row[2], row[4]) for row in rows] == [
        ("olga", f"victim:{made.victim}", "ok"), ("olga", f"victim:{made.victim}", "ok")]


def test_the_office_supervisor_may_see_identity(world: World) -> None:
    made = world.make_case("olga")
    assert victims.reveal_identity(world.login("sue"), made.victim).name == "Furaha Bahati"


def test_an_officer_the_case_is_shared_with_sees_the_case_not_the_names(world: World) -> None:
    made = world.make_case("olga")
    cases.share_case(world.login("sue"), made.case, "bea")
    session = world.login("bea")
    detail = cases.get_case(session, made.case)
    assert not detail.can_see_identity and not detail.victims[0].identity_allowed
    for call in (lambda: victims.reveal_identity(session, made.victim),
                 lambda: cases.get_case(session, made.case, reveal_identity=True),
                 lambda: victims.update_victim(
                     session, made.victim, forms.VictimForm(code="V01", name="Other"),
                     expected_version=1),
                 lambda: victims.add_victim(session, made.case,
                                            forms.VictimForm(name="Someone"))):
        with pytest.raises(PermissionDenied):
            call()
    denied = [row for row in world.audit() if row[4] == "denied"]
    assert [row[0] for row in denied[-4:]] == ["bea"] * 4
    # An update that leaves identity alone is fine, and keeps it.
    victims.update_victim(session, made.victim, forms.VictimForm(code="V01", age=25),
                          expected_version=1)
    assert victims.reveal_identity(world.login("olga"), made.victim).name == "Furaha Bahati"


def test_names_are_not_searchable(world: World) -> None:
    world.make_case("olga", victim_name="Zawadi Unega")
    session = world.login("olga")
    assert cases.count_cases(session, cases.CaseQuery(text="Zawadi")) == 0
    assert cases.count_cases(session, cases.CaseQuery(text="V01")) == 1
