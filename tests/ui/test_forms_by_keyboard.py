"""How a form behaves under the keys of an officer in a hurry: the entry a list takes,
text typed in a list, a paste, a slip on ctrl+q, help, and a province's territories."""

from __future__ import annotations

import re
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from jhro_tui.config import Settings
from jhro_tui.services import cases
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from jhro_tui.store.models import Source, Victim
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from jhro_tui.ui.screens.help import HelpScreen
from jhro_tui.ui.widgets.picker import Picker
from tests.conftest import OFFICER, PASSPHRASES, VaultDir
from tests.ui.support import build_app, log_in, screen_text, settle, type_text


def _one_case(vault: VaultDir) -> int:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        return cases.create_case(session, CaseForm("Raid on Kiwanja", province_code="CD-NK")).id
    finally:
        session.close()


async def _form(pilot: Pilot[Any], case_id: int, key: str) -> FormScreen[Any]:
    await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
    pilot.app.open_case(case_id)  # type: ignore[attr-defined]
    await settle(pilot)
    assert isinstance(pilot.app.screen, CaseDetailScreen)
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def _to(pilot: Pilot[Any], form: FormScreen[Any], key: str) -> None:
    """Tab to the field ``key``, as a user would."""
    for _ in range(len(form.fields) + 1):
        focused = form.focused
        if focused is not None and (focused.id == f"field-{key}"
                                    or (focused.parent and focused.parent.id == f"field-{key}")):
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {key}")


async def test_a_list_takes_the_entry_typed_not_one_that_contains_it(vault: VaultDir) -> None:
    """"male" then Tab is Male, not Female; "b" then Enter is B, not "A: completely
    reliable"; text that matches nothing is refused, never turned into another entry."""
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _form(pilot, case_id, "p")
        await _to(pilot, form, "sex")
        await type_text(pilot, "male")
        await pilot.press("tab")
        assert form.values()["sex"] == "male"
        await _to(pilot, form, "displacement")
        await type_text(pilot, "nowhere at all")
        await pilot.press("enter")
        await pilot.pause()
        assert form.values()["displacement"] is None
        assert "“nowhere at all” is not in the list" in screen_text(app)
        assert form.query_one("#field-displacement", Picker).input.has_focus
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and Victim.select().count() == 0
        await type_text(pilot, "internally")  # typed over: the refused text was selected
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Victim.get().sex == "male" and Victim.get().displacement == "idp"

        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "witness")
        await pilot.press("enter")
        await type_text(pilot, "b")
        await pilot.press("enter")
        await type_text(pilot, "2")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        source = Source.get()
        assert (source.kind, source.reliability, source.credibility) == ("witness", "B", 2)


async def test_text_typed_in_a_list_is_an_unsaved_change(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _form(pilot, case_id, "x")
        await type_text(pilot, "fard")  # not taken yet: the field still holds nothing
        assert form.values()["category_code"] is None and form.is_dirty
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form


async def test_a_province_narrows_its_territories(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _form(pilot, case_id, "i")
        territories = form.query_one("#field-territory_code", Picker)
        assert territories.choices and all(c.group == "CD-NK" for c in territories.choices)
        await _to(pilot, form, "territory_code")
        await type_text(pilot, "rutsh")
        await pilot.press("enter")
        assert territories.value == "CD-NK.RUTSHURU"
        await _to(pilot, form, "province_code")
        await type_text(pilot, "south kivu")
        await pilot.press("enter")
        await pilot.pause()
        # Rutshuru is in North Kivu: it goes, and only South Kivu's territories are offered.
        assert territories.value is None
        assert {c.group for c in territories.choices} == {"CD-SK"}


async def test_a_multi_line_paste_in_a_one_line_field_is_joined_and_said(
        vault: VaultDir) -> None:
    from textual import events

    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        form = await _form(pilot, case_id, "e")
        title = form.query_one("#field-title", Input)
        await pilot.press("end", "ctrl+u")  # the title typed so far goes
        title.post_message(events.Paste("Raid on Kiwanja\nand Kalengera\n\nat night\n"))
        await pilot.pause()
        assert title.value == "Raid on Kiwanja and Kalengera at night"
        assert "The 3 pasted lines were joined into one" in screen_text(app)


async def test_ctrl_q_asks_before_losing_unsaved_text(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "n")
        await type_text(pilot, "The witness asked us to call after dark")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        assert "holds text that is not saved. Quit?" in screen_text(app)
        await pilot.press("ctrl+q")  # a second slip asks nothing more
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and app.is_running
        assert app.screen.values()["body"] == "The witness asked us to call after dark"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not app.is_running


async def test_ctrl_q_quits_at_once_when_nothing_is_unsaved(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "n")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_f1_in_a_form_says_how_to_fill_it(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "t")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen), app.screen_stack
        text = screen_text(app)
        assert "Tab or Enter goes to the next field" in text
        assert "form: Save" in text and "form: Next field" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)


async def test_no_empty_date_field_shows_what_looks_like_a_date(vault: VaultDir) -> None:
    """A placeholder "2026-11-25" reads as a recorded date; saved, it is no date at all."""
    from tests.ui.test_every_form import FORMS

    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        detail = await app.call_db(cases.get_case, app.require_session(), case_id)
        placeholders = [(form.title_text, spec.key, spec.placeholder)
                        for form in (make(app, detail) for make in FORMS)
                        for spec in form.fields]
    assert placeholders
    assert not [hit for hit in placeholders if re.search(r"\d{4}-\d{2}", hit[2])]


async def test_the_lock_screen_asks_for_the_passphrase_on_an_empty_enter(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Enter your passphrase." in text and "wrong passphrase" not in text


async def test_in_french_o_answers_oui_and_keys_have_french_names(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "n")
        app.set_language("fr")
        await type_text(pilot, "Appeler le témoin")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "o : oui   n : non" in screen_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert "Échap" in screen_text(app) and "Esc " not in screen_text(app)


async def test_the_french_first_run_footer_keeps_quit(tmp_path: Any) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^Q Quitter" in footer and "Aide" in footer


async def test_an_unsaved_form_comes_back_after_the_lock(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "n")
        await type_text(pilot, "The witness will call back after dark")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "after dark" not in screen_text(app)
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen) and form.draft_key == f"case:{case_id}:form:note"
        assert form.values()["body"] == "The witness will call back after dark"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert "The witness will call back after dark" in screen_text(app)


async def test_a_form_left_by_ctrl_q_is_offered_at_the_next_login(vault: VaultDir) -> None:
    case_id = _one_case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form(pilot, case_id, "n")
        await type_text(pilot, "Met the family in Kiwanja")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert "Quit? It is kept for" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
    assert not app.is_running

    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, OFFICER)
        await pilot.press("tab")
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        # The question waits for its answer: no waiting for every worker to end here.
        for _ in range(100):
            if isinstance(app.screen, ConfirmScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmScreen)
        assert "“New note” was left unsaved" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["body"] == "Met the family in Kiwanja"
        assert isinstance(app.screen_stack[-2], CaseDetailScreen)
        assert app.screen_stack[-2].case_id == case_id  # type: ignore[attr-defined]
