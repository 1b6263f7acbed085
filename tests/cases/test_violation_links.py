"""A violation and who it concerns change together, in one unit of work, or not at all."""

from __future__ import annotations

import pytest

from jhro_tui.errors import Conflict, ValidationError
from jhro_tui.services import forms, records, victims
from jhro_tui.store.models import PerpetratorInvolvement, VictimViolation, Violation

from .conftest import World

KILLING = forms.ViolationForm("LIFE.SUMMARY_EXECUTION")


def _links(violation_id: int) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(victim, involvement) and (perpetrator, role) linked to a violation."""
    return ({(link.victim_id, link.involvement) for link in
             VictimViolation.select().where(VictimViolation.violation == violation_id)},
            {(link.perpetrator_id, link.role) for link in
             PerpetratorInvolvement.select()
             .where(PerpetratorInvolvement.violation == violation_id)})


def test_a_new_violation_is_added_with_its_victim_and_perpetrator_or_not_at_all(
        world: World) -> None:
    made = world.make_case("olga")
    other = world.make_case("bea")  # another office's victim: not part of this case
    session = world.login("olga")
    before = Violation.select().count()
    with pytest.raises(ValidationError) as refused:
        records.add_violation(session, made.incident, KILLING,
                              victim_ids=[made.victim, other.victim])
    assert refused.value.field == "victim"
    assert Violation.select().count() == before  # the violation went with the refusal

    added = records.add_violation(session, made.incident, KILLING,
                                  victim_ids=[made.victim], perpetrator_ids=[made.perpetrator])
    assert [v.victim_id for v in added.victims] == [made.victim]
    assert [p.perpetrator_id for p in added.perpetrators] == [made.perpetrator]
    assert [row[1] for row in world.audit()[-3:]] == [
        "violation.add", "violation.link_victim", "violation.link_perpetrator"]


def test_changing_a_violation_makes_its_links_those_given_and_keeps_how_they_were_involved(
        world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    records.link_victim(session, made.violation, made.victim, "indirect")
    second = victims.add_victim(session, made.case, forms.VictimForm(sex="male"))
    version = Violation.get_by_id(made.violation).version

    changed = records.update_violation(
        session, made.violation, forms.ViolationForm("SGBV.RAPE", "Two attackers"),
        expected_version=version, victim_ids={made.victim, second.id}, perpetrator_ids=set())
    assert _links(made.violation) == ({(made.victim, "indirect"), (second.id, "direct")},
                                      set())
    assert changed.description == "Two attackers"
    assert world.audit("violation.unlink_perpetrator")[-1][3] == (
        f"violation={made.violation} perpetrator={made.perpetrator}")

    # None leaves the links as they are.
    records.update_violation(session, made.violation, forms.ViolationForm("SGBV.RAPE"),
                             expected_version=changed.version)
    assert len(_links(made.violation)[0]) == 2


def test_a_stale_violation_changes_neither_itself_nor_its_links(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(Conflict):
        records.update_violation(session, made.violation, KILLING,
                                 expected_version=7, victim_ids=set(), perpetrator_ids=set())
    assert Violation.get_by_id(made.violation).type_code == "SGBV.RAPE"
    assert _links(made.violation) == ({(made.victim, "direct")},
                                      {(made.perpetrator, "direct")})
