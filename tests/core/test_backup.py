"""``jhro backup`` and ``jhro restore``: a copy taken while another process writes, whole or
refused, and a restore that keeps what it replaces and opens with the passphrases of then.

What matters to the user (the exit code, one line, the data directory's bytes) is checked
through the real command in a subprocess; the rest through the services.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jhro_tui.config import Paths
from jhro_tui.errors import AuthenticationFailed, DamagedData
from jhro_tui.security import anchor, keys
from jhro_tui.security import backup as archive
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.security.vault import PLAIN_SQLITE_HEADER, Vault, read_only
from jhro_tui.services import backup, cases, forms, victims
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.session import login
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, CliResult, VaultDir, cli_env, run_cli
from tests.core.support import fork_child, kill_and_reap, read_all, report

Jhro = Callable[..., CliResult]


def make_backup(vault: VaultDir, folder: Path, name: str = "office.jhro-backup") -> Path:
    session = vault.login(ADMIN)
    try:
        return backup.create(session, folder / name).path
    finally:
        session.close()


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {info.name: tar.extractfile(info).read()  # type: ignore[union-attr]
                for info in tar.getmembers()}


def repack(path: Path, content: dict[str, bytes], *, sums: bool, root: bytes | None = None
           ) -> None:
    """Write ``content`` as a backup again; ``sums``: with the manifest's sizes and SHA-256
    computed again (as anyone can), ``root``: and its HMAC (as only a key holder can)."""
    manifest = json.loads(content[archive.MANIFEST])
    if sums:
        for member in manifest["members"]:
            data = content[member["name"]]
            member["size"], member["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    if root is not None:
        parsed = archive.parse_manifest(json.dumps(manifest).encode())
        manifest["hmac"] = parsed.signed(keys.hkdf(root, keys.LABEL_BACKUP_MANIFEST)).hmac
    content = {**content, archive.MANIFEST: json.dumps(manifest).encode()}
    path.unlink()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in (archive.MANIFEST, *archive.MEMBERS):
            info = tarfile.TarInfo(name)
            info.size = len(content[name])
            tar.addfile(info, io.BytesIO(content[name]))


def restore_cli(jhro: Jhro, path: Path, *extra: str, data_dir: Path | None = None,
                user: str = ADMIN) -> CliResult:
    return jhro("restore", str(path), *extra, user=user, data_dir=data_dir)


def audit_rows(paths: Paths, roots: list[bytearray]) -> list[tuple[str, str, str, str, str]]:
    with read_only(paths, roots) as view:
        return [(row.account, row.action, row.object, row.detail, row.outcome)
                for row in view.audit_chain().rows()]


# -- the copy ----------------------------------------------------------------------------

def _writer(data_dir: Path, roots: list[bytearray], stop: Path) -> Callable[[int], None]:
    def body(fd: int) -> None:
        vault = Vault.open(Paths(data_dir), roots)
        count = 0
        try:
            while not stop.exists():
                vault.record(AuditEvent(ADMIN, "test.write", detail=str(count)))
                count += 1
                if count == 5:
                    report(fd, "writing")
        finally:
            vault.close()
        report(fd, f"wrote {count}")
    return body


def test_a_backup_taken_while_another_process_writes_verifies_and_holds_what_came_before(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    session = vault.login(ADMIN)
    session.audit("test.before", detail="committed before the backup")
    session.close()
    stop = tmp_path / "stop"
    pid, fd = fork_child(_writer(vault.data_dir, vault.roots(), stop))
    try:
        assert os.read(fd, 8) == b"writing\n"
        made = jhro("backup", str(tmp_path / "busy.jhro-backup"), user=ADMIN)
        stop.touch()
        lines = read_all(fd)
    finally:
        kill_and_reap(pid)
    assert made.code == 0, made.stderr
    assert lines and lines[-1].startswith("wrote ")
    backup_file = tmp_path / "busy.jhro-backup"
    verified = backup.verify(backup_file, ADMIN, PASSPHRASES[ADMIN])
    scratch = tmp_path / "scratch"
    backup.restore(Paths(scratch), backup_file, ADMIN, PASSPHRASES[ADMIN], replace=False)
    rows = audit_rows(Paths(scratch), vault.roots())
    assert ("admin", "test.before", "", "committed before the backup", "ok") in rows
    written_in_copy = sum(1 for row in rows if row[1] == "test.write")
    live_rows = audit_rows(vault.paths, vault.roots())
    live_written = sum(1 for row in live_rows if row[1] == "test.write")
    assert 5 <= written_in_copy < live_written  # the writer went on during and after it
    assert verified.chain_length == len(rows) - 1  # all but the restore's own event
    # The backup's own event is in the live trail, with its size and checksum.
    (event,) = [row for row in live_rows if row[1] == "backup.create"]
    digest = hashlib.sha256(backup_file.read_bytes()).hexdigest()
    assert event[2] == "file:busy.jhro-backup" and f"sha256={digest}" in event[3]
    assert f"size={backup_file.stat().st_size}" in event[3]


def test_the_backup_file_is_private_new_and_holds_no_plaintext(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    marker = "ZZ-VICTIM-Bahati-Furaha-" + os.urandom(4).hex()
    session = vault.login(OFFICER)
    try:
        case = cases.create_case(session, forms.CaseForm("Kalehe", "An attack.",
                                                         province_code="CD-SK"))
        victims.add_victim(session, case.id, forms.VictimForm(name=marker))
    finally:
        session.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    result = jhro("backup", str(folder), user=ADMIN, env=cli_env(vault.data_dir),
                  preexec_fn=lambda: os.umask(0o022))
    assert result.code == 0, result.stderr
    (made,) = folder.glob("*.jhro-backup")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    raw = made.read_bytes()
    for needle in (marker.encode(), marker.encode("utf-16-le"), PLAIN_SQLITE_HEADER):
        assert needle not in raw
    assert sorted(path.name for path in folder.iterdir()) == [made.name]  # no leftover
    # Written new: never over an existing name, a link or a FIFO.
    os.mkfifo(folder / "fifo")
    (folder / "link").symlink_to(folder / "elsewhere")
    for taken in (made.name, "fifo", "link"):
        again = jhro("backup", str(folder / taken), user=ADMIN)
        assert again.code == 2 and "already exists" in again.stderr
    assert not (folder / "elsewhere").exists()
    assert made.read_bytes() == raw
    inside = jhro("backup", str(vault.data_dir), user=ADMIN)
    assert inside.code == 2 and "lost with it" in inside.stderr
    assert not list(vault.data_dir.glob("*.jhro-backup"))


def test_an_officer_may_not_make_a_backup_and_the_refusal_is_audited(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    result = jhro("backup", str(tmp_path / "x.jhro-backup"), user=OFFICER)
    assert result.code == 5
    assert not (tmp_path / "x.jhro-backup").exists()
    denied = [row for row in audit_rows(vault.paths, vault.roots())
              if row[1] == "backup.create"]
    assert denied == [(OFFICER, "backup.create", "file:x.jhro-backup", "", "denied")]


# -- verify without a passphrase -------------------------------------------------------

def test_verify_without_a_passphrase_sees_damage_but_not_a_forger(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    assert jhro("backup", "--verify", str(made)).code == 0
    content = members(made)
    database = bytearray(content[archive.DATABASE])
    database[len(database) // 2] ^= 0x01
    repack(made, {**content, archive.DATABASE: bytes(database)}, sums=True)
    forged = jhro("backup", "--verify", str(made))
    assert forged.code == 0  # the documented limit: checksums computed again pass
    assert "not a file forged" in forged.stdout
    caught = jhro("backup", "--verify", str(made), "--account", ADMIN, "--passphrase-stdin",
                  stdin=[PASSPHRASES[ADMIN]])
    assert caught.code == 4
    assert caught.stderr_lines == ["jhro: The backup's manifest was altered (its HMAC does "
                                   "not match): refusing it."]


# -- restore -----------------------------------------------------------------------------

def test_a_restore_opens_with_the_passphrases_of_then_and_records_itself(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    session = vault.login(ADMIN)
    try:
        create_account(session, NewAccount("latecomer", "officer", "", "Goma"),
                       "late arrival words 8812", kdf=TEST_KDF)
    finally:
        session.close()
    target = tmp_path / "restored"
    result = restore_cli(jhro, made, data_dir=target)
    assert result.code == 0, result.stderr
    restored = VaultDir(Paths(target))
    for name in ("jhro.db", "keyring.json", "jhro.anchor"):
        assert stat.S_IMODE((target / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    rows = audit_rows(restored.paths, restored.roots())
    assert rows[-1][:2] == (ADMIN, "restore") and rows[-1][2] == "file:office.jhro-backup"
    with read_only(restored.paths, restored.roots()) as view:
        assert anchor.latest(restored.paths.anchor) == view.audit_chain().head()
    restored.login(OFFICER).close()  # an account of then
    late = jhro("user", "list", user="latecomer", passphrase="late arrival words 8812",
                data_dir=target)
    assert late.code == 3
    with pytest.raises(AuthenticationFailed):
        login(restored.paths, restored.settings, "latecomer", "late arrival words 8812")
    verified = jhro("audit", "verify", user=ADMIN, data_dir=target)
    assert verified.code == 0, verified.stderr


def test_replace_keeps_the_replaced_data_aside(vault: VaultDir, tmp_path: Path,
                                                jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    session = vault.login(ADMIN)
    session.audit("test.after", detail="written after the backup")
    session.close()
    before = {path.name: path.read_bytes() for path in vault.paths.vault_files()
              if path.exists()}
    result = restore_cli(jhro, made, "--replace")
    assert result.code == 0, result.stderr
    (aside,) = vault.data_dir.glob("replaced-*")
    assert stat.S_IMODE(aside.stat().st_mode) == 0o700
    assert {path.name: path.read_bytes() for path in aside.iterdir()
            if path.name in before} == before
    assert "kept in" in result.stdout and aside.name in result.stdout
    actions = [row[1] for row in audit_rows(vault.paths, vault.roots())]
    assert "test.after" not in actions and actions[-1] == "restore"


def test_a_data_directory_that_holds_a_database_is_not_restored_over(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    digests = vault.digests()
    result = restore_cli(jhro, made)
    assert result.code == 2
    assert result.stderr_lines == [f"jhro: {vault.data_dir} already holds a jhro database: "
                                   "give --replace to put it aside and restore in its "
                                   "place, or choose an empty folder."]
    assert vault.digests() == digests
    assert not list(vault.data_dir.glob("replaced-*"))


def test_a_restore_waits_for_no_one_it_refuses_while_a_session_is_open(
        vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    session = vault.login(OFFICER)
    try:
        digests = vault.digests()
        result = restore_cli(jhro, made, "--replace")
        assert result.code == 75
        assert "restore needs exclusive access" in result.stderr
        assert vault.digests() == digests
    finally:
        session.close()


def test_an_officer_of_the_backup_may_not_restore_it(vault: VaultDir, tmp_path: Path,
                                                     jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    result = restore_cli(jhro, made, data_dir=tmp_path / "elsewhere", user=OFFICER)
    assert result.code == 5
    assert result.stderr_lines == ["jhro: Only an administrator of the backup may "
                                   "restore it."]
    assert not any((tmp_path / "elsewhere" / name).exists() for name in backup.VAULT_FILES)


# -- refusals: exit 4, one line, nothing changed ------------------------------------------

def _truncated(made: Path, vault: VaultDir) -> None:
    data = made.read_bytes()
    made.write_bytes(data[:len(data) * 2 // 3])


def _bit_flipped(made: Path, vault: VaultDir) -> None:
    with tarfile.open(made) as tar:
        offset = tar.getmember(archive.DATABASE).offset_data
    data = bytearray(made.read_bytes())
    data[offset + 3 * 4096 + 100] ^= 0x01
    made.write_bytes(bytes(data))


def _flipped_with_sums(made: Path, vault: VaultDir) -> None:
    content = members(made)
    database = bytearray(content[archive.DATABASE])
    database[2 * 4096 + 200] ^= 0x01
    repack(made, {**content, archive.DATABASE: bytes(database)}, sums=True)


def _flipped_with_sums_and_hmac(made: Path, vault: VaultDir) -> None:
    content = members(made)
    database = bytearray(content[archive.DATABASE])
    database[2 * 4096 + 200] ^= 0x01
    repack(made, {**content, archive.DATABASE: bytes(database)}, sums=True,
           root=bytes(vault.roots()[0]))


def _older_database(made: Path, vault: VaultDir) -> None:
    """An older backup's database in a newer backup, the manifest made to match by someone
    who holds the key: only the anchor the backup carries tells."""
    older = members(made)[archive.DATABASE]
    session = vault.login(ADMIN)
    session.audit("test.between", detail="after the older copy")
    session.close()
    newer = make_backup(vault, made.parent, "newer.jhro-backup")
    content = members(newer)
    newer.unlink()
    repack(made, {**content, archive.DATABASE: older}, sums=True,
           root=bytes(vault.roots()[0]))


REFUSED = {
    "truncated": (_truncated, "jhro: The file is not a whole jhro backup: "),
    "bit-flipped": (_bit_flipped, "jhro: The file is not a whole jhro backup: the SHA-256 of "
                                  "jhro.db differs from its manifest."),
    "checksums computed again": (_flipped_with_sums, "jhro: The backup's manifest was "
                                                     "altered (its HMAC does not match)"),
    "checksums and HMAC computed again": (_flipped_with_sums_and_hmac,
                                          "jhro: The backup's database is damaged: "),
    "older database than its anchor": (_older_database, "jhro: The backup is refused: Audit "
                                                        "chain cut"),
}


@pytest.mark.parametrize("damage", list(REFUSED))
def test_a_damaged_or_altered_backup_is_refused_and_nothing_changes(
        damage: str, vault: VaultDir, tmp_path: Path, jhro: Jhro) -> None:
    spoil, expected = REFUSED[damage]
    folder = tmp_path / "backups"
    folder.mkdir()
    made = make_backup(vault, folder)
    spoil(made, vault)
    digests = vault.digests()
    listing = sorted(path.name for path in vault.data_dir.iterdir())
    result = restore_cli(jhro, made, "--replace")
    assert result.code == 4, result.stderr
    (line,) = result.stderr_lines
    assert line.startswith(expected)
    assert vault.digests() == digests
    assert sorted(path.name for path in vault.data_dir.iterdir()) == listing
    checked = jhro("backup", "--verify", str(made), "--account", ADMIN,
                   "--passphrase-stdin", stdin=[PASSPHRASES[ADMIN]])
    assert checked.code == 4 and checked.stderr_lines == result.stderr_lines
    # Without a passphrase only damage is seen; checksums computed again pass (the limit
    # the README states).
    whole = jhro("backup", "--verify", str(made))
    assert whole.code == (4 if damage in {"truncated", "bit-flipped"} else 0)
    assert sorted(path.name for path in folder.iterdir()) == [made.name]


def test_a_backup_with_a_plaintext_database_is_refused_without_a_passphrase(
        vault: VaultDir, tmp_path: Path) -> None:
    made = make_backup(vault, tmp_path)
    content = members(made)
    plain = PLAIN_SQLITE_HEADER + content[archive.DATABASE][len(PLAIN_SQLITE_HEADER):]
    repack(made, {**content, archive.DATABASE: plain}, sums=True)
    result = run_cli(["backup", "--verify", str(made)], data_dir=None)
    assert result.code == 4
    assert result.stderr_lines == ["jhro: The backup's database is not encrypted; "
                                   "refusing it."]


def test_a_kill_while_the_archive_is_written_leaves_no_backup(
        vault: VaultDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(archive, "_link_new", killed)
    session = vault.login(ADMIN)
    try:
        with pytest.raises(KeyboardInterrupt):
            backup.create(session, tmp_path / "cut.jhro-backup")
    finally:
        session.close()
    assert list(tmp_path.iterdir()) == [vault.data_dir]


def test_progress_counts_pages_up_to_the_whole_database(vault: VaultDir,
                                                        tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    session = vault.login(ADMIN)
    try:
        backup.create(session, tmp_path / "p.jhro-backup", lambda done, total: seen.append(
            (done, total)))
    finally:
        session.close()
    pages = len(members(tmp_path / "p.jhro-backup")[archive.DATABASE]) // 4096
    assert seen and seen[-1] == (pages, pages)


def test_a_wrong_passphrase_restores_nothing(vault: VaultDir, tmp_path: Path,
                                             jhro: Jhro) -> None:
    made = make_backup(vault, tmp_path)
    digests = vault.digests()
    result = jhro("restore", str(made), "--replace", user=ADMIN, passphrase="not it at all")
    assert result.code == 3
    assert result.stderr_lines == ["jhro: Unknown account or wrong passphrase."]
    assert vault.digests() == digests
    assert not list(vault.data_dir.glob("replaced-*"))
    assert not list(vault.data_dir.glob(".restore-*"))


@pytest.fixture(scope="module")
def one_backup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.conftest import build_vault

    folder = tmp_path_factory.mktemp("fuzzed")
    return make_backup(build_vault(folder / "data"), folder).read_bytes()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0), flips=st.lists(
    # Half of them in the headers and the manifest, at the start of the file.
    st.tuples(st.one_of(st.integers(0, 3071), st.integers(min_value=0)),
              st.integers(min_value=1, max_value=255)),
    max_size=3))
def test_a_spoiled_file_is_refused_as_damage_never_anything_else(
        one_backup: bytes, tmp_path: Path, cut: int,
        flips: list[tuple[int, int]]) -> None:
    """Hostile input (security.md §3.3 #7): a cut or bit-flipped file gives one typed
    refusal, never a traceback; what reads as whole has the manifest's every checksum."""
    data = bytearray(one_backup[:len(one_backup) - cut % len(one_backup)])
    for offset, mask in flips:
        data[offset % len(data)] ^= mask
    spoiled = tmp_path / f"spoiled-{os.urandom(4).hex()}"
    spoiled.write_bytes(bytes(data))
    try:
        backup.check_file(spoiled)
    except DamagedData:
        pass
    finally:
        spoiled.unlink()
