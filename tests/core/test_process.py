"""The process around the data: a quiet stderr, no core dumps, private file modes."""

from __future__ import annotations

import ast
import os
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.config import Paths
from tests.conftest import (
    ADMIN,
    PASSPHRASES,
    CliResult,
    VaultDir,
    build_vault,
    cli_env,
    jhro_command,
    run_cli,
)
from tests.core.support import flip_page_byte

KEYRING_MISMATCH_LINE = (b"jhro: The keyring does not open this database: the database or "
                         b"the keyring was replaced or damaged.\n")


@pytest.fixture
def other_vault(tmp_path: Path) -> VaultDir:
    """A second vault with the same account names and passphrases, and its own keys."""
    return build_vault(tmp_path / "other")


def test_sqlcipher_on_its_own_would_write_errors_on_stderr(tmp_path: Path) -> None:
    """The noise the next tests prove absent is real: raw SQLCipher, wrong key."""
    script = textwrap.dedent(f"""
        from sqlcipher3 import dbapi2 as s
        c = s.connect({str(tmp_path / 'x.db')!r})
        c.execute("PRAGMA key = \\"x'{'11' * 32}'\\"")
        c.execute("CREATE TABLE t (x)")
        c.commit(); c.close()
        c = s.connect({str(tmp_path / 'x.db')!r})
        c.execute("PRAGMA key = \\"x'{'22' * 32}'\\"")
        try:
            c.execute("SELECT * FROM t")
        except s.DatabaseError:
            pass
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert b"hmac check failed" in done.stderr


def test_wrong_database_key_writes_only_jhros_line_on_stderr(
        vault: VaultDir, other_vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    # Same names and passphrases, other keys: the passphrase unlocks, the key is wrong.
    vault.paths.keyring.write_bytes(other_vault.paths.keyring.read_bytes())
    before = vault.digests()
    for command in (["user", "list"], ["audit", "verify"], ["rekey"]):
        result = jhro(*command, user=ADMIN)
        assert result.code == 4, result.stderr
        assert result.stderr_bytes == KEYRING_MISMATCH_LINE
        assert result.stdout == ""
    assert vault.digests() == before


def test_page_mac_failure_writes_only_jhros_line_on_stderr(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    flip_page_byte(vault.paths.database, 2, 100, 0x04)
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 4
    assert result.stderr_bytes.count(b"\n") == 1
    assert result.stderr_bytes.startswith(b"jhro: The database is damaged")


HARDENING_PROBE = textwrap.dedent("""
    import ctypes, ctypes.util, os, resource, sys
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    before = (resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))
    from jhro_tui.cli import main
    code = main(sys.argv[1:])
    after = (resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))
    umask = os.umask(0)
    print(repr((before, after, code, umask)))
""")


def test_jhro_main_turns_core_dumps_off_and_makes_itself_undumpable(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HARDENING_PROBE, "--data-dir", str(tmp_path / "none"),
         "user", "list", "--user", ADMIN, "--passphrase-stdin"],
        input=b"whatever passphrase\n", capture_output=True, env=cli_env(None), check=True,
        preexec_fn=lambda: os.umask(0o022))
    before, after, code, umask = ast.literal_eval(done.stdout.decode())
    assert before[1] == 1, "the control: a Python process starts dumpable"
    assert after == ((0, 0), 0)
    assert code == 2  # no vault there: a clean refusal, after hardening
    assert umask == 0o077


def test_running_jhro_process_has_no_core_limit(vault: VaultDir) -> None:
    """The real console script, caught while it waits for its passphrase."""
    child = subprocess.Popen([*jhro_command(), "user", "list", "--user", ADMIN,
                              "--passphrase-stdin"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=cli_env(vault.data_dir))
    try:
        deadline = time.monotonic() + 10
        limit = ""
        while time.monotonic() < deadline:
            lines = Path(f"/proc/{child.pid}/limits").read_text().splitlines()
            limit = next(line for line in lines if line.startswith("Max core file size"))
            if limit.split()[4:6] == ["0", "0"]:
                break
            time.sleep(0.02)
        assert limit.split()[4:6] == ["0", "0"], limit
        out, err = child.communicate(input=(PASSPHRASES[ADMIN] + "\n").encode(), timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err


def _modes(directory: Path) -> dict[str, int]:
    return {path.name: stat.S_IMODE(path.stat().st_mode) for path in directory.iterdir()}


def test_files_are_private_even_with_umask_022(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    created = run_cli(["init", "--admin", ADMIN, "--passphrase-stdin"], data_dir=data_dir,
                      stdin=[PASSPHRASES[ADMIN]], preexec_fn=lambda: os.umask(0o022))
    assert created.code == 0, created.stderr
    wrong = run_cli(["user", "list", "--user", ADMIN, "--passphrase-stdin"],
                    data_dir=data_dir, stdin=["not the passphrase at all"],
                    preexec_fn=lambda: os.umask(0o022))
    assert wrong.code == 3
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    modes = _modes(data_dir)
    assert {"jhro.db", "keyring.json", "jhro.anchor", "login-throttle.json"} <= set(modes)
    assert all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}

    # A session opened from a process with a loose umask still gets private WAL files.
    previous = os.umask(0o022)
    try:
        from jhro_tui.services.session import login

        vault = VaultDir(Paths(data_dir))
        session = login(vault.paths, vault.settings, ADMIN, PASSPHRASES[ADMIN])
        try:
            modes = _modes(data_dir)
            assert {"jhro.db-wal", "jhro.db-shm"} <= set(modes)
            assert all(mode == 0o600 for mode in modes.values()), \
                {k: oct(v) for k, v in modes.items()}
        finally:
            session.close()
    finally:
        os.umask(previous)


def test_vault_built_through_the_services_is_private_even_with_umask_022(
        tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        vault = build_vault(tmp_path / "data")
        session = vault.login(ADMIN)
        try:
            modes = _modes(vault.data_dir)
        finally:
            session.close()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(vault.data_dir.stat().st_mode) == 0o700
    assert {"jhro.db", "jhro.db-wal", "jhro.db-shm", "keyring.json"} <= set(modes)
    assert all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}


def test_loose_data_directory_is_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    build_vault(data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
