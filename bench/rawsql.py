"""Baselines in raw SQL: the statements a figure ran, replayed through ``sqlcipher3``.

The session records every statement jhro sends while a figure runs (SQLite's trace
hook, parameters expanded). Replaying them here, on a plain ``sqlcipher3`` connection
with jhro's pragmas, gives what the database alone costs; the difference is jhro's
own work (services, peewee, workers, audit, painting).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from jhro_tui.config import Paths, Settings
from jhro_tui.security import keys
from jhro_tui.security.vault import PRAGMAS
from jhro_tui.services.session import make_throttle, unlock_keyring

TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)
READ = re.compile(r"^\s*(SELECT|WITH|VALUES)\b", re.I)
# The audit trail and its anchor are jhro's design, not the data a screen needs.
AUDIT = re.compile(r"\baudit_(event|key_history)\b", re.I)
# In-memory scratch tables a read fills and reads back (search matches): part of the read.
SCRATCH = re.compile(r"^\s*CREATE\s+TEMP\b|\"temp\"\.|\btemp\.", re.I)


def database_key(data_dir: Path, account: str, passphrase: str) -> bytearray:
    """The database key, the way jhro derives it (Argon2id, then HKDF)."""
    paths = Paths(data_dir)
    unlocked = unlock_keyring(paths, make_throttle(paths, Settings()), account, passphrase)
    try:
        return keys.hkdf(unlocked.roots[0], keys.LABEL_DATABASE)
    finally:
        unlocked.wipe()


def connect(path: Path, key: bytearray | None) -> Any:
    """A raw connection with jhro's pragmas; ``key`` None opens a plain SQLite file."""
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for name, value in PRAGMAS:
        conn.execute(f"PRAGMA {name} = {value}")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def reads_of(statements: Sequence[str]) -> list[str]:
    """The statements that read the data a screen shows (no audit, no transactions)."""
    return [sql for sql in statements
            if (READ.match(sql) or SCRATCH.search(sql)) and not AUDIT.search(sql)]


def work_of(statements: Sequence[str]) -> list[str]:
    """Reads and writes without the audit trail, for a figure that saves."""
    return [sql for sql in statements
            if not TRANSACTION.match(sql) and not AUDIT.search(sql)
            and not sql.lstrip().upper().startswith("PRAGMA")]


def run_once(conn: Any, statements: Sequence[str], *, write: bool = False) -> float:
    """Seconds to run ``statements`` (fetching every row), in one transaction if writing."""
    started = time.perf_counter()
    if write:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for sql in statements:
            conn.execute(sql).fetchall()
    except BaseException:
        if write:
            conn.execute("ROLLBACK")
        raise
    if write:
        conn.execute("COMMIT")
    return time.perf_counter() - started


def replay(conn: Any, statements: Sequence[str], repeat: int, *, write: bool = False,
           warm: bool = True) -> list[float]:
    if warm:
        run_once(conn, statements, write=write)
    return [run_once(conn, statements, write=write) for _ in range(repeat)]


@contextmanager
def plain_copy(encrypted: Any, target: Path) -> Iterator[Path]:
    """An unencrypted copy of the database, deleted as soon as the block ends.

    It holds (synthetic) case data in clear, so it lives only in bench/scratch and only
    for the length of the comparison.
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    try:
        escaped = str(target).replace("'", "''")
        encrypted.execute(f"ATTACH DATABASE '{escaped}' AS plain KEY ''")
        try:
            encrypted.execute("SELECT sqlcipher_export('plain')").fetchall()
        finally:
            encrypted.execute("DETACH DATABASE plain")
        yield target
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
