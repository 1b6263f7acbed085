"""Disabling an account changes the database key, so a copy of that account's keyring
entry taken before no longer opens a copy of the database."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.errors import AuthenticationFailed
from jhro_tui.security import keys
from jhro_tui.security.keyring import Keyring
from jhro_tui.services import accounts
from tests.conftest import (
    ADMIN,
    OFFICER,
    PASSPHRASES,
    SUPERVISOR,
    CliResult,
    VaultDir,
)
from tests.core.support import inspect, opens_with
from tests.core.test_rekey import STEPS, assert_every_active_account_opens, rekey


def _officer_key_from(keyring_copy: Path) -> bytearray:
    """The database key the officer's keyring entry, copied before, still gives."""
    unlocked = Keyring.load(keyring_copy).unlock(OFFICER, PASSPHRASES[OFFICER])
    try:
        return keys.hkdf(unlocked.roots[0], keys.LABEL_DATABASE)
    finally:
        unlocked.wipe()


def _disable_officer(vault: VaultDir, **options: object) -> accounts.Disabled:
    session = vault.login(ADMIN)
    try:
        return accounts.disable_account(session, OFFICER, **options)  # type: ignore[arg-type]
    finally:
        session.close()


def test_a_copy_of_a_disabled_accounts_keyring_entry_no_longer_opens_the_database(
        vault: VaultDir, tmp_path: Path) -> None:
    stolen = tmp_path / "keyring-copy.json"
    shutil.copy2(vault.paths.keyring, stolen)
    assert opens_with(vault.paths.database, _officer_key_from(stolen))

    done = _disable_officer(vault)

    assert done.key_rotated
    assert not opens_with(vault.paths.database, _officer_key_from(stolen))
    assert_every_active_account_opens(vault, (ADMIN, SUPERVISOR))
    with pytest.raises(AuthenticationFailed):
        vault.login(OFFICER)
    rotations = [row for row in inspect(vault).rows if row.action == "key.rotate"]
    assert [(row.account, row.outcome) for row in rotations] == [(ADMIN, "ok")]
    assert f"reason=disable:{OFFICER}" in rotations[0].detail


def test_with_another_session_open_the_disable_says_the_key_did_not_change(
        vault: VaultDir, tmp_path: Path, jhro: Callable[..., CliResult]) -> None:
    stolen = tmp_path / "keyring-copy.json"
    shutil.copy2(vault.paths.keyring, stolen)
    other = vault.login(SUPERVISOR)
    try:
        result = jhro("user", "disable", OFFICER, user=ADMIN)
    finally:
        other.close()

    assert result.code == 0, result.stderr
    assert f"Disabled {OFFICER}." in result.stdout
    assert "database key was not changed: other jhro sessions are open" in result.stderr
    assert "jhro rekey" in result.stderr
    with pytest.raises(AuthenticationFailed):
        vault.login(OFFICER)
    deferred = [row for row in inspect(vault).rows if row.action == "key.rotate"]
    assert [(row.outcome, row.detail) for row in deferred] == [
        ("failed", "deferred at disable: other sessions open")]

    assert rekey(vault) == 2
    assert not opens_with(vault.paths.database, _officer_key_from(stolen))


def test_user_disable_from_the_command_line_rotates_the_key(
        vault: VaultDir, tmp_path: Path, jhro: Callable[..., CliResult]) -> None:
    stolen = tmp_path / "keyring-copy.json"
    shutil.copy2(vault.paths.keyring, stolen)
    result = jhro("user", "disable", OFFICER, user=ADMIN)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert "A new database key is in place" in result.stdout
    assert not opens_with(vault.paths.database, _officer_key_from(stolen))
    assert_every_active_account_opens(vault, (ADMIN, SUPERVISOR))


class Crash(Exception):
    pass


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_during_the_rotation_leaves_every_remaining_account_a_way_in(
        vault: VaultDir, tmp_path: Path, step: str) -> None:
    stolen = tmp_path / "keyring-copy.json"
    shutil.copy2(vault.paths.keyring, stolen)

    def crash(at: str) -> None:
        if at == step:
            raise Crash(at)

    with pytest.raises(Crash):
        _disable_officer(vault, pause=crash)

    # The keyring written before the database changed key holds both roots; the one
    # written after holds only the new one: whichever the crash left, each remaining
    # account opens the database, and the disabled one never again.
    assert_every_active_account_opens(vault, (ADMIN, SUPERVISOR))
    with pytest.raises(AuthenticationFailed):
        vault.login(OFFICER)
    assert rekey(vault) == 2
    assert not opens_with(vault.paths.database, _officer_key_from(stolen))
    assert_every_active_account_opens(vault, (ADMIN, SUPERVISOR))


def test_no_rekey_keeps_the_key_says_so_and_is_audited(
        vault: VaultDir, tmp_path: Path, jhro: Callable[..., CliResult]) -> None:
    stolen = tmp_path / "keyring-copy.json"
    shutil.copy2(vault.paths.keyring, stolen)
    result = jhro("user", "disable", OFFICER, "--no-rekey", user=ADMIN)
    assert result.code == 0, result.stderr
    assert "(--no-rekey)" in result.stderr and "jhro rekey" in result.stderr
    assert opens_with(vault.paths.database, _officer_key_from(stolen))
    assert [row.detail for row in inspect(vault).rows
            if row.action == "key.rotate.skipped"] == ["no-rekey at disable"]
