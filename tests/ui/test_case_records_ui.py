"""Changing and removing the records of a case file by keyboard: E and Del."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from jhro_tui.config import Settings
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    IncidentForm,
    PerpetratorForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.session import login
from jhro_tui.store.models import Source, Victim
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import (
    FROZEN_TODAY,
    build_app,
    officer_presses,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)


def _documented_case(vault: VaultDir, *, submitted: bool = False) -> None:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm(title="Raid on Kiwanja",
                                                      province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja", "Night raid."))
        first = victims.add_victim(session, case_id, VictimForm(
            name="Furaha Bahati", sex="female", age=24))
        victims.add_victim(session, case_id, VictimForm(sex="male"))
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.add_violation(session, incident.id, ViolationForm("PROPERTY.LOOTING"),
                              victim_ids=[first.id], perpetrator_ids=[perpetrator.id])
        records.add_source(session, case_id, SourceForm("witness", "B", 2, FROZEN_TODAY))
        if submitted:
            workflow.transition(session, case_id, "submitted", expected_version=1)
    finally:
        session.close()


async def _open_case(pilot: Pilot[Any]) -> CaseDetailScreen:
    await officer_presses(pilot, "f3", object)  # type: ignore[arg-type]
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CaseDetailScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def _choose(pilot: Pilot[Any], key: str, record: str) -> None:
    """Press ``key`` on the case file and choose the record that ``record`` finds."""
    await pilot.press(key)
    await settle(pilot)
    await type_text(pilot, record)
    await pilot.press("enter")  # takes the record and goes on, without ctrl+s
    await settle(pilot)


async def _retype(pilot: Pilot[Any], field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#field-{field}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")  # everything left of the cursor
    await type_text(pilot, text)


async def test_records_are_changed_from_forms_filled_with_what_is_recorded(
        vault: VaultDir) -> None:
    _documented_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_case(pilot)

        await _choose(pilot, "E", "incident")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["date"] == "2024-03"  # the month, as it was recorded
        assert form.values()["locality"] == "Kiwanja"
        assert form.values()["territory_code"] == "CD-NK.RUTSHURU"
        await _retype(pilot, "locality", "Kibirizi")
        await save_form(pilot)
        text = screen_text(app)
        assert "March 2024  North Kivu  Rutshuru  Kibirizi" in text

        # The violation: V02 linked in place of V01; the perpetrator stays.
        await _choose(pilot, "E", "looting")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["type_code"] == "PROPERTY.LOOTING"
        app.screen.query_one("#field-victim").focus()
        await pick(pilot, "V02")
        await pick(pilot, "V01")  # the next field: unlink a victim
        await save_form(pilot)
        text = screen_text(app)
        assert "Victims:  V02" in text
        assert "Perpetrators:  March 23 Movement" in text

        # A victim whose name is hidden: the form leaves the name out, and keeps it.
        await _choose(pilot, "E", "V01")
        assert isinstance(app.screen, FormScreen)
        assert "name" not in app.screen.values()
        assert "show them first (ctrl+r" in screen_text(app)
        await _retype(pilot, "age", "25")
        await save_form(pilot)
        assert "■  V01  Female  25" in screen_text(app)
        assert Victim.get(Victim.code == "V01").name == "Furaha Bahati"


async def test_a_record_is_removed_only_once_confirmed(vault: VaultDir) -> None:
    _documented_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _open_case(pilot)
        await _choose(pilot, "delete", "witness")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove this source (Witness)?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert Source.select().count() == 1

        await _choose(pilot, "delete", "witness")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert Source.select().count() == 0
        assert "Sources\nNothing recorded." in "\n".join(
            line.strip() for line in screen_text(app).splitlines())

        # An incident goes with its violations, as the question says.
        await _choose(pilot, "delete", "incident")
        assert "Remove the incident of March 2024 and its violation?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "Looting" not in screen_text(app)


async def test_a_submitted_case_offers_neither_change_nor_removal(vault: VaultDir) -> None:
    _documented_case(vault, submitted=True)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_case(pilot)
        assert screen.check_action("pick", ("edit",)) is False
        await pilot.press("E", "delete")
        await settle(pilot)
        assert app.screen is screen
