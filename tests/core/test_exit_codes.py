"""Each failure around the files and the input gets its own documented exit code and one
clear line: a permission problem is not tampering, a lost keyring is not a new directory,
undecodable input is bad input, and a wrong passphrase is counted even on a full disk."""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui import cli
from jhro_tui.errors import AuthenticationFailed
from jhro_tui.security import throttle as throttle_module
from jhro_tui.security.keyring import Keyring
from jhro_tui.services.session import make_throttle
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, CliResult, VaultDir

EXIT_FILE = 74


def run_in_process(vault: VaultDir, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch, *args: str, stdin: bytes
                   ) -> tuple[int, list[str]]:
    monkeypatch.setenv("JHRO_LANG", "en")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main([*args, "--passphrase-stdin", "--data-dir", str(vault.data_dir)])
    lines = [line for line in capsys.readouterr().err.splitlines()
             if not line.startswith(("jhro: Last login", "jhro: First login"))]
    return code, lines


def test_a_keyring_the_service_account_cannot_read_is_a_permission_problem_not_tampering(
        vault: VaultDir, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After ``sudo jhro user add`` the keyring belongs to root, mode 0600."""
    real_read = Path.read_bytes

    def as_the_service_account(path: Path) -> bytes:
        if path == vault.paths.keyring:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", as_the_service_account)
    code, lines = run_in_process(vault, capsys, monkeypatch, "user", "list", "--user", ADMIN,
                                 stdin=PASSPHRASES[ADMIN].encode() + b"\n")
    assert code == EXIT_FILE
    assert len(lines) == 1 and "permission denied" in lines[0]
    assert "edited by hand" not in lines[0]


def test_a_keyring_nested_a_hundred_thousand_deep_is_damaged_data(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    vault.paths.keyring.write_text("[" * 100_000)
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 4
    assert result.stderr_lines == ["jhro: The keyring file is damaged or was edited by hand."]


def test_a_keyring_lost_beside_its_database_says_restore_it_not_init(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    vault.paths.keyring.unlink()
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 4
    (line,) = result.stderr_lines
    assert "restore keyring.json from the backup" in line
    assert "Do not run jhro init" in line


def test_a_passphrase_that_is_not_utf8_is_bad_input(
        vault: VaultDir) -> None:
    result = _raw_stdin(vault, b"caf\xe9 latin-1\n")
    assert result.code == 2
    assert result.stderr_lines == ["jhro: Standard input is not UTF-8 text: give each "
                                   "passphrase as one line of UTF-8."]


def test_an_account_name_that_is_not_utf8_is_bad_input(vault: VaultDir) -> None:
    import subprocess

    from tests.conftest import cli_env, jhro_command

    done = subprocess.run([*[part.encode() for part in jhro_command()], b"user", b"list",
                           b"--user", b"h\xff", b"--passphrase-stdin"], input=b"x\n",
                          capture_output=True, env=cli_env(vault.data_dir), check=False)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "jhro: A command-line argument (an account name?) is not UTF-8 text."]


def _raw_stdin(vault: VaultDir, data: bytes) -> CliResult:
    import subprocess

    from tests.conftest import cli_env, jhro_command

    done = subprocess.run([*jhro_command(), "user", "list", "--user", ADMIN,
                           "--passphrase-stdin"], input=data, capture_output=True,
                          env=cli_env(vault.data_dir), check=False)
    return CliResult(done.returncode, done.stdout.decode(), done.stderr.decode(), done.stderr)


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS])
def test_a_wrong_passphrase_on_a_full_or_read_only_disk_is_refused_before_it_is_checked(
        vault: VaultDir, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, failure: int) -> None:
    def cannot_write(path: Path, data: bytes) -> None:
        raise OSError(failure, "cannot write", str(path))

    checked: list[str] = []
    real_unlock = Keyring.unlock

    def unlock(self: Keyring, account: str, passphrase: str) -> object:
        checked.append(account)
        return real_unlock(self, account, passphrase)

    monkeypatch.setattr(throttle_module, "atomic_write", cannot_write)
    monkeypatch.setattr(Keyring, "unlock", unlock)
    code, lines = run_in_process(vault, capsys, monkeypatch, "user", "list", "--user", ADMIN,
                                 stdin=b"not the passphrase at all\n")
    assert code == EXIT_FILE
    assert len(lines) == 1 and "Cannot record the login attempt" in lines[0]
    assert checked == []  # no guess is checked that could not be counted


def test_an_attempt_is_counted_before_its_passphrase_is_checked(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guesses run side by side (or a process killed mid-check) are slowed down too."""
    from jhro_tui.services.session import login

    throttle = make_throttle(vault.paths, vault.settings)
    seen: list[float] = []

    def unlock(self: Keyring, account: str, passphrase: str) -> object:
        data = throttle._load()
        state = data["accounts"][throttle.name_hash(data, account)]
        seen.append(state["failures"])
        raise AuthenticationFailed()

    monkeypatch.setattr(Keyring, "unlock", unlock)
    with pytest.raises(AuthenticationFailed):
        login(vault.paths, vault.settings, OFFICER, "not the passphrase at all")
    assert seen == [1]


def test_a_right_passphrase_leaves_no_failure_behind(vault: VaultDir) -> None:
    vault.login(OFFICER).close()
    data = make_throttle(vault.paths, vault.settings)._load()
    assert data["accounts"] == {} and data["pending"] == []


def test_a_missing_argument_is_named_in_a_whole_sentence(
        jhro: Callable[..., CliResult]) -> None:
    result = jhro("audit", "verify")
    assert result.code == 2
    assert result.stderr_lines == ["jhro: the following arguments are required: --user "
                                   "(see jhro --help)"]
