"""Saving a record unchanged writes nothing: no new version, no audit row, the stored
bytes as they were."""

from __future__ import annotations

import dataclasses

from jhro_tui.services import cases, forms, records, victims
from jhro_tui.store.models import Case, Incident, Victim

from .conftest import World

ODD = "Témoin\r\n\tB\u200b \u202eA\u202c \x1b[31mrouge\x1b[0m "


def test_a_case_saved_as_stored_keeps_its_bytes_and_its_version(world: World) -> None:
    session = world.login("olga")
    made = cases.create_case(session, forms.CaseForm("Raid", ODD, province_code="CD-NK"))
    with session.vault.write():  # as an import could leave it: edges untrimmed
        Case.update(title="\tRaid " + ODD).where(Case.id == made.id).execute()
    stored = Case.get_by_id(made.id)
    cases.update_case(session, made.id, forms.CaseForm(
        stored.title, stored.narrative, province_code="CD-NK", opened_on=stored.opened_on),
        expected_version=stored.version)
    after = Case.get_by_id(made.id)
    assert (after.title, after.narrative, after.version) == (
        stored.title, stored.narrative, stored.version)
    assert world.audit("case.update") == []


def test_records_saved_as_stored_write_nothing(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    victim = Victim.get_by_id(made.victim)
    incident = Incident.get_by_id(made.incident)
    detail = cases.get_case(session, made.case)
    form = forms.VictimForm(code=victim.code, sex=victim.sex, age=victim.age,
                            age_group=victim.age_group)
    victims.update_victim(session, made.victim, form, expected_version=victim.version)
    (view,) = detail.incidents
    records.update_incident(session, made.incident, forms.IncidentForm(
        view.date, view.province_code, view.territory_code, view.locality,
        view.description), expected_version=incident.version)
    assert Victim.get_by_id(made.victim).version == victim.version
    assert Incident.get_by_id(made.incident).version == incident.version
    assert world.audit("victim.update") == world.audit("incident.update") == []
    changed = victims.update_victim(session, made.victim, dataclasses.replace(form, age=25),
                                    expected_version=victim.version)
    assert (changed.age, changed.version) == (25, victim.version + 1)
    assert len(world.audit("victim.update")) == 1
