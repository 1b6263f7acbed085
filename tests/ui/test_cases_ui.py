"""Case files through the keyboard: create, document, find, and what must stay hidden."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from jhro_tui.config import Settings
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases as cases_service
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.cases import create_case
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.listing import CaseQuery, list_cases
from jhro_tui.services.offices import create_office
from jhro_tui.services.session import login
from jhro_tui.ui import key_scheduler
from jhro_tui.ui.screens import cases as cases_screen
from jhro_tui.ui.screens import login as login_screen
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.cases import CaseListScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.screens.lock import LockScreen
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir, services_today
from tests.ui.support import (
    FROZEN_TODAY,
    HOSTILE_TEXT,
    build_app,
    fill,
    log_in,
    officer_presses,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

BUKAVU = "bukavu-officer"
BUKAVU_PASSPHRASE = "river lantern copper 8812"


async def open_case_list(pilot: Pilot[Any], key: str) -> None:
    """Log in as the officer and open the case list with ``key`` (F3: the list, ctrl+f:
    its search box)."""
    await officer_presses(pilot, key, CaseListScreen)


async def edit_first_case(pilot: Pilot[Any]) -> None:
    """Log in as the officer and open the edit form of the first case of the list."""
    await open_case_list(pilot, "f3")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]


async def new_case_at_province(pilot: Pilot[Any], title: str, narrative: str = "") -> None:
    """Log in as the officer, open a new case form, and fill it up to the province."""
    await officer_presses(pilot, "ctrl+n", FormScreen)
    await fill(pilot, title)
    await type_text(pilot, narrative)
    await pilot.press("tab")


async def test_create_a_case_with_incident_victim_and_violation_by_keyboard(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_case_at_province(pilot, "Attack on Kanyaruchinya camp",
                                   "Soldiers looted the maternity ward at dawn.")
        await pick(pilot, "nord-kivu")
        await save_form(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert "Attack on Kanyaruchinya camp" in screen_text(app)
        # An incident…
        await pilot.press("i")
        await settle(pilot)
        await fill(pilot, "2024-03")
        await pilot.press("tab")  # no end date
        await pilot.press("tab")  # province prefilled from the case
        await pick(pilot, "nyiragongo")
        await fill(pilot, "Kanyaruchinya")
        await type_text(pilot, "Night attack on the camp.")
        await save_form(pilot)
        # …a victim…
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")  # code, name, contact
        await pick(pilot, "female")
        await fill(pilot, "24")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)
        # …and a violation linking them.
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("tab")  # the incident is chosen already
        await pick(pilot, "looting")
        await pilot.press("tab")  # verification: reported
        await pick(pilot, "V01")
        await save_form(pilot)
        text = screen_text(app)
        assert "March 2024" in text  # the month precision is kept
        assert "V01" in text
        assert "Looting" in text or "looting" in text.lower()


async def test_a_picker_shows_its_choices_while_the_user_types_in_it(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await officer_presses(pilot, "ctrl+n", FormScreen)
        assert "South Kivu" not in screen_text(app)
        await pilot.press("tab", "tab")  # title, narrative: the province
        await type_text(pilot, "kivu")
        await settle(pilot)
        text = screen_text(app)
        assert "South Kivu" in text and "North Kivu" in text, text
        await pilot.press("down", "enter")  # the second one, and on to the next field
        await settle(pilot)
        text = screen_text(app)
        assert "North Kivu" in text and "South Kivu" not in text, text


async def _case_for(vault: VaultDir, title: str, narrative: str, account: str = OFFICER,
                    passphrase: str | None = None, priority: str = "normal") -> int:
    session = login(vault.paths, Settings(), account, passphrase or PASSPHRASES[account])
    try:
        return create_case(session, CaseForm(title=title, narrative=narrative,
                                             province_code="CD-NK", priority=priority)).id
    finally:
        session.close()


async def test_find_a_case_by_a_word_of_its_narrative(vault: VaultDir) -> None:
    await _case_for(vault, "Arrests in Rutshuru", "Nine men held without charge at the "
                    "garrison.")
    await _case_for(vault, "Displacement in Masisi", "Families fled the shelling.")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "ctrl+f")
        assert "2 cases" in screen_text(app)
        await type_text(pilot, "garris")  # a prefix of a word of the narrative
        await pilot.pause(0.3)
        await settle(pilot)
        text = screen_text(app)
        assert "1 case" in text and "Arrests in Rutshuru" in text
        assert "Displacement in Masisi" not in text
        await pilot.press("enter")  # leaves the search box for the list
        await pilot.press("enter")  # opens the case
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert "Nine men held" in screen_text(app)


async def test_a_word_is_searched_from_its_third_letter_or_once_a_space_ends_it(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters that do not change what is searched neither query nor audit again."""
    await _case_for(vault, "Arrests in Rutshuru", "Nine men held at the garrison.")
    await _case_for(vault, "Displacement in Masisi", "Families fled the shelling.")
    searched: list[str] = []
    find_cases = cases_screen.find_cases

    def recording(session: Any, query: CaseQuery, limit: int = 100) -> Any:
        searched.append(query.text)
        return find_cases(session, query, limit)

    monkeypatch.setattr(cases_screen, "find_cases", recording)
    app = build_app(vault.data_dir)

    async def press(key: str) -> str:
        await pilot.press(key)
        await pilot.pause(0.3)  # each key a burst of its own: the list follows at once
        await settle(pilot)
        return screen_text(app)

    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "ctrl+f")
        searched.clear()
        await press("g")
        assert "2 cases" in await press("a")
        assert searched == []
        text = await press("r")
        assert "1 case" in text and "Arrests in Rutshuru" in text
        assert "0 cases" in await press("space")  # "gar", a whole word, is in no case
        assert "1 case" in await press("backspace")
        assert searched == ["gar", "gar ", "gar"]


