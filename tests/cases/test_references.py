"""Case references count per office: a new case's reference says nothing of the volume of
other offices."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services import cases, forms, offices

from .conftest import World


def test_each_office_numbers_its_own_cases(world: World) -> None:
    goma = world.login("olga")
    first = cases.create_case(goma, forms.CaseForm("Attaque de Kalehe",
                                                   opened_on=dt.date(2024, 3, 2)))
    second = cases.create_case(goma, forms.CaseForm("Arrestations à Sake",
                                                    opened_on=dt.date(2024, 5, 9)))
    bukavu = world.login("bea")
    theirs = cases.create_case(bukavu, forms.CaseForm("Pillage à Kavumu",
                                                      opened_on=dt.date(2024, 6, 1)))
    goma = world.login("olga")
    third = cases.create_case(goma, forms.CaseForm("Enlèvement", opened_on=dt.date(2024, 7, 1)))
    next_year = cases.create_case(goma, forms.CaseForm("Détention",
                                                       opened_on=dt.date(2025, 1, 3)))
    assert [first.reference, second.reference, third.reference, next_year.reference] == [
        "GOM-2024-0001", "GOM-2024-0002", "GOM-2024-0003", "GOM-2025-0001"]
    assert theirs.reference == "BUK-2024-0001"


def test_offices_get_distinct_codes_from_their_names(world: World) -> None:
    admin = world.login("admin")
    offices.create_office(admin, "Gombe")
    offices.create_office(admin, "Équateur Mbandaka")
    offices.create_office(admin, "Gomaville")
    from jhro_tui.store.models import Office

    codes = {office.name: office.code for office in Office.select()}
    assert codes["Goma"] == "GOM"
    assert codes["Gombe"] == "GOM2"
    assert codes["Gomaville"] == "GOM3"
    assert codes["Équateur Mbandaka"] == "EQU"
    assert len(set(codes.values())) == len(codes)
