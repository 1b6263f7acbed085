"""A session ended by a signal ends as a logout: sshd's SIGHUP when the link drops, or a
SIGTERM from the system (shutdown, an administrator's kill). Run in a real ``jhro``."""

from __future__ import annotations

import os
import signal
import time

import pytest

from bench.terminal import Terminal
from jhro_tui.services.drafts import drafts
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir, jhro_command
from tests.ui.test_type_ahead import ENTER, F3, _one_case


def _stopped(terminal: Terminal, number: int) -> int:
    os.kill(terminal.process.pid, number)
    deadline = time.monotonic() + 15
    while terminal.process.poll() is None and time.monotonic() < deadline:
        terminal.quiet(0.1, timeout=0.2)
    code = terminal.process.poll()
    assert code is not None, f"jhro kept running after signal {number}"
    return code


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_keeps_the_form_logs_out_and_folds_the_log(vault: VaultDir,
                                                            number: int) -> None:
    _one_case(vault)
    terminal = Terminal.spawn([*jhro_command(), "--data-dir", str(vault.data_dir)], 80, 24)
    try:
        terminal.wait_for("Log in with your account")
        terminal.send(f"{OFFICER}{ENTER}{PASSPHRASES[OFFICER]}{ENTER}")
        terminal.wait_for("My open cases")
        terminal.send(F3)
        terminal.wait_for("Raid on Kiwanja")
        terminal.send(ENTER)
        terminal.wait_for("Incidents and violations")
        terminal.send("n")
        terminal.wait_for("New note")
        terminal.send("Statement of the second witness")
        terminal.quiet(0.5)
        assert _stopped(terminal, number) == 0
        assert "Traceback" not in terminal.output.decode("utf-8", "replace")
    finally:
        terminal.close()
    wal = vault.paths.database.with_name(vault.paths.database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    session = vault.login(OFFICER)
    try:
        kept = drafts(session)
        actions = [row[0] for row in session.vault.db.execute_sql(
            "SELECT action FROM audit_event WHERE account = ? ORDER BY seq", (OFFICER,))]
    finally:
        session.close()
    assert [(d.title, d.fields["body"]) for d in kept] == [
        ("New note", "Statement of the second witness")]
    assert actions[-3:-1] == ["draft.keep", "logout"]  # then this login


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_command_stopped_by_a_signal_logs_out_and_folds_the_log(vault: VaultDir,
                                                                  number: int) -> None:
    """``jhro user add`` stopped while it waits for the new account's passphrase (logged
    in): its session ends as a logout, the write-ahead log is folded, one line says why."""
    terminal = Terminal.spawn([*jhro_command(), "--data-dir", str(vault.data_dir), "user",
                               "add", "newcomer", "--role", "officer", "--office", "Goma",
                               "--user", ADMIN], 80, 24)
    try:
        terminal.wait_for("Passphrase for admin")
        terminal.send(f"{PASSPHRASES[ADMIN]}{ENTER}")
        terminal.wait_for("Passphrase for the new account")
        assert _stopped(terminal, number) == 128 + number
        shown = terminal.output.decode("utf-8", "replace")
    finally:
        terminal.close()
    assert "Traceback" not in shown
    assert "stopped" in shown.lower()
    wal = vault.paths.database.with_name(vault.paths.database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    session = vault.login(ADMIN)
    try:
        actions = [row[0] for row in session.vault.db.execute_sql(
            "SELECT action FROM audit_event WHERE account = ? ORDER BY seq", (ADMIN,))]
    finally:
        session.close()
    assert actions[-3:-1] == ["login", "logout"]  # then this login
