"""Logging in: a wrong passphrase, someone else's passphrase, an unknown name.

All three look the same from outside, and none of them changes a byte of the vault.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.errors import AuthenticationFailed, PermissionDenied
from jhro_tui.services import accounts
from jhro_tui.services.session import login
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, CliResult, VaultDir

WRONG_PASSPHRASE_LINE = "jhro: Unknown account or wrong passphrase.\n"
EXIT_AUTH = 3

COMMANDS = [
    pytest.param(["user", "list"], id="user-list"),
    pytest.param(["audit", "verify"], id="audit-verify"),
    pytest.param(["rekey"], id="rekey"),
    pytest.param(["user", "add", "newcomer", "--role", "officer"], id="user-add"),
    pytest.param(["audit", "acknowledge", "--reason", "test"], id="audit-acknowledge"),
]


def assert_refused_as_unauthenticated(result: CliResult) -> None:
    assert result.code == EXIT_AUTH, result.stderr
    assert result.stderr == WRONG_PASSPHRASE_LINE
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_wrong_passphrase_exits_3_and_changes_no_byte_on_disk(
        vault: VaultDir, jhro: Callable[..., CliResult], command: list[str]) -> None:
    before = vault.digests()
    result = jhro(*command, user=ADMIN, passphrase=PASSPHRASES[ADMIN] + "x",
                  stdin=["new account passphrase 1234", "new account passphrase 1234"])
    assert_refused_as_unauthenticated(result)
    assert vault.digests() == before
    assert not (vault.data_dir / "jhro.db-shm").exists()


def test_another_accounts_passphrase_gives_no_access_as_this_one(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    before = vault.digests()
    for name, other in ((ADMIN, OFFICER), (OFFICER, SUPERVISOR), (SUPERVISOR, ADMIN)):
        result = jhro("user", "list", user=name, passphrase=PASSPHRASES[other])
        assert_refused_as_unauthenticated(result)
        with pytest.raises(AuthenticationFailed):
            login(vault.paths, vault.settings, name, PASSPHRASES[other])
    assert vault.digests() == before


def test_officer_passphrase_opens_only_an_officer_session(vault: VaultDir) -> None:
    session = vault.login(OFFICER)
    try:
        assert (session.user.name, session.user.role) == (OFFICER, "officer")
        with pytest.raises(PermissionDenied):
            accounts.list_accounts(session)
        with pytest.raises(PermissionDenied):
            accounts.disable_account(session, ADMIN)
    finally:
        session.close()


def test_unknown_account_gets_the_same_message_as_a_wrong_passphrase(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    before = vault.digests()
    unknown = jhro("user", "list", user="nobody", passphrase=PASSPHRASES[ADMIN])
    wrong = jhro("user", "list", user=ADMIN, passphrase="not the right one at all")
    assert_refused_as_unauthenticated(unknown)
    assert_refused_as_unauthenticated(wrong)
    assert unknown.stderr_bytes == wrong.stderr_bytes
    assert vault.digests() == before


def test_disabled_account_gets_the_same_message_as_a_wrong_passphrase(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    session = vault.login(ADMIN)
    try:
        accounts.disable_account(session, OFFICER)
    finally:
        session.close()
    assert_refused_as_unauthenticated(jhro("user", "list", user=OFFICER))


def test_entry_copied_under_the_admins_name_does_not_open_as_admin(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    """An officer who can write the keyring puts their own entry in the admin's place."""
    document = json.loads(vault.paths.keyring.read_bytes())
    document["accounts"][ADMIN] = document["accounts"][OFFICER]
    vault.paths.keyring.write_text(json.dumps(document))
    before = vault.digests()
    assert_refused_as_unauthenticated(
        jhro("user", "list", user=ADMIN, passphrase=PASSPHRASES[OFFICER]))
    assert vault.digests() == before


def test_right_passphrase_lists_accounts(jhro: Callable[..., CliResult]) -> None:
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        [ADMIN, "admin"], [OFFICER, "officer"], [SUPERVISOR, "supervisor"]]


def test_officer_cannot_verify_the_audit_trail(jhro: Callable[..., CliResult]) -> None:
    result = jhro("audit", "verify", user=OFFICER)
    assert result.code == 5
    assert result.stderr == "jhro: You do not have permission to do this.\n"


def test_missing_vault_is_a_clear_message_not_a_traceback(
        jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    result = jhro("user", "list", user=ADMIN, data_dir=tmp_path / "empty")
    assert result.code == 2
    assert len(result.stderr_lines) == 1
    assert result.stderr.startswith("jhro: No jhro database in ")
