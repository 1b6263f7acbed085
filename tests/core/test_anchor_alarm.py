"""The rollback alarm holds against the people it protects against.

An officer must not be able to clear it by being refused (each refusal used to add a row
to the suspect chain and to the anchor, until the chain's head overtook the anchored
one), and a chain rewritten after an anchored head is caught even when its new head
matches the anchor's last line.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.errors import AuthenticationFailed, DamagedData, PermissionDenied
from jhro_tui.security import anchor
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.vault import BehindAnchor, Vault
from jhro_tui.services import maintenance
from jhro_tui.store.models import Account
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, CliResult, VaultDir
from tests.core.support import inspect

EXIT_DAMAGED = 4


def _roll_back(vault: VaultDir, tmp_path: Path, events: int = 3) -> int:
    """Audit ``events`` changes, then put yesterday's database back; returns its head."""
    yesterday = tmp_path / "yesterday.db"
    shutil.copy2(vault.paths.database, yesterday)
    old_head = inspect(vault).chain.length
    session = vault.login(OFFICER)
    try:
        for number in range(events):
            with session.write() as audit:
                Account.update(full_name=f"Changed {number}").where(
                    Account.name == OFFICER).execute()
                audit("account.edit", f"account:{OFFICER}", "full_name")
    finally:
        session.close()
    shutil.copy2(yesterday, vault.paths.database)
    return old_head


def test_twenty_refused_acknowledgements_by_an_officer_leave_the_alarm_and_the_files(
        vault: VaultDir, jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    _roll_back(vault, tmp_path)
    assert jhro("user", "list", user=ADMIN).code == EXIT_DAMAGED
    before = vault.digests()

    refused = jhro("audit", "acknowledge", "--reason", "let me in", user=OFFICER)
    assert refused.code == 5, refused.stderr
    assert "permission" in refused.stderr
    for _attempt in range(19):
        with pytest.raises((PermissionDenied, AuthenticationFailed)):
            maintenance.acknowledge_anchor(vault.paths, vault.settings, OFFICER,
                                           PASSPHRASES[OFFICER], "let me in")

    assert vault.digests() == before
    assert jhro("user", "list", user=ADMIN).code == EXIT_DAMAGED
    with pytest.raises(BehindAnchor):
        vault.login(ADMIN)


def test_a_chain_rewritten_past_the_anchored_head_is_caught(
        vault: VaultDir, jhro: Callable[..., CliResult], tmp_path: Path) -> None:
    old_head = _roll_back(vault, tmp_path)
    anchored = anchor.latest(vault.paths.anchor)
    assert anchored is not None and anchored.seq > old_head
    # An insider with the key appends to the old copy past the anchored head, and anchors
    # each new head: the anchor's last line then matches the database's head.
    rogue = Vault.open(vault.paths, vault.roots(), accept_behind_anchor=True)
    try:
        with rogue.db.atomic():
            point = rogue.audit.append([AuditEvent(OFFICER, "filler")
                                        for _ in range(anchored.seq - old_head + 2)])
        anchor.append(vault.paths.anchor, point.seq, point.mac)
    finally:
        rogue.close()
    assert anchor.latest(vault.paths.anchor) == point

    with pytest.raises(BehindAnchor) as alarm:
        vault.login(ADMIN)
    assert alarm.value.head is not None and alarm.value.head.seq == point.seq
    result = jhro("user", "list", user=ADMIN)
    assert result.code == EXIT_DAMAGED, result.stderr
    assert f"differs from its anchor at event {old_head + 1}" in result.stderr
    verify = jhro("audit", "verify", user=ADMIN)
    assert verify.code == EXIT_DAMAGED, verify.stderr


def test_a_vault_opened_behind_its_anchor_refuses_every_write_but_the_acknowledgement(
        vault: VaultDir, tmp_path: Path) -> None:
    _roll_back(vault, tmp_path)
    suspect = Vault.open(vault.paths, vault.roots(), accept_behind_anchor=True)
    try:
        before = vault.digests()  # opening read-write made an empty WAL, nothing more
        with pytest.raises(DamagedData):
            suspect.record(AuditEvent(OFFICER, "anchor.acknowledge", outcome="denied"))
        assert vault.digests() == before
        suspect.acknowledge(AuditEvent(ADMIN, "anchor.acknowledge", detail="checked"))
        suspect.record(AuditEvent(ADMIN, "after"))
    finally:
        suspect.close()
    vault.login(ADMIN).close()


def test_the_anchor_tail_window_never_reads_a_cut_line_as_a_point(tmp_path: Path) -> None:
    """A line cut by the 64 KiB window ("1745 <mac> ..." read as "745 <mac> ...") is a
    point that never was: every point read must be one written, with its own MAC."""
    written = {seq: os.urandom(32) for seq in range(1000, 2001)}
    lines = [f"{seq} {written[seq].hex()} 2026-12-05T10:00:00.000000Z\n".encode()
             for seq in range(1000, 2000)]
    width = len(lines[0])
    body = b"".join(lines)
    # The last line's length places the window's start one character into a line.
    last_length = (1 - (len(body) - 65536)) % width + width
    last = f"2000 {written[2000].hex()} ".encode()
    last += b"Z" * (last_length - len(last) - 1) + b"\n"
    path = tmp_path / "jhro.anchor"
    path.write_bytes(body + last)
    assert (path.stat().st_size - 65536) % width == 1

    points = anchor.recent(path)

    assert points and points[-1].seq == 2000
    assert all(written.get(point.seq) == point.mac for point in points)
