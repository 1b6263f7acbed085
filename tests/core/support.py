"""Helpers for the core tests: raw file surgery, read-only inspection, forked writers."""

from __future__ import annotations

import binascii
import contextlib
import gc
import os
import re
import signal
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from jhro_tui.security import anchor
from jhro_tui.security.audit import AuditRow, ChainReport
from jhro_tui.security.vault import read_only
from tests.conftest import VaultDir

PAGE_SIZE = 4096
WAL_HEADER = 32
WAL_FRAME_HEADER = 24


def flip_byte(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def flip_page_byte(path: Path, page: int, within: int, mask: int = 0x01) -> None:
    """Flip bits of one byte inside the 1-based ``page`` of a database file."""
    flip_byte(path, (page - 1) * PAGE_SIZE + within, mask)


def page_count(path: Path) -> int:
    return path.stat().st_size // PAGE_SIZE


def differing_pages(old: bytes, new: bytes) -> list[int]:
    """1-based numbers of the pages whose bytes differ between two copies of one file."""
    assert len(old) == len(new), "the file grew: choose a smaller change"
    return [number + 1 for number in range(len(new) // PAGE_SIZE)
            if old[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
            != new[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]]


def splice_pages(target: Path, source: bytes, pages: list[int]) -> None:
    data = bytearray(target.read_bytes())
    for number in pages:
        start = (number - 1) * PAGE_SIZE
        data[start:start + PAGE_SIZE] = source[start:start + PAGE_SIZE]
    target.write_bytes(bytes(data))


def wal_frame_count(path: Path) -> int:
    return (path.stat().st_size - WAL_HEADER) // (WAL_FRAME_HEADER + PAGE_SIZE)


def wal_frame_offset(frame: int) -> int:
    """Offset of the page data of ``frame`` (0-based) inside a WAL file."""
    return WAL_HEADER + frame * (WAL_FRAME_HEADER + PAGE_SIZE) + WAL_FRAME_HEADER


def root_pages(vault: VaultDir, table: str) -> list[int]:
    """Root pages of ``table`` and of its indexes."""
    with read_only(vault.paths, vault.roots()) as view:
        return [row[0] for row in view.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0",
            (table,))]


@dataclass(frozen=True)
class Inspection:
    """What a read-only look at the vault finds, with the admin's key."""

    integrity_problems: list[str]
    chain: ChainReport
    chain_without_anchor: ChainReport
    rows: list[AuditRow]
    anchor_seq: int | None


def inspect(vault: VaultDir, roots: list[bytearray] | None = None) -> Inspection:
    mark = anchor.latest(vault.paths.anchor)
    with read_only(vault.paths, roots or vault.roots()) as view:
        chain = view.audit_chain()
        return Inspection(view.integrity_problems(), chain.verify(mark), chain.verify(None),
                          list(chain.rows()), mark.seq if mark else None)


def fork_child(body: Callable[[int], None]) -> tuple[int, int]:
    """Run ``body(write_fd)`` in a forked child; returns (pid, read_fd).

    The child reports through the pipe and leaves with ``os._exit``, never through the
    test runner's own exit handlers. Anything it raises is written as ``ERROR ...``.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            os.close(read_fd)
            body(write_fd)
        except BaseException:
            code = 1
            text = traceback.format_exc().replace("\n", " | ")
            os.write(write_fd, f"ERROR {text}\n".encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def read_all(fd: int) -> list[str]:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


def kill_and_reap(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def report(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())


def opens_with(path: Path, db_key: bytes | bytearray) -> bool:
    """Whether ``db_key`` (raw) opens the database file, read-only."""
    conn = sqlcipher.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{bytes(db_key).hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.DatabaseError:
        return False
    finally:
        conn.close()


def _reachable_strings_and_bytes() -> Iterator[str | bytes]:
    gc.collect()
    for holder in gc.get_objects():
        for item in gc.get_referents(holder):
            if type(item) is str or type(item) is bytes:
                yield item


def reachable_holding(needles: list[bytearray]) -> list[str]:
    """The reachable str/bytes objects that contain one of ``needles`` (shown cut short,
    so a failure does not print the secret whole)."""
    found = []
    for item in _reachable_strings_and_bytes():
        haystack = item.encode("utf-8", "surrogatepass") if type(item) is str else item
        if len(haystack) >= 16 and any(needle in haystack for needle in needles):  # type: ignore[operator]
            found.append(repr(item[:12]) + "…")
    return found


_HEX_RUN = re.compile(rb"[0-9a-fA-F]{64,}")


def hex_copies_in_memory(raw_key: bytearray) -> int:
    """Places in this process's writable memory that spell ``raw_key`` in hex.

    Runs of hex digits are decoded and compared with the key, so the search itself never
    holds the hex form it looks for.
    """
    count = 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as memory:
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw") or (len(fields) > 5 and
                                                    fields[5] in ("[vvar]", "[vsyscall]")):
                continue
            start, end = (int(bound, 16) for bound in fields[0].split("-"))
            try:
                memory.seek(start)
                region = memory.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue  # a guard page, or a mapping gone meanwhile
            for run in _HEX_RUN.finditer(region):
                digits = run.group()
                count += sum(binascii.unhexlify(digits[at:at + 64]) == raw_key
                             for at in range(len(digits) - 63))
            del region
    return count
