"""The append-only audit trail, chained with HMAC-SHA256.

Each row's MAC covers the previous row's MAC and the canonical form of the row, so an
edited, deleted, inserted or reordered row breaks the chain from that point on. A cut
tail leaves a valid chain; the anchor outside the database is what catches it.
Rows are written in the transaction of the change they record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from jhro_tui.security.anchor import AnchorPoint

GENESIS_MAC = bytes(32)
SUCCESS = "ok"
DENIED = "denied"
FAILED = "failed"

CREATE_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS audit_event (
        seq INTEGER PRIMARY KEY,
        epoch INTEGER NOT NULL,
        ts TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        detail TEXT NOT NULL,
        outcome TEXT NOT NULL,
        mac BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_key_history (
        epoch INTEGER PRIMARY KEY,
        mac_key BLOB NOT NULL)""",
)


@dataclass(frozen=True)
class AuditEvent:
    """One thing that happened: who did what to which object, and how it ended."""

    account: str
    action: str
    object: str = ""
    detail: str = ""
    outcome: str = SUCCESS


@dataclass(frozen=True)
class AuditRow:
    seq: int
    epoch: int
    ts: str
    account: str
    action: str
    object: str
    detail: str
    outcome: str
    mac: bytes

    def canonical(self, seq: int | None = None) -> bytes:
        fields: list[Any] = [self.seq if seq is None else seq, self.epoch, self.ts, self.account,
                             self.action, self.object, self.detail, self.outcome]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class ChainReport:
    """What ``verify`` found: an intact chain of ``length`` rows, or the first problem."""

    length: int
    problem: str | None = None
    """One of: edited, deleted, inserted, reordered, truncated, anchor-mismatch,
    unknown-epoch; None when the chain is intact."""
    seq: int | None = None
    """The first sequence number at fault."""

    @property
    def intact(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class ChainPosition:
    """How far a walk of the chain got: the last row it checked, and that row's MAC."""

    seq: int = 0
    mac: bytes = GENESIS_MAC


def compute_mac(key: bytes | bytearray, previous: bytes, row: AuditRow, seq: int | None = None
                ) -> bytes:
    return hmac.new(bytes(key), previous + row.canonical(seq), hashlib.sha256).digest()


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_COLUMNS = "seq, epoch, ts, account, action, object, detail, outcome, mac"


class AuditChain:
    """Appends to and verifies the chain through a DB-API style ``execute``."""

    def __init__(self, execute: Any, current_key: bytes | bytearray) -> None:
        self._execute = execute
        self._current_key = current_key

    def current_epoch(self) -> int:
        row = self._execute("SELECT max(epoch) FROM audit_key_history").fetchone()
        return (row[0] or 0) + 1

    def head(self) -> AnchorPoint | None:
        # NOT INDEXED: statistics taken while the trail was short (the demo's ANALYZE)
        # made SQLite scan the object index and sort the trail, 3.7 s a write at 2,000,000
        # events; the rowid alone gives the head at once.
        row = self._execute("SELECT seq, mac FROM audit_event NOT INDEXED "
                            "ORDER BY seq DESC LIMIT 1").fetchone()
        return AnchorPoint(row[0], bytes(row[1])) if row else None

    def append(self, events: Sequence[AuditEvent]) -> AnchorPoint:
        """Add ``events`` after the head; call inside the write transaction of the change."""
        head = self.head()
        seq, previous = (head.seq, head.mac) if head else (0, GENESIS_MAC)
        epoch = self.current_epoch()
        for event in events:
            seq += 1
            row = AuditRow(seq, epoch, utc_now(), event.account, event.action, event.object,
                           event.detail, event.outcome, b"")
            previous = compute_mac(self._current_key, previous, row)
            self._execute(f"INSERT INTO audit_event ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                          (seq, epoch, row.ts, row.account, row.action, row.object, row.detail,
                           row.outcome, previous))
        return AnchorPoint(seq, previous)

    def rows(self, after: int = 0, limit: int | None = None) -> Iterator[AuditRow]:
        cursor = self._execute(f"SELECT {_COLUMNS} FROM audit_event NOT INDEXED WHERE seq > ?"
                               " ORDER BY seq LIMIT ?", (after, -1 if limit is None else limit))
        for raw in cursor:
            fields = cast("tuple[int, int, str, str, str, str, str, str]", raw[:8])
            yield AuditRow(*fields, bytes(raw[8]))

    def _keys(self) -> dict[int, bytes]:
        keys = {row[0]: bytes(row[1])
                for row in self._execute("SELECT epoch, mac_key FROM audit_key_history")}
        keys[self.current_epoch()] = bytes(self._current_key)
        return keys

    def walk(self, start: ChainPosition | None = None, limit: int | None = None
             ) -> tuple[ChainPosition, ChainReport | None]:
        """Check the rows after ``start`` (at most ``limit`` of them): where the walk
        stopped, and the first problem found (None when every row checked holds). A walk
        in stretches (the audit viewer's check, with its progress) finds what one whole
        walk finds: each stretch starts from the MAC the previous one ended on."""
        start = start or ChainPosition()
        keys = self._keys()
        previous_mac, previous_seq = start.mac, start.seq
        rows = self.rows(start.seq, limit)
        for row in rows:
            if row.seq != previous_seq + 1:
                return start, ChainReport(previous_seq + 1, "deleted", previous_seq + 1)
            key = keys.get(row.epoch)
            if key is None:
                return start, ChainReport(row.seq, "unknown-epoch", row.seq)
            if not hmac.compare_digest(compute_mac(key, previous_mac, row), row.mac):
                following = next(rows, None) or next(self.rows(row.seq, 1), None)
                return start, ChainReport(row.seq, _classify(keys, previous_mac, row,
                                                             following), row.seq)
            previous_mac, previous_seq = row.mac, row.seq
        return ChainPosition(previous_seq, previous_mac), None

    def compare_anchor(self, length: int, anchor: AnchorPoint | None,
                       earlier: Sequence[AnchorPoint] = ()) -> ChainReport:
        """A chain found whole up to ``length``, against the anchor: its highest head, and
        every ``earlier`` head recorded, which the chain must still hold."""
        if anchor is not None:
            if anchor.seq > length:
                return ChainReport(length, "truncated", length + 1)
            at_anchor = self._execute("SELECT mac FROM audit_event WHERE seq = ?",
                                      (anchor.seq,)).fetchone()
            if at_anchor is None or not hmac.compare_digest(bytes(at_anchor[0]), anchor.mac):
                return ChainReport(length, "anchor-mismatch", anchor.seq)
        for point in sorted(earlier, key=lambda point: point.seq):
            row = self._execute("SELECT mac FROM audit_event WHERE seq = ?",
                                (point.seq,)).fetchone()
            if row is None or not hmac.compare_digest(bytes(row[0]), point.mac):
                return ChainReport(length, "anchor-mismatch", point.seq)
        return ChainReport(length)

    def verify(self, anchor: AnchorPoint | None, earlier: Sequence[AnchorPoint] = ()
               ) -> ChainReport:
        """Walk the whole chain once, then compare it with the anchor."""
        end, problem = self.walk()
        return problem or self.compare_anchor(end.seq, anchor, earlier)


def _classify(keys: dict[int, bytes], previous_mac: bytes, bad: AuditRow,
              following: AuditRow | None) -> str:
    """Name what most likely happened at the first row that breaks the chain."""
    bad_key = keys.get(bad.epoch)
    if following is not None and bad_key is not None:
        next_key = keys.get(following.epoch)
        # Two neighbours that each verify in the other's place were swapped.
        if next_key is not None and hmac.compare_digest(
                compute_mac(next_key, previous_mac, following, bad.seq), following.mac):
            if hmac.compare_digest(compute_mac(bad_key, following.mac, bad, following.seq),
                                   bad.mac):
                return "reordered"
            # The next row fits where this one stands: this one was slipped in.
            return "inserted"
        # The next row still chains from this row's stored MAC: only this row's content moved.
        if next_key is not None and hmac.compare_digest(
                compute_mac(next_key, bad.mac, following), following.mac):
            return "edited"
    return "edited"
