"""A damaged or tampered database: exit 4, one clear line, and the file left as it was.

SQLCipher's page MACs catch a flipped byte; they cannot see an old page spliced back,
a whole file rolled back, or a damaged WAL frame (SQLite silently drops the frames from
there on). The audit anchor beside the database is what catches those three.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.errors import DamagedData
from jhro_tui.security import anchor
from jhro_tui.services import maintenance
from jhro_tui.store.models import Account
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, CliResult, VaultDir, file_digest
from tests.core.support import (
    PAGE_SIZE,
    differing_pages,
    flip_byte,
    flip_page_byte,
    fork_child,
    inspect,
    page_count,
    read_all,
    report,
    root_pages,
    splice_pages,
    wal_frame_count,
    wal_frame_offset,
)

EXIT_DAMAGED = 4


def db_bytes(vault: VaultDir) -> tuple[str | None, bytes]:
    """The database file's digest and the WAL's content (a missing WAL counts as empty)."""
    wal = vault.data_dir / "jhro.db-wal"
    return file_digest(vault.paths.database), wal.read_bytes() if wal.exists() else b""


def assert_clean_refusal(result: CliResult, *, code: int = EXIT_DAMAGED) -> None:
    assert result.code == code, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "a refusal must say why"
    assert result.stdout == ""


def assert_one_line_alarm(result: CliResult, anchor_seq: int, head_seq: int) -> None:
    assert_clean_refusal(result)
    assert len(result.stderr_lines) == 1
    assert result.stderr.startswith("jhro: ALARM: the database is older than its audit anchor")
    assert f"anchor at event {anchor_seq}, database at {head_seq}" in result.stderr


def test_every_flipped_page_is_found_by_audit_verify_without_touching_the_file(
        vault: VaultDir, tmp_path: Path) -> None:
    pages = page_count(vault.paths.database)
    assert pages >= 10
    for number in range(1, pages + 1):
        copy = vault.copy_to(tmp_path / f"page{number}")
        flip_page_byte(copy.paths.database, number, 1000 + (number * 37) % 2000, 0x10)
        before = db_bytes(copy)
        try:
            verdict = maintenance.verify_audit(copy.paths, copy.settings, ADMIN,
                                               PASSPHRASES[ADMIN])
        except DamagedData:
            pass  # page 1, or a schema page: refused before any check could run
        else:
            assert not verdict.intact, f"page {number}: flip not detected"
            assert verdict.integrity_problems, f"page {number}"
        assert db_bytes(copy) == before, f"page {number}: verify changed the file"
        shutil.rmtree(copy.data_dir)


@pytest.mark.parametrize("where", ["first", "audit", "account", "last"])
def test_flipped_byte_makes_cli_exit_4_with_one_line_and_no_traceback(
        vault: VaultDir, jhro: Callable[..., CliResult], where: str) -> None:
    pages = {"first": 1, "audit": root_pages(vault, "audit_event")[0],
             "account": root_pages(vault, "account")[0],
             "last": page_count(vault.paths.database)}
    number = pages[where]
    flip_page_byte(vault.paths.database, number, 2048, 0x80)
    before = db_bytes(vault)

    verify = jhro("audit", "verify", user=ADMIN)
    assert_clean_refusal(verify)
    if where != "first":
        assert f"HMAC verification failed for page {number}" in verify.stderr
    assert db_bytes(vault) == before

    for command in (["user", "list"], ["rekey"], ["audit", "acknowledge", "--reason", "x"]):
        before = db_bytes(vault)  # a command that finds nothing wrong may write
        result = jhro(*command, user=ADMIN)
        assert "Traceback" not in result.stderr, command
        assert len(result.stderr_lines) <= 1, (command, result.stderr)
        if result.code != 0:
            assert result.code == EXIT_DAMAGED, (command, result.stderr)
            assert db_bytes(vault) == before, command


@pytest.mark.parametrize("size", [0, 100, PAGE_SIZE, 3 * PAGE_SIZE + 100, -1, -PAGE_SIZE])
def test_truncated_database_exits_4_and_is_not_modified(
        vault: VaultDir, jhro: Callable[..., CliResult], size: int) -> None:
    full = vault.paths.database.stat().st_size
    with open(vault.paths.database, "r+b") as handle:
        handle.truncate(size if size >= 0 else full + size)
    before = db_bytes(vault)
    for command in (["audit", "verify"], ["user", "list"]):
        result = jhro(*command, user=ADMIN)
        assert_clean_refusal(result)
        assert len(result.stderr_lines) == 1, result.stderr
        assert db_bytes(vault) == before


def test_plain_sqlite_file_in_place_of_the_database_is_refused(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    vault.paths.database.unlink()
    plain = sqlite3.connect(vault.paths.database)
    plain.execute("CREATE TABLE account (name TEXT)")
    plain.commit()
    plain.close()
    before = db_bytes(vault)
    result = jhro("user", "list", user=ADMIN)
    assert_clean_refusal(result)
    assert "unencrypted SQLite file" in result.stderr
    assert db_bytes(vault) == before


def test_missing_database_beside_its_keyring_is_refused(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    vault.paths.database.unlink()
    result = jhro("user", "list", user=ADMIN)
    assert_clean_refusal(result)
    assert "database" in result.stderr
    assert "missing" in result.stderr
    assert not vault.paths.database.exists()


def _change_officer_name_with_its_audit_row(vault: VaultDir, full_name: str) -> None:
    session = vault.login(OFFICER)
    try:
        with session.write() as audit:
            Account.update(full_name=full_name).where(Account.name == OFFICER).execute()
            audit("account.edit", f"account:{OFFICER}", "full_name")
    finally:
        session.close()


def test_audit_pages_spliced_from_an_older_copy_raise_the_anchor_alarm(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    old = vault.paths.database.read_bytes()
    old_head = inspect(vault).chain.length
    _change_officer_name_with_its_audit_row(vault, "Renamed Without Trace")
    assert not (vault.data_dir / "jhro.db-wal").exists() or \
        (vault.data_dir / "jhro.db-wal").stat().st_size == 0
    changed = differing_pages(old, vault.paths.database.read_bytes())
    audit_pages = set(root_pages(vault, "audit_event"))
    account_pages = set(root_pages(vault, "account"))
    spliced = sorted(set(changed) & audit_pages)
    assert spliced, f"changed pages {changed} hold no audit page {audit_pages}"
    assert set(changed) & account_pages, "the change itself must survive the splice"

    splice_pages(vault.paths.database, old, spliced)

    # SQLCipher and SQLite see nothing wrong: every page is a genuine, older page.
    seen = inspect(vault)
    assert seen.integrity_problems == []
    assert seen.chain_without_anchor.intact
    assert seen.chain_without_anchor.length == old_head
    assert [row for row in seen.rows if row.action == "account.edit"] == []
    before = db_bytes(vault)

    result = jhro("user", "list", user=ADMIN)
    assert_one_line_alarm(result, seen.anchor_seq or 0, old_head)
    verify = jhro("audit", "verify", user=ADMIN)
    assert_clean_refusal(verify)
    assert f"events from {old_head + 1} on are missing" in verify.stderr
    assert db_bytes(vault) == before


def test_database_replaced_by_an_older_copy_raises_the_anchor_alarm(
        vault: VaultDir, jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    yesterday = tmp_path / "yesterday.db"
    shutil.copy2(vault.paths.database, yesterday)
    old_head = inspect(vault).chain.length
    _change_officer_name_with_its_audit_row(vault, "Changed Today")
    shutil.copy2(yesterday, vault.paths.database)
    before = db_bytes(vault)
    anchor_seq = anchor.latest(vault.paths.anchor).seq  # type: ignore[union-attr]
    assert anchor_seq > old_head

    for command in (["user", "list"], ["user", "add", "x1", "--role", "officer"], ["rekey"]):
        assert_one_line_alarm(jhro(*command, user=ADMIN), anchor_seq, old_head)
    verify = jhro("audit", "verify", user=ADMIN)
    assert_clean_refusal(verify)
    assert db_bytes(vault) == before


def _write_then_crash(vault: VaultDir, events: int) -> list[int]:
    """A forked writer commits ``events`` audited events and dies before any checkpoint."""

    def writer(fd: int) -> None:
        session = vault.login(ADMIN)
        for number in range(events):
            session.audit("test.write", detail=f"event {number}")
            report(fd, str(session.vault.audit.head().seq))  # type: ignore[union-attr]
        os.kill(os.getpid(), signal.SIGKILL)

    pid, fd = fork_child(writer)
    lines = read_all(fd)
    os.waitpid(pid, 0)
    assert not [line for line in lines if line.startswith("ERROR")], lines
    return [int(line) for line in lines]


def test_damaged_wal_frame_raises_the_anchor_alarm(
        vault: VaultDir, jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    committed = _write_then_crash(vault, 10)
    wal = vault.data_dir / "jhro.db-wal"
    frames = wal_frame_count(wal)
    assert frames >= 10, "the writes must still sit in the WAL"
    intact = vault.copy_to(tmp_path / "intact")

    middle = frames // 2
    flip_byte(wal, wal_frame_offset(middle) + 123, 0xFF)

    # SQLite drops the frames from the damaged one on, silently: every check passes.
    seen = inspect(vault)
    assert seen.integrity_problems == []
    assert seen.chain_without_anchor.intact
    assert seen.chain_without_anchor.length < committed[-1]
    assert seen.anchor_seq == committed[-1]
    before = db_bytes(vault)

    result = jhro("user", "list", user=ADMIN)
    assert_one_line_alarm(result, committed[-1], seen.chain_without_anchor.length)
    verify = jhro("audit", "verify", user=ADMIN)
    assert_clean_refusal(verify)
    assert "missing" in verify.stderr
    assert db_bytes(vault) == before

    # The same WAL, undamaged, opens normally with every committed event.
    assert inspect(intact).chain.intact
    ok = jhro("audit", "verify", user=ADMIN, data_dir=intact.data_dir)
    assert ok.code == 0, ok.stderr


def test_admin_acknowledgement_lets_normal_start_resume_and_is_audited(
        vault: VaultDir, jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    yesterday = tmp_path / "yesterday.db"
    shutil.copy2(vault.paths.database, yesterday)
    _change_officer_name_with_its_audit_row(vault, "Changed Today")
    shutil.copy2(yesterday, vault.paths.database)
    anchor_seq = anchor.latest(vault.paths.anchor).seq  # type: ignore[union-attr]
    assert jhro("user", "list", user=ADMIN).code == EXIT_DAMAGED

    denied = jhro("audit", "acknowledge", "--reason", "not mine to say", user=OFFICER)
    assert denied.code == 5, denied.stderr
    assert jhro("user", "list", user=ADMIN).code == EXIT_DAMAGED

    reason = "restored from the 02:00 backup after disk failure"
    done = jhro("audit", "acknowledge", "--reason", reason, user=ADMIN)
    assert done.code == 0, done.stderr
    assert f"anchor was at {anchor_seq}" in done.stdout

    listing = jhro("user", "list", user=ADMIN)
    assert listing.code == 0, listing.stderr
    verify = jhro("audit", "verify", user=ADMIN)
    assert verify.code == 0, verify.stderr

    rows = inspect(vault).rows
    acknowledged = [row for row in rows if row.action == "anchor.acknowledge"]
    # The officer's refusal wrote nothing to the suspect chain (it went to the throttle
    # file, carried into the trail as a failed attempt at the next login).
    assert [(row.account, row.outcome) for row in acknowledged] == [(ADMIN, "ok")]
    assert reason in acknowledged[-1].detail
    assert f"anchor={anchor_seq}" in acknowledged[-1].detail
