"""The TUI shell as a user meets it: first run, login, lock, help, palette, languages."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, Label, Static

from jhro_tui.config import Settings
from jhro_tui.services.session import login
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.screens.help import HelpScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.screens.lock import LockScreen
from jhro_tui.ui.screens.login import LoginScreen
from jhro_tui.ui.screens.wizard import WizardScreen
from jhro_tui.ui.widgets.key_bar import KeyBar
from tests.conftest import ADMIN, FULL_NAMES, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import (
    FakeClock,
    build_app,
    log_in,
    officer_presses,
    screen_text,
    settle,
    type_text,
)

NEW_PASSPHRASE = "ginger elephant trumpet 5521"


async def test_first_run_wizard_to_home_by_keyboard_only(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await type_text(pilot, "chief")
        await pilot.press("tab")
        await type_text(pilot, "Chantal Mwamba")
        await pilot.press("tab", "tab")
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("tab")
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert "Press Enter to log in as chief" in screen_text(app)
        assert (tmp_path / "data" / "keyring.json").exists()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#account", Input).value == "chief"
        # What is typed next is the passphrase: it goes to its masked field, never to the
        # account's, in the clear.
        assert app.screen.focused is app.screen.query_one("#passphrase", Input)
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Chantal Mwamba" in screen_text(app)
        assert "Administrator" in screen_text(app)
        assert "^L Lock" in screen_text(app)  # the footer is there for every role


async def test_wizard_refuses_a_common_password_and_a_mismatch(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "chief")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "password1234")
        await pilot.press("tab")
        await type_text(pilot, "password1234")
        await pilot.press("enter")
        await settle(pilot)
        assert "common passwords" in screen_text(app)
        assert not (tmp_path / "data" / "keyring.json").exists()
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("tab")
        await type_text(pilot, NEW_PASSPHRASE + "x")
        await pilot.press("enter")
        await settle(pilot)
        assert "differ" in screen_text(app)
        assert not (tmp_path / "data" / "keyring.json").exists()


async def test_login_reaches_home_with_name_role_and_office(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert FULL_NAMES[OFFICER] in text
        assert "Human rights officer" in text and "Goma" in text
        assert "^L" in text and "Lock" in text  # the footer shows the keys that apply


async def test_wrong_passphrase_says_so_without_saying_whether_the_account_exists(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, "not the passphrase at all")
        known = str(app.screen.query_one("#login-message", Static).render())
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("shift+tab")
        app.screen.query_one("#account", Input).value = ""
        await type_text(pilot, "nobody")
        await pilot.press("tab")
        await type_text(pilot, "not the passphrase at all")
        await pilot.press("enter")
        await settle(pilot)
        unknown = str(app.screen.query_one("#login-message", Static).render())
        assert known == unknown == "Unknown account or wrong passphrase."


async def test_failed_logins_slow_that_account_only(vault: VaultDir) -> None:
    clock = FakeClock()
    app = build_app(vault.data_dir, wall_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        account = app.screen.query_one("#account", Input)
        for _attempt in range(3):
            account.value = OFFICER
            account.focus()
            await pilot.press("tab")
            await type_text(pilot, "wrong wrong wrong")
            await pilot.press("enter")
            await settle(pilot)
        # The fourth attempt, even with the right passphrase, must wait.
        account.value = OFFICER
        await pilot.press("shift+tab", "tab")
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        await settle(pilot)
        message = str(app.screen.query_one("#login-message", Static).render())
        assert "wait 2 s" in message
        assert isinstance(app.screen, LoginScreen)
        # Another account is not slowed down.
        account.value = SUPERVISOR
        account.focus()
        await pilot.press("tab")
        await type_text(pilot, PASSPHRASES[SUPERVISOR])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    throttle_wait = app  # the app is gone; check the doubling through the service
    del throttle_wait
    clock.advance(2.5)
    from jhro_tui.services.session import make_throttle

    throttle = make_throttle(vault.paths, Settings(), clock)
    assert throttle.wait_remaining(OFFICER) == 0
    throttle.begin_attempt(OFFICER)
    assert 3.9 < throttle.wait_remaining(OFFICER) <= 4.0


async def test_failed_logins_reach_the_audit_trail(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, "definitely not it")
        await pilot.press("shift+tab")
        app.screen.query_one("#account", Input).value = ""
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, HomeScreen)
        await app.end_session()
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    try:
        actions = [(row.account, row.action, row.outcome) for row in session.vault.audit.rows()]
    finally:
        session.close()
    assert (OFFICER, "login", "failed") in actions
    assert (OFFICER, "login", "ok") in actions
    assert (OFFICER, "logout", "ok") in actions


async def test_ctrl_l_locks_and_removes_everything_of_the_session(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await officer_presses(pilot, "f1", HelpScreen)
        app.notify("a toast about a case")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.session is not None and app.session.locked
        assert [type(screen).__name__ for screen in app.screen_stack] == ["Screen", "LockScreen"]
        key_bar = app.screen.query_one(KeyBar)
        offered = {hint.description for hint in key_bar.hints}
        assert "Help" in offered and not offered & {"Lock", "Cases", "New"}
        everything = " ".join(str(label.render()) for screen in app.screen_stack
                              for label in screen.query(Label))
        assert FULL_NAMES[OFFICER] not in everything
        assert not app._notifications
        assert not app.screen.query(HomeScreen)
        # Unlock returns to where the user was.
        await type_text(pilot, PASSPHRASES[OFFICER])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.session.locked
        assert FULL_NAMES[OFFICER] in screen_text(app)


async def test_lock_screen_refuses_another_accounts_passphrase(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await officer_presses(pilot, "ctrl+l", LockScreen)
        await type_text(pilot, PASSPHRASES[SUPERVISOR])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.session is not None and app.session.locked


async def test_idle_time_locks_the_screen(vault: VaultDir) -> None:
    clock = FakeClock()
    app = build_app(vault.data_dir, Settings(idle_lock_minutes=1), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        clock.advance(50)
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("down")  # a key press counts as activity
        clock.advance(50)
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        clock.advance(11)
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.session is not None and app.session.locked


async def test_ctrl_l_and_the_idle_timer_together_lock_once(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        app.run_worker(app.action_lock(), group="lock")
        app.run_worker(app.action_lock(), group="lock")
        await settle(pilot)
        assert [type(screen).__name__ for screen in app.screen_stack] == ["Screen", "LockScreen"]
        assert app.session is not None and app.session.locked


async def test_idle_timer_fires_by_itself(vault: VaultDir) -> None:
    app = build_app(vault.data_dir, Settings(idle_lock_minutes=0.002))
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        for _tick in range(100):
            if isinstance(app.screen, LockScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, LockScreen)


async def test_help_and_palette_list_the_same_actions(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("f1")
        await settle(pilot)
        help_titles = {str(label.render()) for label in
                       app.screen.query(".help-description").results(Label)}
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.workers.wait_for_complete()
        await pilot.pause()
        palette_titles = {hit.text for hit in palette._list._options} if hasattr(
            palette, "_list") else set()
        from textual.command import CommandList

        options = palette.query_one(CommandList)._options
        palette_titles = {str(option.prompt).split("\n")[0] for option in options}
        assert help_titles == palette_titles
        assert {"session: Lock", "go: Home", "app: Help", "app: Quit"} <= palette_titles
        assert not any("screenshot" in title.lower() for title in palette_titles)


async def test_palette_runs_an_action(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "session: lock")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)


async def test_french_account_gets_french_footer_and_login_switches_language(
        vault: VaultDir) -> None:
    from jhro_tui.store.models import Account

    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    with session.write() as audit:
        Account.update(language="fr").where(Account.name == OFFICER).execute()
        audit("account.language", f"account:{OFFICER}")
    session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Français / English" in screen_text(app)
        await pilot.press("f2")
        await settle(pilot)
        assert "Compte" in screen_text(app)  # the login screen itself is now in French
        await pilot.press("f2")
        await settle(pilot)
        assert "Account" in screen_text(app)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])  # no F2: the account's language
        text = screen_text(app)
        assert "Verrouiller" in text  # footer: Lock
        assert "Chargé des droits de l'homme" in text or "Chargée" in text
        assert "25 nov. 2026" in text  # the date in the account's locale
    from jhro_tui.i18n import install

    install("en")


async def test_quit_logs_out_and_audits(vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.session is None


async def test_a_long_form_scrolls_to_the_next_field_in_one_step(vault: VaultDir) -> None:
    """Textual scrolls a focused field into view by animating: every frame of the way is
    a repaint sent over SSH. In jhro the form moves in one step."""
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        async def submit(values: Values) -> None:
            return None

        fields = [FormField(f"f{number}", f"Field {number}") for number in range(30)]
        await app.push_screen(FormScreen("Thirty fields", fields, submit))
        await settle(pilot)
        body = app.screen.query_one(".form-fields")
        positions: list[float] = []

        def moved(y: float) -> None:
            positions.append(y)

        app.watch(body, "scroll_y", moved, init=False)
        steps = []
        for _ in range(20):
            positions.clear()
            await pilot.press("tab")
            await pilot.wait_for_animation()
            await settle(pilot)
            steps.append(list(positions))
        assert body.scroll_y > 0, "the form never scrolled"
        assert all(len(step) <= 1 for step in steps), steps
