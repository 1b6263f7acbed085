"""Key rotation: the old key stops working, every account keeps working, nobody walks in
mid-way, and a crash at any step leaves a database that some key in the keyring opens."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from jhro_tui.errors import DamagedData, MaintenanceInProgress
from jhro_tui.security import keys
from jhro_tui.security import vault as vault_module
from jhro_tui.security.keyring import SLOT_CURRENT, SLOT_PENDING, Keyring
from jhro_tui.services import accounts, maintenance
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, CliResult, VaultDir
from tests.core.support import (
    flip_page_byte,
    fork_child,
    inspect,
    opens_with,
    page_count,
    read_all,
    report,
)

MAINTENANCE_LINE = "jhro: Maintenance in progress: try again in a few minutes.\n"
STEPS = ["pending-sealed", "database-rekeyed"]


def rekey(vault: VaultDir, pause: Callable[[str], None] | None = None) -> int:
    return maintenance.rekey(vault.paths, vault.settings, ADMIN, PASSPHRASES[ADMIN],
                             pause=pause)


def assert_every_active_account_opens(vault: VaultDir, names: tuple[str, ...] = (
        ADMIN, OFFICER, SUPERVISOR)) -> None:
    for name in names:
        session = vault.login(name)
        try:
            assert session.user.name == name
        finally:
            session.close()
    seen = inspect(vault)
    assert seen.integrity_problems == []
    assert seen.chain.intact, seen.chain


def slots(vault: VaultDir) -> dict[str, list[str]]:
    document = json.loads(vault.paths.keyring.read_bytes())
    return {name: sorted(set(entry) & {SLOT_CURRENT, SLOT_PENDING})
            for name, entry in document["accounts"].items()}


def test_after_rekey_the_old_key_no_longer_opens_the_database(vault: VaultDir) -> None:
    old_roots = vault.roots()
    old_db_key = keys.hkdf(old_roots[0], keys.LABEL_DATABASE)
    assert opens_with(vault.paths.database, old_db_key)

    assert rekey(vault) == 3

    assert not opens_with(vault.paths.database, old_db_key)
    for name in (ADMIN, OFFICER, SUPERVISOR):
        new_roots = vault.roots(name)
        assert len(new_roots) == 1
        assert new_roots != old_roots
        assert opens_with(vault.paths.database, keys.hkdf(new_roots[0], keys.LABEL_DATABASE))
    wal = vault.data_dir / "jhro.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert slots(vault) == {name: [SLOT_CURRENT] for name in (ADMIN, OFFICER, SUPERVISOR)}
    assert_every_active_account_opens(vault)
    actions = [row.action for row in inspect(vault).rows]
    assert "key.rotate" in actions
    assert "key.rotated" in actions


def test_rekey_reseals_for_active_accounts_only(vault: VaultDir) -> None:
    session = vault.login(ADMIN)
    try:
        accounts.disable_account(session, SUPERVISOR)
    finally:
        session.close()
    assert rekey(vault) == 2
    assert set(slots(vault)) == {ADMIN, OFFICER}
    assert_every_active_account_opens(vault, (ADMIN, OFFICER))


def test_only_an_admin_may_rotate_keys(vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    before = vault.paths.keyring.read_bytes()
    result = jhro("rekey", user=OFFICER)
    assert result.code == 5, result.stderr
    assert vault.paths.keyring.read_bytes() == before


@contextmanager
def rekey_paused_at(vault: VaultDir, step: str) -> Iterator[None]:
    """Run a rotation in a thread and hold it at ``step`` for the duration of the block."""
    reached, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def pause(at: str) -> None:
        if at == step:
            reached.set()
            assert release.wait(60)

    def run() -> None:
        try:
            rekey(vault, pause)
        except BaseException as exc:  # reported to the test below
            failures.append(exc)
            reached.set()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert reached.wait(60)
        assert not failures, failures
        yield
    finally:
        release.set()
        thread.join(60)
    assert not failures, failures


@pytest.mark.parametrize("step", STEPS)
def test_second_process_during_rekey_gets_the_maintenance_message(
        vault: VaultDir, jhro: Callable[..., CliResult], step: str) -> None:
    with rekey_paused_at(vault, step):
        for name, command in ((OFFICER, ["user", "list"]), (ADMIN, ["audit", "verify"]),
                              (ADMIN, ["rekey"]),
                              (ADMIN, ["user", "add", "late", "--role", "officer"])):
            result = jhro(*command, user=name, stdin=["late comer passphrase 12"] * 2)
            assert result.code == 75, (command, result.stderr)
            assert result.stderr == MAINTENANCE_LINE or (
                result.stderr.startswith("jhro: ") and "exclusive access" in result.stderr
                and len(result.stderr_lines) == 1), (command, result.stderr)
        with pytest.raises(MaintenanceInProgress):
            vault.login(OFFICER)
    listing = jhro("user", "list", user=ADMIN)
    assert listing.code == 0, listing.stderr
    assert_every_active_account_opens(vault)


def test_rekey_waits_for_no_one_and_refuses_while_a_session_is_open(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    session = vault.login(OFFICER)
    try:
        before = vault.digests()
        result = jhro("rekey", user=ADMIN)
        assert result.code == 75, result.stderr
        assert len(result.stderr_lines) == 1
        assert "exclusive access" in result.stderr
        assert vault.digests() == before
    finally:
        session.close()


class Crash(Exception):
    pass


@pytest.mark.parametrize("step", STEPS)
def test_exception_at_any_step_leaves_a_keyring_that_opens_the_database(
        vault: VaultDir, step: str) -> None:
    def crash(at: str) -> None:
        if at == step:
            raise Crash(at)

    with pytest.raises(Crash):
        rekey(vault, crash)
    assert_every_active_account_opens(vault)
    assert rekey(vault) == 3
    assert_every_active_account_opens(vault)


def _rekey_killed_at(vault: VaultDir, step: str) -> None:
    """A forked child rotates keys and is SIGKILLed at ``step``."""

    def child(fd: int) -> None:
        def die(at: str) -> None:
            if at == step:
                report(fd, at)
                os.kill(os.getpid(), signal.SIGKILL)

        rekey(vault, die)
        report(fd, "finished")

    pid, fd = fork_child(child)
    lines = read_all(fd)
    _, status = os.waitpid(pid, 0)
    assert lines == [step], lines
    assert os.WIFSIGNALED(status)
    assert os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("first", STEPS)
@pytest.mark.parametrize("second", [*STEPS, None])
def test_kill_at_any_step_even_twice_in_a_row_leaves_a_keyring_that_opens_the_database(
        vault: VaultDir, first: str, second: str | None) -> None:
    _rekey_killed_at(vault, first)
    assert_every_active_account_opens(vault)
    if second is None:
        assert rekey(vault) == 3
        assert slots(vault) == {name: [SLOT_CURRENT] for name in (ADMIN, OFFICER, SUPERVISOR)}
    else:
        _rekey_killed_at(vault, second)
    assert_every_active_account_opens(vault)
    assert rekey(vault) == 3
    assert_every_active_account_opens(vault)


def test_rekey_that_silently_does_nothing_never_retires_the_old_key(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLCipher's PRAGMA rekey answers "ok" even when it rolled back."""
    real = vault_module.apply_key

    def inert_rekey(conn: object, path: object, db_key: bytearray, statement: str = "key"
                    ) -> None:
        if statement != "rekey":
            real(conn, path, db_key, statement)  # type: ignore[arg-type]

    monkeypatch.setattr(vault_module, "apply_key", inert_rekey)
    with pytest.raises(DamagedData):
        rekey(vault)
    monkeypatch.undo()
    assert_every_active_account_opens(vault)


def test_rekey_of_a_damaged_database_is_refused_before_the_keyring_changes(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    last_page = page_count(vault.paths.database)
    flip_page_byte(vault.paths.database, last_page, 100)
    keyring_before = vault.paths.keyring.read_bytes()
    result = jhro("rekey", user=ADMIN)
    assert result.code == 4, result.stderr
    assert f"HMAC verification failed for page {last_page}" in result.stderr
    assert vault.paths.keyring.read_bytes() == keyring_before


def test_root_pending_in_the_keyring_is_one_a_passphrase_opens(vault: VaultDir) -> None:
    with rekey_paused_at(vault, "database-rekeyed"):
        unlocked = Keyring.load(vault.paths.keyring).unlock(OFFICER, PASSPHRASES[OFFICER])
        try:
            assert len(unlocked.roots) == 2
            old, new = unlocked.roots
            assert not opens_with(vault.paths.database, keys.hkdf(old, keys.LABEL_DATABASE))
            assert opens_with(vault.paths.database, keys.hkdf(new, keys.LABEL_DATABASE))
        finally:
            unlocked.wipe()
