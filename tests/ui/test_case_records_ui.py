"""Changing and removing the records of a case file by keyboard: E and Del."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from jhro_tui.config import Settings
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.offices import create_office
from jhro_tui.services.session import login
from jhro_tui.store.models import Attachment, Source, Victim
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from jhro_tui.ui.widgets.picker import Picker
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir, services_today
from tests.ui.support import (
    FROZEN_TODAY,
    HOSTILE_TEXT,
    build_app,
    log_in,
    officer_presses,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)


def _documented_case(vault: VaultDir, *, submitted: bool = False,
                     attachment: bytes = b"", locality: str = "Kiwanja") -> None:
    exchange_dir = vault.data_dir.parent / "exchange"
    session = login(vault.paths, Settings(exchange_dir=str(exchange_dir)), OFFICER,
                    PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm(title="Raid on Kiwanja",
                                                      province_code="CD-NK")).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", locality, "Night raid."))
        first = victims.add_victim(session, case_id, VictimForm(
            name="Furaha Bahati", sex="female", age=24))
        second = victims.add_victim(session, case_id, VictimForm(sex="male"))
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        violation = records.add_violation(
            session, incident.id, ViolationForm("PROPERTY.LOOTING"), victim_ids=[first.id],
            perpetrator_ids=[perpetrator.id])
        records.add_source(session, case_id, SourceForm("witness", "B", 2, FROZEN_TODAY))
        with services_today(FROZEN_TODAY - dt.timedelta(days=10)):
            cases.add_follow_up(session, case_id, FollowUpForm(
                "Visit the detention centre", FROZEN_TODAY - dt.timedelta(days=2)))
        if attachment:
            wrong = exchange_dir / OFFICER / "another-case.pdf"
            wrong.parent.mkdir(parents=True, exist_ok=True)
            wrong.write_bytes(attachment)
            cases.add_attachment(session, case_id, wrong.name)
            wrong.unlink()
        if submitted:  # what the office requires of a submitted case
            records.link_victim(session, violation.id, second.id)
            for victim in (first, second):
                victims.give_consent(session, victim.id, "documentation")
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
        # Its list opens on the recorded choice, not on the first of the list.
        territories = form.query_one("#field-territory_code", Picker)
        highlighted = territories.query_one(OptionList).highlighted
        assert highlighted is not None and highlighted > 0
        assert territories._shown[highlighted].code == "CD-NK.RUTSHURU"
        await _retype(pilot, "locality", "Kibirizi")
        await save_form(pilot)
        text = screen_text(app)
        assert "March 2024  North Kivu  Rutshuru  Kibirizi" in text

        # The violation: V02 linked in place of V01; the perpetrator stays.
        await _choose(pilot, "E", "looting")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["type_code"] == "PROPERTY.LOOTING"
        assert app.screen.values()["victims"] == str(Victim.get(Victim.code == "V01").id)
        app.screen.query_one("#field-victims").focus()
        await pick(pilot, "V02")  # Enter adds it, and stays in the field
        await pick(pilot, "V01")  # chosen already: Enter takes it out
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

        # A follow-up put off: no longer overdue.
        await pilot.press("9")  # its section
        await pilot.pause()
        assert "OVERDUE  Visit the detention centre" in screen_text(app)
        await _choose(pilot, "E", "visit")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["due_on"] == "2026-11-23"
        await _retype(pilot, "due_on", "2026-12-02")
        await save_form(pilot)
        assert "2 Dec 2026  due  Visit the detention centre  officer" in screen_text(app)


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


async def test_a_submitted_case_keeps_its_documentation_but_not_a_wrong_attachment(
        vault: VaultDir) -> None:
    """Once submitted, nothing of the documentation can be changed or removed; its
    follow-ups can still be changed, and an attachment added by mistake removed (both
    may still be added)."""
    _documented_case(vault, submitted=True, attachment=b"not this case's report")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open_case(pilot)
        # Each key's one record is chosen already, and nothing of the documentation is.
        for key, offered in (("E", "Follow-up: Visit the detention centre"),
                             ("delete", "Attachment: another-case.pdf")):
            if app.screen is not screen:
                await pilot.press("escape")  # out of the previous key's picker
                await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)
            assert offered in text and "Incident of" not in text
        await pilot.press("enter")  # the attachment
        await settle(pilot)
        assert "Remove the attachment “another-case.pdf” (22 bytes)?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert Attachment.select().count() == 0
        assert "another-case.pdf" not in screen_text(app)


async def test_the_supervisor_stops_sharing_a_case_from_its_file(vault: VaultDir) -> None:
    _documented_case(vault)
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    try:
        create_office(session, "Kindu")
        create_account(session, NewAccount("kindu-officer", "officer", "Kim Kindu", "Kindu"),
                       "river lantern copper 8812", kdf=TEST_KDF)
    finally:
        session.close()
    session = login(vault.paths, Settings(), SUPERVISOR, PASSPHRASES[SUPERVISOR])
    try:
        cases.share_case(session, 1, "kindu-officer")
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, SUPERVISOR, PASSPHRASES[SUPERVISOR])
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Shared with  kindu-officer" in screen_text(app)
        await pilot.press("g")
        await settle(pilot)
        app.screen.query_one("#field-unshare").focus()
        await pick(pilot, "kindu")
        await save_form(pilot)
        assert "Shared with" not in screen_text(app)


async def test_stored_text_is_shown_as_text_in_the_choosers_and_questions(
        vault: VaultDir) -> None:
    _documented_case(vault, locality=HOSTILE_TEXT)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_case(pilot)
        for key in ("E", "delete"):
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)  # the locality, literal (wrapped after "[bold")
            assert "red]Kivu[/] ␛]2;pwned␇ [link=https://x]y[/link]" in text
            assert "\x1b" not in text and "\x07" not in text
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
        await _choose(pilot, "E", "incident")
        assert isinstance(app.screen, FormScreen)
        text = screen_text(app)
        assert "Kivu[/] ␛]2;pwned␇" in text and "\x1b" not in text