async def test_filters_keep_the_search_and_the_list_shows_what_they_find(
        vault: VaultDir) -> None:
    await _case_for(vault, "Arrests in Rutshuru", "Men held at the garrison.", priority="urgent")
    await _case_for(vault, "Arrests in Goma", "Held at the garrison.")
    await _case_for(vault, "Displacement in Masisi", "Families fled.", priority="urgent")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "ctrl+f")
        await type_text(pilot, "garrison")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "2 cases" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab")  # status: any
        await pick(pilot, "urgent")
        await save_form(pilot)
        text = screen_text(app)
        assert "1 case" in text and "Arrests in Rutshuru" in text
        assert "Arrests in Goma" not in text and "Displacement in Masisi" not in text
        assert app.screen.query_one("#case-search", Input).value == "garrison"
        await pilot.press("f4")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.focus_field("date_from")
        await type_text(pilot, "2024-13-45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # a bad date: the form says so and stays
        assert str(form.query_one("#form-message").render()).strip()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # leave without saving
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen)
        assert "1 case" in screen_text(app) and "Arrests in Rutshuru" in screen_text(app)


NAMED_KEYS = {"/": ("slash", "/"), "\r": ("enter", "\r"), "\x06": ("ctrl+f", "\x06"),
              "\x1b": ("escape", "\x1b"), "F3": ("f3", None), "Down": ("down", None),
              "End": ("end", None), "Left": ("left", None),
              " ": ("space", " ")}


def burst(app: Any, *texts: str) -> None:
    """Keys as a terminal delivers a fast typist's (or a slow link's) burst: all at once,
    none waiting for the one before to be handled. ``texts``: characters, or names of
    keys ("F3", "Down", "End", "Left")."""
    for text in texts:
        for char in [text] if text in NAMED_KEYS else text:
            key, character = NAMED_KEYS.get(char, (char, char))
            event = events.Key(key, character)
            event.set_sender(app)
            app._driver.send_message(event)


