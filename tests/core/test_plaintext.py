"""Nothing confidential reaches the disk in clear: not in the database, its WAL, the
keyring, the anchor, nor any temporary file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from jhro_tui.config import Paths
from jhro_tui.security.vault import read_only
from tests.conftest import VaultDir, cli_env

ADMIN_PASSPHRASE = "ZZ-PASSPHRASE-orchid-lagoon-3381"
NEW_PASSPHRASE = "ZZ-PASSPHRASE-officer-basalt-9920"

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path

    from jhro_tui.config import Paths, Settings
    from jhro_tui.security.keys import TEST_KDF
    from jhro_tui.services.accounts import NewAccount, create_account, list_accounts
    from jhro_tui.services.offices import create_office
    from jhro_tui.services.session import login
    from jhro_tui.services.setup import initialize
    from jhro_tui.store.models import Setting

    data_dir, marker, admin_passphrase, new_passphrase = sys.argv[1:5]
    paths = Paths(Path(data_dir))
    initialize(paths, NewAccount("admin", "admin", "Admin " + marker), admin_passphrase,
               kdf=TEST_KDF)
    session = login(paths, Settings(), "admin", admin_passphrase)
    create_office(session, "Bukavu")
    create_account(session, NewAccount("victim.contact", "officer", marker, "Bukavu"),
                   new_passphrase, kdf=TEST_KDF)
    for number in range(60):
        with session.write() as audit:
            Setting.insert(key=f"note{number}", value=f"{marker} note {number}").execute()
            audit("case.note", f"case:{number}", f"{marker} interview {number}")
    list_accounts(session)
    print("open", flush=True)
    sys.stdin.readline()
    session.close()
    print("closed", flush=True)
""")


def needles(secret: str) -> list[bytes]:
    return [secret.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


def files_holding(roots: list[Path], secrets: list[str]) -> list[tuple[str, str]]:
    """(file, secret) for every file under ``roots`` holding a secret in any encoding."""
    hits = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            content = path.read_bytes()
            hits += [(str(path), secret) for secret in secrets
                     if any(needle in content for needle in needles(secret))]
    return hits


def deleted_open_files(pid: int) -> list[str]:
    targets = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            targets.append(os.readlink(entry))
        except OSError:
            continue
    return [target for target in targets if target.endswith("(deleted)")]


def test_marker_written_through_the_services_appears_in_no_file(
        tmp_path: Path, fresh_tmpdir: Path) -> None:
    marker = "ZZ-VICTIM-Bahati-Furaha-Mwamba-" + os.urandom(4).hex()
    data_dir = tmp_path / "data"
    secrets = [marker, ADMIN_PASSPHRASE, NEW_PASSPHRASE]
    env = cli_env(None, TMPDIR=str(fresh_tmpdir), SQLITE_TMPDIR=str(fresh_tmpdir))
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), marker, ADMIN_PASSPHRASE, NEW_PASSPHRASE],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        cwd=tmp_path, text=True)
    try:
        assert child.stdout is not None
        assert child.stdin is not None
        line = child.stdout.readline()
        assert line == "open\n", child.stderr.read() if child.stderr else line
        wal = data_dir / "jhro.db-wal"
        assert wal.stat().st_size > 0, "the WAL must be scanned while it holds the writes"
        assert files_holding([data_dir, fresh_tmpdir], secrets) == []
        assert deleted_open_files(child.pid) == []
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline() == "closed\n"
    finally:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait(30)
    assert child.returncode == 0, child.stderr.read()  # type: ignore[union-attr]
    assert files_holding([data_dir, fresh_tmpdir], secrets) == []
    assert list(fresh_tmpdir.iterdir()) == []

    # The marker is really in there, for whoever holds the key.
    vault = VaultDir(Paths(data_dir))
    from jhro_tui.security.keyring import Keyring

    unlocked = Keyring.load(vault.paths.keyring).unlock("admin", ADMIN_PASSPHRASE)
    with read_only(vault.paths, unlocked.roots) as view:
        names = [row[0] for row in view.execute("SELECT full_name FROM account")]
        details = [row[0] for row in view.execute("SELECT detail FROM audit_event")]
    unlocked.wipe()
    assert marker in names
    assert sum(marker in detail for detail in details) == 60


def test_scanner_finds_a_marker_in_each_encoding(tmp_path: Path) -> None:
    for number, encoding in enumerate(("utf-8", "utf-16-le", "utf-16-be")):
        (tmp_path / f"leak{number}").write_bytes(b"\x00junk" + "ZZ-M".encode(encoding))
    assert len(files_holding([tmp_path], ["ZZ-M"])) == 3
