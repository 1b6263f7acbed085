"""The data folder itself: private modes kept after the fact, no vault beside a stale
anchor, and no vault on a network file system."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.config import Paths
from jhro_tui.errors import JhroError, UsageError
from jhro_tui.security import files
from jhro_tui.services.accounts import NewAccount
from jhro_tui.services.setup import initialize
from tests.conftest import ADMIN, PASSPHRASES, CliResult, VaultDir, run_cli
from tests.core.support import inspect


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_restored_open_to_others_are_made_private_at_login_and_audited(
        vault: VaultDir) -> None:
    # As a backup restored with a default umask, or `cp` without -p, leaves them.
    os.chmod(vault.data_dir, 0o755)
    for path in (vault.paths.keyring, vault.paths.database, vault.paths.anchor):
        os.chmod(path, 0o644)

    vault.login(ADMIN).close()

    assert _mode(vault.data_dir) == 0o700
    assert {path.name: _mode(path) for path in vault.data_dir.iterdir() if path.is_file()} \
        == {path.name: 0o600 for path in vault.data_dir.iterdir() if path.is_file()}
    fixed = {(row.object, row.detail) for row in inspect(vault).rows
             if row.action == "file.private"}
    assert fixed == {("folder:data", "mode=755->700"), ("file:keyring.json", "mode=644->600"),
                     ("file:jhro.db", "mode=644->600"), ("file:jhro.anchor", "mode=644->600")}


def test_audit_verify_reports_what_it_made_private(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    os.chmod(vault.paths.keyring, 0o644)
    os.chmod(vault.paths.anchor, 0o640)

    verify = jhro("audit", "verify", user=ADMIN)

    assert verify.code == 0, verify.stderr
    assert "keyring.json was readable by others (mode 644): made private (600)." \
        in verify.stdout
    assert "jhro.anchor was readable by others (mode 640): made private (600)." \
        in verify.stdout
    assert "Audit chain intact" in verify.stdout
    assert _mode(vault.paths.keyring) == 0o600
    again = jhro("audit", "verify", user=ADMIN)
    assert "readable by others" not in again.stdout


def test_a_file_of_another_account_in_the_data_folder_is_refused_naming_it(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    os.chmod(vault.paths.keyring, 0o644)
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)  # as if root's file
    with pytest.raises(JhroError) as refused:
        vault.login(ADMIN)
    assert refused.value.exit_code == 5
    assert "belongs to another system account" in refused.value.message()


def test_init_beside_a_leftover_anchor_is_refused_and_keeps_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    leftover = data_dir / "jhro.anchor"
    leftover.write_bytes(b"412 " + b"ab" * 32 + b" 2026-01-01T00:00:00.000000Z\n")
    before = leftover.read_bytes()

    result = run_cli(["init", "--admin", ADMIN, "--passphrase-stdin"], data_dir=data_dir,
                     stdin=[PASSPHRASES[ADMIN], PASSPHRASES[ADMIN]])

    assert result.code == 1, result.stderr
    assert "holds an audit anchor (jhro.anchor) but no database" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert leftover.read_bytes() == before
    assert sorted(path.name for path in data_dir.iterdir()
                  if not path.name.startswith(".")) == ["jhro.anchor"]
    with pytest.raises(JhroError):
        initialize(Paths(data_dir), NewAccount(ADMIN, "admin"), PASSPHRASES[ADMIN])


@pytest.mark.parametrize(("magic", "kind"), [
    (0x00C36400, "ceph"), (0x7461636F, "ocfs2"), (0x786F4256, "vboxsf"),
    (0x01021997, "9p"), (0x01161970, "gfs2"), (0x6969, "nfs")])
def test_a_data_folder_on_a_network_or_cluster_file_system_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, magic: int, kind: str) -> None:
    monkeypatch.setattr(files, "filesystem_type", lambda path: magic)
    with pytest.raises(UsageError) as refused:
        files.ensure_private_dir(tmp_path / "data")
    assert f"on a network file system ({kind})" in refused.value.message()
