"""A command that waits past the busy timeout says so, with its own exit code."""

from __future__ import annotations

import io
import sys

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from jhro_tui import cli
from jhro_tui.security import vault as vault_module
from tests.conftest import ADMIN, PASSPHRASES, VaultDir


def test_a_command_kept_waiting_by_another_writer_exits_75_with_one_line(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(vault_module, "PRAGMAS", [
        (name, 200 if name == "busy_timeout" else value)
        for name, value in vault_module.PRAGMAS])
    monkeypatch.setattr(vault_module.Vault, "_check_pragmas", lambda self: None)
    holder = sqlcipher.connect(str(vault.paths.database), isolation_level=None)
    holder.execute(f"PRAGMA key = \"x'{vault.db_key().hex()}'\"")
    holder.execute("BEGIN IMMEDIATE")  # another session in the middle of a save
    before = vault.digests()
    before.pop("jhro.db-wal")  # an empty WAL goes when the last connection closes
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASES[ADMIN] + "\n"))
    try:
        code = cli.main(["--data-dir", str(vault.data_dir), "user", "list", "--user", ADMIN,
                         "--passphrase-stdin"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (code, capsys.readouterr().err) == (
        75, "jhro: The database is busy (another session is writing); try again.\n")
    after = vault.digests()
    after.pop("jhro.db-wal")
    assert after == before  # not a byte written
