"""``audit verify`` names the first edited, deleted, inserted or reordered event, and a cut tail.

The edits are made the way an insider holding the database key would: straight SQL
through the vault's own connection, bypassing the audit code and the anchor.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jhro_tui.security.audit import AuditChain
from jhro_tui.security.vault import Vault
from jhro_tui.services import maintenance
from tests.conftest import ADMIN, PASSPHRASES, CliResult, VaultDir
from tests.core.support import inspect

COLUMNS = "seq, epoch, ts, account, action, object, detail, outcome, mac"
TARGET = 8  # a sequence number in the middle of the chain


@pytest.fixture
def chained(vault: VaultDir) -> VaultDir:
    """The fixture vault with a longer chain: about twenty events."""
    session = vault.login(ADMIN)
    try:
        for number in range(10):
            session.audit("case.view", f"case:{number}", f"viewed case {number}")
    finally:
        session.close()
    assert inspect(vault).chain.length >= 16
    return vault


def raw_sql(vault: VaultDir, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run SQL on the database with its key, as an insider would; no audit, no anchor."""
    opened = Vault.open(vault.paths, vault.roots())
    try:
        with opened.db.atomic():
            for sql, params in statements:
                opened.db.execute_sql(sql, params)
        opened.checkpoint()
    finally:
        opened.close()


def row(vault: VaultDir, seq: int) -> tuple[object, ...]:
    opened = Vault.open(vault.paths, vault.roots())
    try:
        return tuple(opened.db.execute_sql(
            f"SELECT {COLUMNS} FROM audit_event WHERE seq = ?", (seq,)).fetchone())
    finally:
        opened.close()


def verdict(vault: VaultDir) -> tuple[str | None, int | None]:
    report = maintenance.verify_audit(vault.paths, vault.settings, ADMIN, PASSPHRASES[ADMIN])
    assert report.integrity_problems == []
    return report.chain.problem, report.chain.seq


def test_untouched_chain_verifies_and_reports_its_length(
        chained: VaultDir, jhro: Callable[..., CliResult]) -> None:
    length = inspect(chained).chain.length
    result = jhro("audit", "verify", user=ADMIN)
    assert result.code == 0, result.stderr
    assert result.stdout == f"Audit chain intact: {length} events.\n"
    # The verification itself is audited, and the chain stays whole.
    after = inspect(chained)
    assert after.chain.intact
    assert after.rows[-1].action == "audit.verify"


@pytest.mark.parametrize(("column", "value"), [
    ("detail", "viewed nothing"), ("account", "someone.else"), ("action", "case.edit"),
    ("object", "case:999"), ("outcome", "denied"), ("ts", "2020-01-01T00:00:00.000000Z"),
    ("mac", bytes(32)),
])
def test_edited_event_is_named(chained: VaultDir, column: str, value: object) -> None:
    raw_sql(chained, (f"UPDATE audit_event SET {column} = ? WHERE seq = ?", (value, TARGET)))
    assert verdict(chained) == ("edited", TARGET)


def test_event_moved_to_another_key_epoch_is_named(chained: VaultDir) -> None:
    raw_sql(chained, ("UPDATE audit_event SET epoch = 7 WHERE seq = ?", (TARGET,)))
    assert verdict(chained) == ("unknown-epoch", TARGET)


def test_edited_event_is_reported_by_the_cli(chained: VaultDir,
                                             jhro: Callable[..., CliResult]) -> None:
    raw_sql(chained, ("UPDATE audit_event SET detail = 'nothing here' WHERE seq = ?",
                      (TARGET,)))
    result = jhro("audit", "verify", user=ADMIN)
    assert result.code == 4
    assert result.stderr_lines == [f"Audit chain broken: event {TARGET} was edited."]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("seq", [1, TARGET])
def test_deleted_event_is_named(chained: VaultDir, seq: int) -> None:
    raw_sql(chained, ("DELETE FROM audit_event WHERE seq = ?", (seq,)))
    assert verdict(chained) == ("deleted", seq)


def _renumber_from(seq: int) -> list[tuple[str, tuple[object, ...]]]:
    """Shift every event from ``seq`` on up by one, making room for one more."""
    return [("UPDATE audit_event SET seq = -seq - 1 WHERE seq >= ?", (seq,)),
            ("UPDATE audit_event SET seq = -seq WHERE seq < 0", ())]


def test_inserted_event_is_named(chained: VaultDir) -> None:
    forged = (TARGET, 1, "2026-01-01T00:00:00.000000Z", ADMIN, "case.view", "case:x",
              "a forged visit", "ok", bytes(range(32)))
    raw_sql(chained, *_renumber_from(TARGET),
            (f"INSERT INTO audit_event ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", forged))
    assert verdict(chained) == ("inserted", TARGET)


def test_duplicated_event_is_named(chained: VaultDir) -> None:
    original = row(chained, TARGET)
    raw_sql(chained, *_renumber_from(TARGET + 1),
            (f"INSERT INTO audit_event ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
             (TARGET + 1, *original[1:])))
    assert verdict(chained) == ("inserted", TARGET + 1)


def test_swapped_pair_of_events_is_named_as_reordered(chained: VaultDir) -> None:
    first, second = row(chained, TARGET), row(chained, TARGET + 1)
    set_all = ("UPDATE audit_event SET epoch=?, ts=?, account=?, action=?, object=?, "
               "detail=?, outcome=?, mac=? WHERE seq = ?")
    raw_sql(chained, (set_all, (*second[1:], TARGET)), (set_all, (*first[1:], TARGET + 1)))
    assert verdict(chained) == ("reordered", TARGET)


def test_cut_tail_is_caught_by_the_anchor_alone(chained: VaultDir) -> None:
    length = inspect(chained).chain.length
    raw_sql(chained, ("DELETE FROM audit_event WHERE seq > ?", (length - 3,)))
    seen = inspect(chained)
    # Without the anchor a shorter chain is a perfectly valid chain: the documented limit.
    assert seen.chain_without_anchor.intact
    assert seen.chain_without_anchor.length == length - 3
    assert (seen.chain.problem, seen.chain.seq) == ("truncated", length - 2)
    assert verdict(chained) == ("truncated", length - 2)


def test_head_replaced_with_a_forged_event_is_caught_by_the_anchor(chained: VaultDir) -> None:
    length = inspect(chained).chain.length
    raw_sql(chained, ("UPDATE audit_event SET mac = ? WHERE seq = ?", (bytes(32), length)))
    assert verdict(chained) == ("edited", length)


def test_chain_written_before_a_key_rotation_still_verifies(chained: VaultDir) -> None:
    maintenance.rekey(chained.paths, chained.settings, ADMIN, PASSPHRASES[ADMIN])
    session = chained.login(ADMIN)
    try:
        session.audit("case.view", "case:after", "after rotation")
    finally:
        session.close()
    seen = inspect(chained)
    assert seen.chain.intact
    assert {event.epoch for event in seen.rows} == {1, 2}
    assert verdict(chained) == (None, None)


def test_verify_walks_every_row_with_the_right_key_only(chained: VaultDir) -> None:
    with_wrong_key = []
    opened = Vault.open(chained.paths, chained.roots())
    try:
        chain = AuditChain(opened.db.execute_sql, bytes(32))
        with_wrong_key.append(chain.verify(None))
    finally:
        opened.close()
    assert with_wrong_key[0].problem == "edited"
    assert with_wrong_key[0].seq == 1
