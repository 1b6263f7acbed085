"""The audit anchor: the chain's head, appended outside the database after each commit.

SQLCipher's page MACs cannot see a whole file restored from an older copy, an old page
spliced back, or a damaged WAL frame that silently drops the last transactions. A
database whose audit chain is behind the last head written here has lost history.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from jhro_tui.security.files import atomic_write, durable_append

_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class AnchorPoint:
    seq: int
    mac: bytes


def append(path: Path, seq: int, mac: bytes) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    durable_append(path, f"{seq} {mac.hex()} {stamp}\n".encode("ascii"))


def latest(path: Path) -> AnchorPoint | None:
    """The highest head recorded; lines from concurrent writers may come out of order."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read()
    except FileNotFoundError:
        return None
    best: AnchorPoint | None = None
    for line in tail.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit() or len(parts[1]) != 64:
            continue  # the first, partial line of the tail window, or a torn write
        try:
            point = AnchorPoint(int(parts[0]), bytes.fromhex(parts[1].decode("ascii")))
        except ValueError:
            continue
        if best is None or point.seq > best.seq:
            best = point
    return best


def exists(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def reset(path: Path, seq: int, mac: bytes) -> None:
    """Start the anchor again at the database's head (after an admin's acknowledgement)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    atomic_write(path, f"{seq} {mac.hex()} {stamp}\n".encode("ascii"))
