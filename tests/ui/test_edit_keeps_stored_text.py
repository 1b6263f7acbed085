"""An edit form edits what is stored: only what is shown is made safe.

Stored text keeps every byte (evidence integrity), control and invisible characters
included; the screen shows them as visible marks, never as themselves. Saving a form
without changing a field leaves that field as it was, byte for byte, and a form saved
without any change writes nothing at all.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from jhro_tui.config import Settings
from jhro_tui.services import cases, records, victims
from jhro_tui.services.forms import CaseForm, SourceForm, VictimForm
from jhro_tui.services.session import login
from jhro_tui.store.models import Case, Source, Victim
from jhro_tui.ui.screens.form import FormScreen
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import FROZEN_TODAY, build_app, save_form, screen_text, settle, type_text
from tests.ui.test_case_records_ui import _choose, _open_case

ODD = "line one\r\nline\ttwo\u200b \u202eevil\u202c \x1b[31mred\x1b[0m end"
"""What an import or a paste can leave in a field: CRLF, a tab, a zero-width space, a
right-to-left override, a terminal colour sequence."""


def _case_with_odd_text(vault: VaultDir) -> None:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm(title="Raid " + ODD + " Kiwanja",
                                                      narrative=ODD,
                                                      province_code="CD-NK")).id
        victims.add_victim(session, case_id, VictimForm(code="V\t1\u200b\x1b[2J", sex="female",
                                                        risk_level="low",
                                                        risk_measures=ODD,
                                                        risk_review_on=FROZEN_TODAY))
        records.add_source(session, case_id, SourceForm("witness", "B", 2, FROZEN_TODAY,
                                                        description=ODD))
    finally:
        session.close()


def _stored(vault: VaultDir) -> tuple[list[Any], list[str]]:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case = Case.get()
        victim = Victim.get()
        source = Source.get()
        values = [case.title, case.narrative, case.version, victim.code,
                  victim.risk_measures, victim.version, source.description, source.version]
        actions = [row[0] for row in session.vault.db.execute_sql(
            "SELECT action FROM audit_event ORDER BY seq")]
    finally:
        session.close()
    return values, actions


def _no_raw_control_on_screen(pilot: Pilot[Any]) -> None:
    shown = screen_text(pilot.app)  # type: ignore[arg-type]
    assert "\x1b" not in shown and "\u202e" not in shown and "\u200b" not in shown
    assert "\r" not in shown


async def test_saving_unchanged_edit_forms_keeps_stored_text_byte_for_byte(
        vault: VaultDir) -> None:
    _case_with_odd_text(vault)
    before, _actions = _stored(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_case(pilot)
        _no_raw_control_on_screen(pilot)

        await pilot.press("e")  # the case header
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value == "Raid " + ODD + " Kiwanja"
        assert form.query_one("#field-narrative", TextArea).text.replace("\r\n", "\n") \
            == ODD.replace("\r\n", "\n")
        _no_raw_control_on_screen(pilot)
        assert "␛[31mred" in screen_text(app)  # shown, as a visible mark
        await save_form(pilot)

        await _choose(pilot, "E", "victim")
        assert isinstance(app.screen, FormScreen)
        _no_raw_control_on_screen(pilot)
        await save_form(pilot)

        await _choose(pilot, "E", "source")
        assert isinstance(app.screen, FormScreen)
        _no_raw_control_on_screen(pilot)
        await save_form(pilot)
    after, actions = _stored(vault)
    assert after == before
    assert not {"case.update", "victim.update", "source.update"} & set(actions)


async def test_a_changed_field_is_written_and_the_others_keep_their_bytes(
        vault: VaultDir) -> None:
    _case_with_odd_text(vault)
    before, _actions = _stored(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_case(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        title = app.screen.query_one("#field-title", Input)
        title.focus()
        await pilot.press("end")
        await type_text(pilot, " (revised)")
        await save_form(pilot)
    after, actions = _stored(vault)
    assert after[0] == "Raid " + ODD + " Kiwanja (revised)"
    assert after[1] == before[1]  # the narrative, untouched, byte for byte
    assert after[2] == before[2] + 1
    assert actions.count("case.update") == 1
