"""Saving over someone else's change is refused, says who and when, and writes nothing."""

from __future__ import annotations

import pytest

from jhro_tui.errors import Conflict
from jhro_tui.services import cases, forms, victims, workflow
from jhro_tui.store.models import Case, Victim

from .conftest import World


def test_a_stale_case_header_is_refused_with_who_and_when(world: World) -> None:
    made = world.make_case("olga")
    seen = world.version(made.case)
    cases.update_case(world.login("sue"), made.case,
                      forms.CaseForm("Sue's title", "Sue's narrative"),
                      expected_version=seen)
    session = world.login("olga")
    with pytest.raises(Conflict) as caught:
        cases.update_case(session, made.case, forms.CaseForm("Olga's title"),
                          expected_version=seen)
    assert caught.value.who == "sue"
    assert "sue" in caught.value.message()
    assert str(caught.value.when.year) in caught.value.message()
    row = Case.get_by_id(made.case)
    assert (row.title, row.narrative) == ("Sue's title", "Sue's narrative")
    assert world.audit("case.update")[-1][0] == "sue"


def test_a_stale_section_row_is_refused(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    victims.update_victim(session, made.victim, forms.VictimForm(code="V01", age=30),
                          expected_version=1)
    with pytest.raises(Conflict):
        victims.update_victim(session, made.victim, forms.VictimForm(code="V01", age=31),
                              expected_version=1)
    assert Victim.get_by_id(made.victim).age == 30


def test_a_workflow_step_on_a_stale_version_is_refused(world: World) -> None:
    made = world.make_case("olga")
    seen = world.version(made.case)
    session = world.login("olga")
    cases.update_case(session, made.case, forms.CaseForm("Changed"), expected_version=seen)
    with pytest.raises(Conflict):
        workflow.submit(session, made.case, expected_version=seen)
    assert Case.get_by_id(made.case).status == "draft"


def test_adding_notes_does_not_conflict_with_editing_the_header(world: World) -> None:
    made = world.make_case("olga")
    seen = world.version(made.case)
    cases.add_note(world.login("sue"), made.case, "A note in the meantime")
    assert world.version(made.case) == seen
    session = world.login("olga")
    saved = cases.update_case(session, made.case, forms.CaseForm("Fine"),
                              expected_version=seen)
    assert (saved.title, saved.version) == ("Fine", seen + 1)
    detail = cases.get_case(session, made.case)
    assert (detail.title, detail.version) == ("Fine", seen + 1)
    assert [(note.author, note.body) for note in detail.notes] == [
        ("sue", "A note in the meantime")]
    assert world.audit("note.add")[-1][:2] + world.audit("note.add")[-1][4:] == (
        "sue", "note.add", "ok")
    assert world.audit("case.update")[-1][:2] + world.audit("case.update")[-1][4:] == (
        "olga", "case.update", "ok")
