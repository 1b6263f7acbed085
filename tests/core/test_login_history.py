"""A reset passphrase is visible: it opens one session, which must change it, and every
login shows the account its last login, the failures since and who reset it.

An administrator can reset an officer's passphrase and so log in as them; what matters is
that the officer sees it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jhro_tui.errors import AuthenticationFailed, PermissionDenied
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import accounts, offices
from jhro_tui.services.session import PassphraseChangeRequired, ResetPassphraseUsed, login
from tests.conftest import ADMIN, OFFICER, CliResult, VaultDir

RESET = "saffron kettle meridian 4410"
CHOSEN = "river pebble compass 8821"


def reset_officer(vault: VaultDir) -> None:
    admin = vault.login(ADMIN)
    try:
        accounts.change_passphrase(admin, OFFICER, RESET, kdf=TEST_KDF)
    finally:
        admin.close()


def test_a_reset_passphrase_opens_one_session_that_can_only_change_it(
        vault: VaultDir) -> None:
    reset_officer(vault)
    session = login(vault.paths, vault.settings, OFFICER, RESET)
    assert session.must_change_passphrase
    assert session.history.reset_by == ADMIN and session.history.reset_at is not None
    with pytest.raises(PermissionDenied):
        offices.list_offices(session)
    session.close()

    with pytest.raises(ResetPassphraseUsed):
        login(vault.paths, vault.settings, OFFICER, RESET)


def test_after_the_change_the_next_login_shows_who_reset_it_then_no_more(
        vault: VaultDir) -> None:
    reset_officer(vault)
    session = login(vault.paths, vault.settings, OFFICER, RESET)
    accounts.change_passphrase(session, OFFICER, CHOSEN, kdf=TEST_KDF)
    assert not session.must_change_passphrase
    offices.list_offices(session)  # no longer refused
    session.close()

    first = login(vault.paths, vault.settings, OFFICER, CHOSEN)
    assert not first.must_change_passphrase
    assert first.history.reset_by == ADMIN
    first.close()
    second = login(vault.paths, vault.settings, OFFICER, CHOSEN)
    assert second.history.reset_by == ""
    second.close()
    admin = vault.login(ADMIN)
    try:
        actions = [row[0] for row in admin.vault.db.execute_sql(
            "SELECT action || ' ' || detail FROM audit_event WHERE account = ? ORDER BY seq",
            (OFFICER,))]
    finally:
        admin.close()
    assert "login reset passphrase, to be changed now" in actions
    assert "account.passphrase after a reset" in actions


def test_every_login_shows_the_last_one_and_the_failures_since(vault: VaultDir) -> None:
    earlier = vault.login(OFFICER)
    earlier.close()
    for _attempt in range(2):
        with pytest.raises(AuthenticationFailed):
            login(vault.paths, vault.settings, OFFICER, "not the passphrase at all")
    vault.login(ADMIN).close()  # another account's login carries the failures over
    session = vault.login(OFFICER)
    assert session.history.failed_since == 2
    assert session.history.previous_login_at is not None
    session.close()
    assert vault.login(OFFICER).history.failed_since == 0


def test_the_command_line_refuses_other_commands_until_the_reset_passphrase_is_changed(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    reset_officer(vault)
    refused = jhro("office", "list", user=OFFICER, passphrase=RESET)
    assert refused.code == PassphraseChangeRequired.exit_code == 3
    assert refused.stderr_lines == [
        "jhro: The passphrase of officer was reset by an administrator: change it first, "
        "with jhro user passwd officer --user officer."]
    changed = jhro("user", "passwd", OFFICER, user=OFFICER, passphrase=RESET,
                   stdin=[CHOSEN])
    assert changed.code == 0, changed.stderr
    assert any(line.startswith("jhro: Your passphrase was reset by admin on ")
               for line in changed.login_notes), changed.login_notes
    listed = jhro("office", "list", user=OFFICER, passphrase=CHOSEN)
    assert listed.code == 0
    assert any(line.startswith("jhro: Last login: ") and line.endswith(
        "; no failed attempt since.") for line in listed.login_notes), listed.login_notes


def test_maintenance_refuses_an_admin_whose_passphrase_was_reset_and_not_changed(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    """Another administrator's reset must not open key rotation or the audit checks: they
    would otherwise be the one way round the change asked for."""
    admin = vault.login(ADMIN)
    try:
        accounts.create_account(admin, accounts.NewAccount("second.admin", "admin", "Neema Bahati",
                                                           ""), CHOSEN, kdf=TEST_KDF)
        accounts.change_passphrase(admin, "second.admin", RESET, kdf=TEST_KDF)
    finally:
        admin.close()
    for command in (("audit", "verify"), ("rekey",),
                    ("audit", "acknowledge", "--reason", "test")):
        refused = jhro(*command, user="second.admin", passphrase=RESET)
        assert refused.code == 3, (command, refused.stderr)
        assert "was reset by an administrator: change it first" in refused.stderr, command
    changed = jhro("user", "passwd", "second.admin", user="second.admin", passphrase=RESET,
                   stdin=[CHOSEN])
    assert changed.code == 0, changed.stderr
    assert jhro("audit", "verify", user="second.admin", passphrase=CHOSEN).code == 0
