"""Related cases: a link made from one case file shows in both, is audited on both, and
is made, seen and removed only by those who may see both cases."""

from __future__ import annotations

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.services import cases, links, workflow
from jhro_tui.services.forms import CaseLinkForm
from jhro_tui.store.models import CaseLink

from .conftest import World


def test_a_link_shows_in_both_case_files_and_is_audited_on_both(world: World) -> None:
    first = world.make_case("olga", title="Attaque de Kalehe")
    later = world.make_case("olga", title="Représailles à Kalehe")
    olga = world.login("olga")

    made = links.link_case(olga, later.case, CaseLinkForm(
        f" {first.reference.lower()} ", "follow_on", "Reprisals for the report"))

    here = cases.get_case(olga, later.case).related
    there = cases.get_case(olga, first.case).related
    assert [(r.other_reference, r.kind, r.follows_on, r.note) for r in here] == [
        (first.reference, "follow_on", True, "Reprisals for the report")]
    assert [(r.other_reference, r.kind, r.follows_on, r.created_by) for r in there] == [
        (later.reference, "follow_on", False, "olga")]
    assert here[0].id == there[0].id == made.id
    assert [row[2] for row in world.audit("case.link")] == [
        f"case:{later.reference}", f"case:{first.reference}"]


def test_a_link_to_a_case_one_may_not_see_is_refused_like_one_that_does_not_exist(
        world: World) -> None:
    goma = world.make_case("olga")
    bukavu = world.make_case("bea", title="Arrestation à Uvira")
    olga = world.login("olga")
    for reference in (bukavu.reference, "GOM-1999-0001"):
        with pytest.raises(PermissionDenied) as refused:
            links.link_case(olga, goma.case, CaseLinkForm(reference, "same_victim"))
        assert "does not exist, or you are not allowed" in str(refused.value)
    assert CaseLink.select().count() == 0
    assert [row[4] for row in world.audit("case.link")] == ["denied", "denied"]


def test_bad_links_are_refused_with_the_field_at_fault(world: World) -> None:
    made = world.make_case("olga")
    other = world.make_case("olga", title="Pillage à Minova")
    olga = world.login("olga")
    for form, field in ((CaseLinkForm(made.reference, "same_incident"), "reference"),
                        (CaseLinkForm("", "same_incident"), "reference"),
                        (CaseLinkForm(other.reference, "cousin"), "kind")):
        with pytest.raises(ValidationError) as refused:
            links.link_case(olga, made.case, form)
        assert refused.value.field == field
    links.link_case(olga, made.case, CaseLinkForm(other.reference, "same_incident"))
    with pytest.raises(ValidationError, match="already linked"):  # from the other side too
        links.link_case(olga, other.case, CaseLinkForm(made.reference, "same_incident"))
    assert CaseLink.select().count() == 1


def test_a_reader_sees_only_links_to_cases_they_may_see(world: World) -> None:
    """Sue supervises Goma and shares a Goma case with Bea (Bukavu), whose own case she
    links to it: Olga, who has the Goma case, sees no trace of the Bukavu one."""
    goma = world.make_case("olga")
    bukavu = world.make_case("bea", title="Arrestation à Uvira")
    cases.share_case(world.login("sue"), goma.case, "bea")
    links.link_case(world.login("bea"), bukavu.case,
                    CaseLinkForm(goma.reference, "same_perpetrator"))

    assert [r.other_reference for r in cases.get_case(world.login("bea"), goma.case).related
            ] == [bukavu.reference]
    assert cases.get_case(world.login("olga"), goma.case).related == ()
    assert [r.other_reference for r in cases.get_case(world.login("sam"), bukavu.case).related
            ] == []  # Sam supervises Bukavu, not Goma


def test_removing_a_link_needs_both_cases_and_a_case_open_to_change(world: World) -> None:
    goma = world.make_case("olga")
    bukavu = world.make_case("bea", title="Arrestation à Uvira")
    cases.share_case(world.login("sue"), goma.case, "bea")
    link = links.link_case(world.login("bea"), bukavu.case,
                           CaseLinkForm(goma.reference, "same_perpetrator"))
    with pytest.raises(PermissionDenied):  # Olga may not see the Bukavu case
        links.unlink_case(world.login("olga"), goma.case, link.id)
    with pytest.raises(PermissionDenied):  # nor a link of another case, by its number
        links.unlink_case(world.login("olga"), world.make_case("olga").case, link.id)
    assert CaseLink.select().count() == 1

    links.unlink_case(world.login("bea"), goma.case, link.id)
    assert CaseLink.select().count() == 0
    assert [row[2] for row in world.audit("case.unlink") if row[4] == "ok"] == [
        f"case:{goma.reference}", f"case:{bukavu.reference}"]


def test_a_closed_case_takes_no_new_link_but_may_be_linked_to(world: World) -> None:
    old = world.make_case("olga", title="Attaque de 2023")
    new = world.make_case("olga", title="Attaque de 2024")
    workflow.transition(world.login("olga"), old.case, "submitted",
                        expected_version=world.version(old.case))
    for status in ("validated", "closed"):
        workflow.transition(world.login("sue"), old.case, status,
                            expected_version=world.version(old.case))
    olga = world.login("olga")
    with pytest.raises(ValidationError, match="This case is closed"):
        links.link_case(olga, old.case, CaseLinkForm(new.reference, "same_incident"))
    links.link_case(olga, new.case, CaseLinkForm(old.reference, "follow_on"))
    assert [r.other_reference for r in cases.get_case(olga, old.case).related] == [
        new.reference]