async def test_keys_typed_while_the_next_screen_is_read_go_to_that_screen(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each screen below is read before it is put up; keys typed meanwhile (on a slow
    link, or by a fast typist) are for it, not for the screen still showing."""
    first = await _case_for(vault, "Arrests in Rutshuru", "Men held at the garrison.")
    await _case_for(vault, "Displacement in Masisi", "Families fled.")

    def slowly(function: Any) -> Any:
        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(0.3)  # a large caseload, a slow disk, Argon2 on a slow machine
            return function(*args, **kwargs)
        return slow

    monkeypatch.setattr(login_screen, "login", slowly(login))
    monkeypatch.setattr(cases_service, "get_case", slowly(cases_service.get_case))
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, OFFICER)
        await pilot.press("tab")
        # The passphrase, Enter and F3 in one burst: the passphrase whole, and F3 for the
        # home screen that comes once it is checked.
        burst(app, PASSPHRASES[OFFICER] + "\r", "F3")
        await pilot.pause(1.0)
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen), screen_text(app)

        await pilot.press("escape")
        await settle(pilot)
        burst(app, "\x06garrison")  # ctrl+f and a word, from home
        await pilot.pause(0.5)
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen), screen_text(app)
        assert app.screen.query_one("#case-search", Input).value == "garrison"
        assert "1 case" in screen_text(app)

        await pilot.press("escape", "escape")  # clear the search; then, empty, home
        await settle(pilot)
        # From home: the list, the second case down, open it, edit it.
        burst(app, "F3", "Down", "\r", "e")
        await pilot.pause(1.0)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), screen_text(app)
        detail = app.screen_stack[-2]
        assert isinstance(detail, CaseDetailScreen) and detail.case_id == first, \
            "the case the arrow chose"


async def test_editing_keys_typed_in_one_burst_keep_their_order(vault: VaultDir) -> None:
    """Textual gives a field its printable keys at once but runs its bindings (End, the
    arrows) only once the key has gone back up: in a burst, the text came first. Over a
    slow link, End then text replaced the whole (selected) title."""
    await _case_for(vault, "Arrests in Rutshuru", "Men held at the garrison.")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_first_case(pilot)
        burst(app, "End", " X", "Left", "Left", "y")
        await pilot.pause(0.5)
        await settle(pilot)
        assert app.screen.query_one("#field-title", Input).value == "Arrests in Rutshuruy X"


async def test_a_key_lost_on_its_way_does_not_stop_the_keys_after_it(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "ctrl+f")
        monkeypatch.setattr(key_scheduler, "KEY_ROUND_LIMIT", 0.2)
        monkeypatch.setattr(app.keys, "_behind", lambda widget, then: None)  # never comes back
        burst(app, "ab")
        await pilot.pause(1.5)
        assert app.screen.query_one("#case-search", Input).value == "ab"


async def test_keys_typed_while_a_form_saves_go_where_the_user_will_be(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused: back into the form. Saved: to the case file below it, not into fields
    about to close."""
    case_id = await _case_for(vault, "Arrests in Rutshuru", "Men held at the garrison.")
    update_case = cases_service.update_case

    def slow_update(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return update_case(*args, **kwargs)

    monkeypatch.setattr(cases_service, "update_case", slow_update)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_first_case(pilot)
        title = app.screen.query_one("#field-title", Input)
        title.value = ""
        await pilot.press("ctrl+s")
        burst(app, "Arrests")  # while the refusal is on its way
        await pilot.pause(0.8)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-title", Input).value == "Arrests"

        await type_text(pilot, " at the garrison")
        await pilot.press("ctrl+s")
        burst(app, "e")  # while it saves: edit the case again, once saved
        await pilot.pause(1.0)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), screen_text(app)
        assert app.screen.query_one("#field-title", Input).value == \
            "Arrests at the garrison"
        detail = app.screen_stack[-2]
        assert isinstance(detail, CaseDetailScreen) and detail.case_id == case_id


async def test_keys_typed_after_unlocking_go_to_the_screens_brought_back(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await officer_presses(pilot, "ctrl+l", LockScreen)
        burst(app, "wrong horse battery 1\r", PASSPHRASES[OFFICER] + "\r", "F3")
        await pilot.pause(1.5)
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen), screen_text(app)


async def test_keys_are_held_no_longer_than_the_limit(vault: VaultDir,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A screen that never comes (a read cancelled before it began) must not swallow the
    keyboard: held keys go where they would have gone."""
    monkeypatch.setattr(key_scheduler, "KEY_HOLD_LIMIT", 0.3)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.hold_keys()  # never released
        burst(app, "F3")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, CaseListScreen)
        await pilot.pause(0.6)
        await settle(pilot)
        assert isinstance(app.screen, CaseListScreen), screen_text(app)


async def test_a_search_typed_in_one_burst_from_the_list_lands_in_the_search_box(
        vault: VaultDir) -> None:
    await _case_for(vault, "Arrests in Rutshuru", "Men held at the garrison.")
    await _case_for(vault, "Displacement in Masisi", "Families fled.")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "f3")
        assert app.screen.query_one(VirtualTable).has_focus
        burst(app, "/garrison/x")
        await pilot.pause(0.3)
        await settle(pilot)
        search = app.screen.query_one("#case-search", Input)
        assert search.value == "garrison/x"  # "/" typed in the box is text
        await pilot.press("backspace", "backspace")
        await pilot.pause(0.3)
        await settle(pilot)
        text = screen_text(app)
        assert "1 case" in text and "Arrests in Rutshuru" in text


async def test_hostile_search_syntax_and_titles_are_harmless(vault: VaultDir) -> None:
    await _case_for(vault, HOSTILE_TEXT, "ordinary narrative")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_case_list(pilot, "ctrl+f")
        text = screen_text(app)
        assert "[bold red]Kivu[/]" in text and "\x1b" not in text
        for hostile in ('"unclosed', "NEAR(", "a AND OR b", "-(", "*", "'; DROP TABLE"):
            search = app.screen.query_one("#case-search", Input)
            search.value = ""
            await type_text(pilot, hostile)
            await pilot.pause(0.3)
            await settle(pilot)
            assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        text = screen_text(app)
        assert "[bold red]Kivu[/]" in text and "[link=https://x]y[/link]" in text
        assert "\x1b" not in text


async def test_officer_cannot_reach_a_case_of_another_office(vault: VaultDir) -> None:
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    try:
        create_office(session, "Bukavu")
        create_account(session, NewAccount(BUKAVU, "officer", "Bea Bukavu", "Bukavu"),
                       BUKAVU_PASSPHRASE, kdf=TEST_KDF)
    finally:
        session.close()
    secret = await _case_for(vault, "Bukavu secret case", "Only Bukavu may read this.",
                             BUKAVU, BUKAVU_PASSPHRASE)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_case_list(pilot, "f3")
        assert "0 cases" in screen_text(app)
        assert app.screen.query_one(VirtualTable).total == 0
        await type_text(pilot, "Bukavu")
        await settle(pilot)
        await app.push_screen(CaseDetailScreen(secret))  # as if a stale link were followed
        await settle(pilot)
        assert not isinstance(app.screen, CaseDetailScreen)
        assert "Bukavu secret case" not in screen_text(app)
        assert "Only Bukavu" not in screen_text(app)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        assert list_cases(session, CaseQuery(text="Bukavu")) == []
    finally:
        session.close()


async def test_locking_with_a_form_open_hides_its_text_and_brings_it_back_after_unlock(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await officer_presses(pilot, "ctrl+n", FormScreen)
        await type_text(pilot, "ZZ-UNSAVED-TITLE")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not any(isinstance(screen, FormScreen) for screen in app.screen_stack)
        assert "ZZ-UNSAVED-TITLE" not in screen_text(app)
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "ZZ-UNSAVED-TITLE" in screen_text(app)


async def test_attach_a_file_and_save_it_back_with_a_plaintext_warning(
        vault: VaultDir, tmp_path: Any) -> None:
    case_id = await _case_for(vault, "Evidence case", "with a medical certificate")
    folder = tmp_path / "exchange" / OFFICER  # where sftp puts the officer's files
    folder.mkdir(parents=True)
    (folder / "certificate.txt").write_bytes(b"medical certificate of V01")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await app.push_screen(CaseDetailScreen(case_id))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert str(folder) in screen_text(app)
        await pick(pilot, "certif")
        await type_text(pilot, "Heal Africa certificate, signed")
        await save_form(pilot)
        assert "certificate.txt" in screen_text(app)
        assert "Heal Africa certificate, signed" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "NOT encrypted" in screen_text(app)
        await pick(pilot, "certificate")
        await type_text(pilot, "out.txt")
        await save_form(pilot)
    exported = folder / "out.txt"
    assert exported.read_bytes() == b"medical certificate of V01"
    assert exported.stat().st_mode & 0o777 == 0o600


async def test_a_case_read_while_the_screen_locks_is_never_shown(vault: VaultDir) -> None:
    from jhro_tui.ui.screens.lock import LockScreen

    case_id = await _case_for(vault, "Arrestation à Uvira", "Détention au cachot.")
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.open_case(case_id)  # the case is being read on the database thread …
        await pilot.press("ctrl+l")  # … when the officer locks
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert not any(isinstance(screen, CaseDetailScreen) for screen in app.screen_stack)
        assert "Uvira" not in screen_text(app)


async def test_follow_ups_referrals_and_protection_move_on_from_the_case_file(
        vault: VaultDir) -> None:
    """d marks a follow-up done, u moves a referral on, c reviews a victim's protection;
    a review without its next date is refused on the form and changes nothing."""
    from jhro_tui.services import victims
    from jhro_tui.services.forms import FollowUpForm, ReferralForm, VictimForm

    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = create_case(session, CaseForm(title="Arrests in Rutshuru",
                                                province_code="CD-NK")).id
        victim = victims.add_victim(session, case_id, VictimForm(sex="female"))
        victims.give_consent(session, victim.id, "referral")
        victims.add_referral(session, victim.id, ReferralForm("MEDICAL.CARE", "Panzi hospital"))
        with services_today(FROZEN_TODAY - dt.timedelta(days=10)):
            cases_service.add_follow_up(session, case_id, FollowUpForm(
                "Visit the detention centre", FROZEN_TODAY - dt.timedelta(days=2)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    # Tall enough to show the follow-ups below the victim's five consents.
    async with app.run_test(size=(100, 46)) as pilot:
        await open_case_list(pilot, "f3")
        await pilot.press("enter")
        await settle(pilot)
        assert "OVERDUE  Visit the detention centre" in screen_text(app)

        await pilot.press("d")  # the one follow-up is chosen, "done" too
        await settle(pilot)
        await save_form(pilot)
        assert "done  Visit the detention centre" in screen_text(app)

        await pilot.press("u")  # the one open referral is chosen
        await settle(pilot)
        await pilot.press("tab")
        await pick(pilot, "accepted")
        await save_form(pilot)
        assert "Panzi hospital  Accepted" in screen_text(app)

        await pilot.press("c")  # the one victim is chosen
        await settle(pilot)
        await pilot.press("tab")
        await pick(pilot, "high")
        await pilot.press("ctrl+s")  # no date for the next review
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "needs a date for its next review" in screen_text(app)
        await fill(pilot, "2026-12-05")
        await type_text(pilot, "Moved to a safe house.")
        await save_form(pilot)
        text = screen_text(app)
        assert "risk:  High  review on 5 Dec 2026" in text
        assert "Moved to a safe house." in text


async def test_leaving_a_picker_takes_what_its_text_highlights_and_refuses_what_matches_nothing(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        await new_case_at_province(pilot, "Night raid on Kiwanja")
        await type_text(pilot, "zzz-nowhere")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "“zzz-nowhere” is not in the list" in screen_text(app)
        assert app.screen.query_one("#field-province_code").has_focus_within
        await type_text(pilot, "sud-ki")  # over the text, selected for it
        await pilot.press("tab")  # South Kivu is highlighted: Tab takes it, as Enter would
        await settle(pilot)
        assert app.screen.query_one("#field-province_code").value == "CD-SK"
        await save_form(pilot)
        assert "South Kivu" in screen_text(app)
