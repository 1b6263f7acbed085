"""The audit anchor: the chain's head, appended outside the database after each commit.

SQLCipher's page MACs cannot see a whole file restored from an older copy, an old page
spliced back, or a damaged WAL frame that silently drops the last transactions. A
database whose audit chain is behind the last head written here has lost history.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jhro_tui.security.files import atomic_write, durable_append

_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class AnchorPoint:
    seq: int
    mac: bytes


def line(seq: int, mac: bytes) -> bytes:
    """One head as the file holds it, stamped now."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{seq} {mac.hex()} {stamp}\n".encode("ascii")


def append(path: Path, seq: int, mac: bytes) -> None:
    durable_append(path, line(seq, mac))


def recent(path: Path) -> list[AnchorPoint]:
    """Every head recorded in the file's last 64 KiB (hundreds of commits), in file order.

    Each line is a point the chain once passed through, so each must still be in the
    database: comparing only the highest seq let a chain rewritten after an old head (a
    rolled-back file written to again) pass once its new head overtook the anchored one.
    """
    return [point for _raw, point in _tail(path)]


def _tail(path: Path) -> list[tuple[bytes, AnchorPoint]]:
    """The whole, well-formed lines of the last 64 KiB, each with the head it records."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            start = max(0, size - _TAIL_BYTES)
            handle.seek(start)
            tail = handle.read()
    except FileNotFoundError:
        return []
    if start > 0:
        # The window's first line is a cut one: "745 <mac> ..." cut to "5 <mac> ..."
        # parses as a point that never was.
        tail = tail.partition(b"\n")[2]
    points: list[tuple[bytes, AnchorPoint]] = []
    for raw in tail.splitlines():
        parts = raw.split()
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64:
            continue  # a torn write
        try:
            points.append((raw, AnchorPoint(int(parts[0]),
                                            bytes.fromhex(parts[1].decode("ascii")))))
        except ValueError:
            continue
    return points


def lines_through(path: Path, seq: int) -> bytes:
    """The whole lines of the file's last 64 KiB (what ``recent`` reads) whose head is at
    most ``seq``: the anchor of a copy of the database taken at that head."""
    return b"".join(raw + b"\n" for raw, point in _tail(path) if point.seq <= seq)


def latest(path: Path) -> AnchorPoint | None:
    """The highest head recorded; lines from concurrent writers may come out of order."""
    return max(recent(path), key=lambda point: point.seq, default=None)


def first_difference(points: list[AnchorPoint], mac_at: Callable[[int], bytes | None]
                     ) -> AnchorPoint | None:
    """The first anchored point the chain no longer holds (``mac_at(seq)`` reads the
    chain's MAC at ``seq``, None when the row is missing); None when every one is held."""
    for point in sorted(set(points), key=lambda point: point.seq):
        mac = mac_at(point.seq)
        if mac is None or not hmac.compare_digest(mac, point.mac):
            return point
    return None


def exists(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def reset(path: Path, seq: int, mac: bytes) -> None:
    """Start the anchor again at the database's head (after an admin's acknowledgement)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    atomic_write(path, f"{seq} {mac.hex()} {stamp}\n".encode("ascii"))
