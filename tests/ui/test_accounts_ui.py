"""Administering over SSH, where nobody has a shell: accounts, offices, passphrases and the
language, all by keyboard inside the app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from jhro_tui.i18n import install
from jhro_tui.services import accounts
from jhro_tui.services.session import AccountInfo
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.screens.accounts import AccountsScreen
from jhro_tui.ui.screens.cases import CaseListScreen
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.screens.login import LoginScreen
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import (
    build_app,
    fill,
    log_in,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

FIRST_PASSPHRASE = "ochre river lantern 5531"
RESET_PASSPHRASE = "violet canoe harbour 7720"


async def read_accounts(app: JhroApp) -> dict[str, AccountInfo]:
    listed = await app.call_db(accounts.list_accounts, app.require_session())
    return {info.name: info for info in listed}


async def open_accounts(pilot: object, app: JhroApp) -> AccountsScreen:
    await pilot.press("f7")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, AccountsScreen), screen_text(app)
    return app.screen


async def test_an_administrator_adds_an_officer_moves_them_and_resets_their_passphrase(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        assert "F7 Accounts" in screen_text(app)
        screen = await open_accounts(pilot, app)

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "j.mukendi")
        await fill(pilot, "Jeanne Mukendi")
        await pick(pilot, "human")
        await pick(pilot, "goma")
        await pick(pilot, "fran")
        await fill(pilot, FIRST_PASSPHRASE)
        await type_text(pilot, FIRST_PASSPHRASE)
        await save_form(pilot)
        assert (await read_accounts(app))["j.mukendi"] == AccountInfo(
            "j.mukendi", "Jeanne Mukendi", "officer", "Goma", "fr", True)
        assert screen.current is not None and screen.current.name == "j.mukendi"
        assert "Jeanne Mukendi" in screen_text(app)
        assert "Added j.mukendi (Human rights officer)." in screen_text(app)

        # A new office, then the officer moved to it from the list.
        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "Bukavu")
        await save_form(pilot)
        assert "Added the office Bukavu." in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert "Role and office of j.mukendi" in screen_text(app)
        await pilot.press("tab")
        await pick(pilot, "buk")
        await save_form(pilot)
        moved = (await read_accounts(app))["j.mukendi"]
        assert (moved.role, moved.office) == ("officer", "Bukavu")
        assert "j.mukendi: Human rights officer, Bukavu." in screen_text(app)

        await pilot.press("p")
        await settle(pilot)
        assert "New passphrase for j.mukendi" in screen_text(app)
        await fill(pilot, RESET_PASSPHRASE)
        await type_text(pilot, RESET_PASSPHRASE)
        await save_form(pilot)
        assert "j.mukendi has a new passphrase" in screen_text(app)
        await pilot.press("ctrl+q")
        await settle(pilot)

    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "j.mukendi", RESET_PASSPHRASE)
        # The reset passphrase opens one session, which chooses a new one first (in French,
        # j.mukendi's language).
        assert "Choisissez une nouvelle phrase de passe" in screen_text(app)
        await fill(pilot, FIRST_PASSPHRASE)
        await type_text(pilot, FIRST_PASSPHRASE)
        await save_form(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        assert "Bukavu" in screen_text(app)


async def test_an_administrator_makes_a_supervisor_national_by_keyboard_and_reads_it_back(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        screen = await open_accounts(pilot, app)
        # Only a supervisor's form asks whose figures they read.
        await pilot.press("down")
        assert screen.current is not None and screen.current.name == OFFICER
        await pilot.press("c")
        await settle(pilot)
        assert "Role and office of officer" in screen_text(app)
        assert "Statistics of" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("down")
        assert screen.current is not None and screen.current.name == SUPERVISOR
        await pilot.press("c")
        await settle(pilot)
        assert "Statistics of" in screen_text(app)
        await pilot.press("tab", "tab")
        await pick(pilot, "every")
        await save_form(pilot)
        assert (await read_accounts(app))[SUPERVISOR].scope == "national"
        text = screen_text(app)
        assert "supervisor: Supervisor, Goma. Statistics: Every office (national)." in text
        row = next(line for line in text.splitlines() if line.startswith("supervisor "))
        assert "Goma" in row and "national" in row

        # Made an officer, the account loses the national scope with the role.
        await pilot.press("c")
        await settle(pilot)
        await pick(pilot, "human")
        assert "Statistics of" not in screen_text(app)
        await save_form(pilot)
        demoted = (await read_accounts(app))[SUPERVISOR]
        assert (demoted.role, demoted.scope) == ("officer", "office")
        row = next(line for line in screen_text(app).splitlines()
                   if line.startswith("supervisor "))
        assert "national" not in row


async def test_a_refused_new_account_says_why_on_the_form_and_forgets_the_passphrases(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        await open_accounts(pilot, app)
        await pilot.press("a")
        await settle(pilot)
        await fill(pilot, "j.mukendi")
        await pilot.press("tab", "tab", "tab", "tab")  # no office for an officer
        await fill(pilot, FIRST_PASSPHRASE)
        await type_text(pilot, FIRST_PASSPHRASE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Choose the office this account works in." in screen_text(app)
        assert form.focused is not None and form.focused.parent is not None
        assert form.focused.parent.id == "field-office"
        assert [field.value for field in form.query(Input) if field.password] == ["", ""]
        assert FIRST_PASSPHRASE not in screen_text(app)
        assert "j.mukendi" not in await read_accounts(app)


async def test_disabling_asks_first_and_the_account_then_cannot_log_in(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        screen = await open_accounts(pilot, app)
        assert "d Disable" not in screen_text(app)  # not one's own account
        await pilot.press("down")
        assert screen.current is not None and screen.current.name == OFFICER
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert (await read_accounts(app))[OFFICER].active
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not (await read_accounts(app))[OFFICER].active
        assert "Disabled officer." in screen_text(app)
        # The only session open: the database key changed at once.
        assert "A new database key is in place" in screen_text(app)
        assert (await read_accounts(app))[ADMIN].active  # the session reads on, new key
        await pilot.press("ctrl+q")
        await settle(pilot)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, LoginScreen)


async def test_the_administrator_verifies_the_audit_trail_from_the_accounts_screen(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        await open_accounts(pilot, app)
        await pilot.press("v")
        await settle(pilot)
        assert "Audit chain intact:" in screen_text(app)


async def test_officers_have_no_accounts_screen(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Accounts" not in screen_text(app)


async def test_an_officer_changes_their_passphrase_and_logs_in_with_the_new_one(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f9")
        await settle(pilot)
        assert "Change my passphrase" in screen_text(app)
        await fill(pilot, "not my passphrase at all")
        await fill(pilot, RESET_PASSPHRASE)
        await type_text(pilot, RESET_PASSPHRASE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "The current passphrase is wrong." in screen_text(app)
        assert form.focused is not None and form.focused.id == "field-current"
        await fill(pilot, PASSPHRASES[OFFICER])
        await fill(pilot, RESET_PASSPHRASE)
        await type_text(pilot, RESET_PASSPHRASE)
        await save_form(pilot)
        assert any("Your passphrase is changed" in str(note.message)
                   for note in app._notifications)
        await pilot.press("ctrl+q")
        await settle(pilot)

    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("shift+tab")
        app.screen.query_one("#account", Input).value = ""
        await log_in(pilot, OFFICER, RESET_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen), screen_text(app)


async def test_f2_at_login_opens_the_session_in_french_and_offers_to_remember_it(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            assert isinstance(app.screen, ConfirmScreen)
            assert "Mémoriser Français comme langue de votre compte ?" in screen_text(app)
            home = app.screen_stack[-2]
            assert isinstance(home, HomeScreen)
            assert app.session is not None and app.session.user.language == "en"
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            text = screen_text(app)
            assert "Chargé des droits de l'homme" in text and "Verrouiller" in text
            assert app.session.user.language == "fr"
    finally:
        install("en")


async def test_the_language_command_switches_the_case_list_to_french_and_remembers_it(
        vault: VaultDir, tmp_path: Path) -> None:
    app = build_app(vault.data_dir)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
            await pilot.press("f3")
            await settle(pilot)
            assert isinstance(app.screen, CaseListScreen)
            assert "F4 Filters" in screen_text(app)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await type_text(pilot, "session: language")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CaseListScreen)
            assert isinstance(app.screen_stack[-2], HomeScreen)
            text = screen_text(app)
            assert "F4 Filtres" in text and "Filters" not in text
            assert app.session is not None and app.session.user.language == "fr"
            await pilot.press("f2")
            await settle(pilot)
            assert "F4 Filters" in screen_text(app)
            assert app.session.user.language == "en"
    finally:
        install("en")


async def test_the_accounts_screen_comes_back_after_a_lock(vault: VaultDir) -> None:
    """Locking tears the screen down while its keys are checked: no crash, and it is
    built again after the unlock."""
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, PASSPHRASES[ADMIN])
        await open_accounts(pilot, app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "Olivier Mbuyi" not in screen_text(app)
        await type_text(pilot, PASSPHRASES[ADMIN])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        assert "Olivier Mbuyi" in screen_text(app)


async def test_a_reset_passphrase_asks_for_a_new_one_twice_before_anything_else(
        vault: VaultDir) -> None:
    from jhro_tui.security.keys import TEST_KDF
    from jhro_tui.ui.screens.accounts import ResetPassphraseForm

    admin = vault.login(ADMIN)
    try:
        accounts.change_passphrase(admin, OFFICER, RESET_PASSPHRASE, kdf=TEST_KDF)
    finally:
        admin.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, RESET_PASSPHRASE)
        assert isinstance(app.screen, ResetPassphraseForm), screen_text(app)
        assert "Choose a new passphrase" in screen_text(app)
        assert "ctrl+q: log out" in screen_text(app)
        assert "Esc: cancel" not in screen_text(app)  # Esc does not leave this form
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResetPassphraseForm)
        assert "Choose your new passphrase to go on" in screen_text(app)
        await pilot.press("f3", "ctrl+n")  # nothing else opens meanwhile
        await settle(pilot)
        assert isinstance(app.screen, ResetPassphraseForm)
        await fill(pilot, FIRST_PASSPHRASE)
        await type_text(pilot, FIRST_PASSPHRASE + "x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "The two passphrases differ." in screen_text(app)
        # Both were forgotten: typing starts again from the first.
        assert app.screen.focused is not None and app.screen.focused.id == "field-passphrase"
        await fill(pilot, FIRST_PASSPHRASE)
        await type_text(pilot, FIRST_PASSPHRASE)
        await save_form(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "Your passphrase was reset by admin on " in notes
        await pilot.press("ctrl+q")
        await settle(pilot)

    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, FIRST_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        notes = " ".join(str(note.message) for note in app._notifications)
        assert "Last login: " in notes and "no failed attempt since" in notes
        assert "Your passphrase was reset by admin on " in notes
