"""The SQLCipher database, keyed with a raw 256-bit key, and the checks made before use.

Opening happens in two steps. A read-only probe connection checks the key, the header,
SQLCipher itself and the audit chain's head against the anchor; a read-only connection
never checkpoints, so a damaged or rolled-back database is left byte for byte as it was.
Only then is the read-write connection opened with the pragmas jhro relies on.

Past 500 lines on purpose: opening, keying, checking, rekeying and the file modes share
one lock discipline and one key buffer, which split across files would each have to
re-derive.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from peewee import PeeweeException
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import _sqlite3 as sqlcipher_extension
from sqlcipher3 import dbapi2 as sqlcipher

from jhro_tui.config import Paths
from jhro_tui.errors import DamagedData, DatabaseBusy, DiskFull, JhroError
from jhro_tui.i18n import N_
from jhro_tui.security import anchor, keys
from jhro_tui.security.anchor import AnchorPoint
from jhro_tui.security.audit import CREATE_STATEMENTS, AuditChain, AuditEvent
from jhro_tui.security.files import PRIVATE_FILE_MODE
from jhro_tui.security.keyring import SLOT_CURRENT, Keyring

T = TypeVar("T")

PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096
BUSY_TIMEOUT_MS = 15000

# Order matters: the busy timeout must be in force before journal_mode takes its lock.
PRAGMAS: list[tuple[str, Any]] = [
    ("busy_timeout", BUSY_TIMEOUT_MS),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("temp_store", "memory"),
    ("foreign_keys", 1),
    ("trusted_schema", "off"),
    ("secure_delete", "on"),
    ("cell_size_check", "on"),
    ("mmap_size", 0),
]
EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "temp_store": 2,
                    "foreign_keys": 1, "trusted_schema": 0, "secure_delete": 1}

_log_silenced = threading.Lock()
_silenced = False


def silence_sqlcipher_log() -> None:
    """Stop SQLCipher writing errors to stderr (across the TUI); process-wide, once."""
    global _silenced
    with _log_silenced:
        if _silenced:
            return
        conn = sqlcipher.connect(":memory:")
        try:
            conn.execute("PRAGMA cipher_log = off")
            conn.execute("PRAGMA cipher_log_level = NONE")
        finally:
            conn.close()
        _silenced = True


_HEX_DIGITS = b"0123456789abcdef"


def _sqlcipher_library() -> ctypes.CDLL:
    library = ctypes.CDLL(sqlcipher_extension.__file__)
    for name in ("sqlite3_key", "sqlite3_rekey"):
        function = getattr(library, name)
        function.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
        function.restype = ctypes.c_int
    library.sqlite3_db_filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    library.sqlite3_db_filename.restype = ctypes.c_char_p
    return library


_library = _sqlcipher_library()


def _sqlite_handle(conn: Any, path: Path) -> int | None:
    """The ``sqlite3 *`` inside a sqlcipher3 connection: the first field after the object
    header (as in CPython's own sqlite3 module), checked by asking SQLite which file it
    has open, so a different layout is noticed rather than trusted."""
    handle = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    if not handle:
        return None
    opened = _library.sqlite3_db_filename(handle, b"main")
    if not opened or os.path.realpath(opened) != os.path.realpath(os.fsencode(path)):
        return None
    return handle


def apply_key(conn: Any, path: Path, db_key: bytearray, statement: str = "key") -> None:
    """Key (or, with ``statement="rekey"``, re-key) ``conn`` with the raw ``db_key``.

    The key goes to SQLCipher's C API spelled x'...' in a buffer wiped at once: a
    ``PRAGMA key`` statement would need the hex key as a Python str, which cannot be
    wiped and which the statement cache keeps (with SQLite's copy of the SQL) for the
    connection's life. Only if the connection's handle cannot be found (another
    sqlcipher3 layout) does the PRAGMA remain, and with it that str.
    """
    if len(db_key) != keys.KEY_BYTES or not any(db_key):
        # peewee would silently create a plaintext database without a key.
        raise DamagedData(N_("Refusing to open the database without its key."))
    handle = _sqlite_handle(conn, path)
    if handle is None:
        conn.execute(f"PRAGMA {statement} = \"x'{db_key.hex()}'\"")
        return
    spelled = bytearray(b"x'" + bytes(2 * keys.KEY_BYTES) + b"'")
    try:
        for index, byte in enumerate(db_key):
            spelled[2 + 2 * index] = _HEX_DIGITS[byte >> 4]
            spelled[3 + 2 * index] = _HEX_DIGITS[byte & 0x0F]
        buffer = (ctypes.c_char * len(spelled)).from_buffer(spelled)
        call = _library.sqlite3_rekey if statement == "rekey" else _library.sqlite3_key
        status = call(handle, buffer, len(spelled))
        del buffer
    finally:
        keys.wipe(spelled)
    if status != 0:
        raise DamagedData(N_("The database is damaged: {reason}"),
                          reason=f"sqlite3_{statement} returned {status}")


SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL = 5, 6, 13
"""SQLite's primary result codes for "another connection holds the lock" and "no room"."""


def plain_failure(error: BaseException) -> JhroError | None:
    """What a database failure means to its user when it is a busy lock or a full disk
    (None for anything else). peewee wraps the driver's error as its first argument."""
    if isinstance(error, OSError) and error.errno in {errno.ENOSPC, errno.EDQUOT}:
        return DiskFull()
    original = error.args[0] if error.args and isinstance(error.args[0], Exception) \
        else error
    code = getattr(original, "sqlite_errorcode", None)
    text = str(original).lower()
    if code is not None:
        code &= 0xFF
    if code in {SQLITE_BUSY, SQLITE_LOCKED} or (code is None and (
            "database is locked" in text or "database table is locked" in text)):
        return DatabaseBusy()
    if code == SQLITE_FULL or (code is None and "database or disk is full" in text):
        return DiskFull()
    return None


@contextlib.contextmanager
def plain_failures() -> Iterator[None]:
    """Raise a busy lock or a full disk as the one error each is, wherever it happens."""
    try:
        yield
    except (PeeweeException, sqlcipher.Error, OSError) as exc:
        failure = plain_failure(exc)
        if failure is None:
            raise
        raise failure from exc


class KeyedDatabase(SqlCipherDatabase):  # type: ignore[misc]
    """peewee's SQLCipher database, keyed from a key buffer; never unkeyed.

    Every statement, begin, commit and rollback goes through it, so a busy timeout or a
    full disk is told apart here, once, for the CLI and the TUI alike."""

    def __init__(self, path: Path, db_key: bytearray) -> None:
        self._db_key = db_key
        super().__init__(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE",
                         check_same_thread=False)

    def _connect(self) -> Any:
        silence_sqlcipher_log()
        if len(self._db_key) != keys.KEY_BYTES or not any(self._db_key):
            raise DamagedData(N_("Refusing to open the database without its key."))
        conn = sqlcipher.connect(self.database, isolation_level=None, check_same_thread=False)
        try:
            with plain_failures():
                apply_key(conn, Path(self.database), self._db_key)
                self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with plain_failures():
            return super().execute_sql(sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        with plain_failures():
            super().begin(lock_type)

    def commit(self) -> None:
        with plain_failures():
            super().commit()

    def rollback(self) -> None:
        # After SQLITE_FULL (and some I/O errors) SQLite has rolled the transaction back
        # itself: a ROLLBACK would then fail with "no transaction is active" and hide why.
        conn = self._state.conn
        if conn is not None and not conn.in_transaction:
            return
        with plain_failures():
            super().rollback()

    def use_key(self, db_key: bytearray) -> None:
        self._db_key = db_key


def check_header(path: Path) -> None:
    """Refuse a file that SQLite could read without a key: it is not ours, or it leaked."""
    with open(path, "rb") as handle:
        header = handle.read(len(PLAIN_SQLITE_HEADER))
        size = handle.seek(0, os.SEEK_END)
    if header == PLAIN_SQLITE_HEADER:
        raise DamagedData(N_("{path} is an unencrypted SQLite file; refusing to use it."),
                          path=path)
    # A torn last page may never be read at start, so it would otherwise go unnoticed.
    if len(header) < len(PLAIN_SQLITE_HEADER) or size % PAGE_SIZE:
        raise DamagedData(N_("The database file {path} is truncated."), path=path)


class WrongKey(Exception):
    """The probe key does not open the database (another candidate may)."""


def is_damage(exc: BaseException) -> bool:
    """An SQLCipher error that says the file is damaged (not a busy or a wrong query)."""
    text = str(exc).lower()
    return any(word in text for word in ("malformed", "hmac", "corrupt", "disk i/o",
                                         "not a database", "checksum"))


@dataclass(frozen=True)
class ProbeResult:
    head: AnchorPoint | None
    anchor: AnchorPoint | None
    has_schema: bool


def probe(paths: Paths, db_key: bytearray) -> ProbeResult:
    """Check the database read-only with ``db_key``; raise ``WrongKey`` or ``DamagedData``."""
    silence_sqlcipher_log()
    uri = f"file:{paths.database}?mode=ro"
    try:
        conn = sqlcipher.connect(uri, uri=True, isolation_level=None)
    except sqlcipher.Error as exc:
        raise DamagedData(N_("Cannot open the database: {reason}"), reason=exc) from exc
    try:
        apply_key(conn, paths.database, db_key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            if "not a database" in str(exc):
                raise WrongKey() from exc
            raise
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise DamagedData(N_("SQLCipher is not active; refusing to use the database."))
        # The anchor first, then the chain: every anchor line is written after its commit,
        # so a head read afterwards is at least as new. Read the other way round, another
        # process committing and anchoring in between looked like a database behind its
        # anchor, a false alarm.
        points = anchor.recent(paths.anchor)
        mark = max(points, key=lambda point: point.seq, default=None)
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        head = None
        if "audit_event" in tables:
            head = AuditChain(conn.execute, b"").head()
        result = ProbeResult(head, mark, "audit_event" in tables)
        if mark is not None:
            if head is None or head.seq < mark.seq:
                raise BehindAnchor(mark, head)
            differing = anchor.first_difference(points, _mac_reader(conn))
            if differing is not None:
                raise BehindAnchor(mark, head, differing)
        elif head is not None:
            raise BehindAnchor(None, head)
        return result
    except sqlcipher.Error as exc:
        if is_damage(exc):
            raise DamagedData(N_("The database is damaged: {reason}"), reason=exc) from exc
        raise
    finally:
        conn.close()


def _mac_reader(conn: Any) -> Callable[[int], bytes | None]:
    def mac_at(seq: int) -> bytes | None:
        row = conn.execute("SELECT mac FROM audit_event WHERE seq = ?", (seq,)).fetchone()
        return bytes(row[0]) if row else None
    return mac_at


class BehindAnchor(DamagedData):
    """The database's audit chain is older than the last head recorded outside it, or no
    longer holds a head recorded there (``differing``: rewritten from that event on)."""

    def __init__(self, mark: AnchorPoint | None, head: AnchorPoint | None,
                 differing: AnchorPoint | None = None) -> None:
        if differing is None:
            super().__init__(N_(
                "ALARM: the database is older than its audit anchor (anchor at event "
                "{anchor}, database at {head}). It may have been restored from an old copy "
                "or tampered with, or its last transactions were lost. An administrator must "
                "investigate and acknowledge (jhro audit acknowledge) before normal use."),
                anchor=mark.seq if mark else "missing", head=head.seq if head else 0)
        else:
            super().__init__(N_(
                "ALARM: the database's audit trail differs from its anchor at event {seq} "
                "(database at {head}): it was rewritten from an older copy. An administrator "
                "must investigate and acknowledge (jhro audit acknowledge) before normal "
                "use."), seq=differing.seq, head=head.seq if head else 0)
        self.mark = mark
        self.head = head


@dataclass
class _PendingAudit:
    events: list[AuditEvent] = field(default_factory=list)

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)


class Vault:
    """An open, verified database with its keys; closing it wipes the keys it holds."""

    def __init__(self, paths: Paths, root: bytearray) -> None:
        self.paths = paths
        self._root = root
        self._db_key = keys.hkdf(root, keys.LABEL_DATABASE)
        self._audit_key = keys.hkdf(root, keys.LABEL_AUDIT)
        self.export_key = keys.hkdf(root, keys.LABEL_EXPORT)
        self.db = KeyedDatabase(paths.database, self._db_key)
        self._local = threading.local()
        self.behind_anchor = False
        """Opened although behind its anchor: nothing may be written but the
        acknowledgement, or the new rows would carry the chain past the anchored head
        and hide the loss."""

    @classmethod
    def create(cls, paths: Paths, root: bytearray) -> Vault:
        """Make a new, empty encrypted database; refuses if one exists."""
        if paths.database.exists():
            raise JhroError(N_("A database already exists in {path}."), path=paths.data_dir)
        # 0600 whatever the umask: SQLite gives the -wal and -shm files the database's mode.
        os.close(os.open(paths.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                         PRIVATE_FILE_MODE))
        vault = cls(paths, root)
        vault.db.connect()
        vault._check_pragmas()
        for statement in CREATE_STATEMENTS:
            vault.db.execute_sql(statement)
        return vault

    @classmethod
    def open(cls, paths: Paths, roots: list[bytearray], *, accept_behind_anchor: bool = False
             ) -> Vault:
        """Open with whichever candidate root key fits (two exist during a key rotation)."""
        def behind_anchor(db_key: bytearray) -> bool:
            try:
                probe(paths, db_key)
            except BehindAnchor:
                if not accept_behind_anchor:
                    raise
                return True
            return False

        root, behind = _with_fitting_root(paths, roots, behind_anchor)
        vault = cls(paths, bytearray(root))
        vault.behind_anchor = behind
        try:
            vault.db.connect()
            vault._check_pragmas()
        except Exception:
            vault.close()
            raise
        return vault

    def _check_pragmas(self) -> None:
        for name, expected in EXPECTED_PRAGMAS.items():
            value = self.db.execute_sql(f"PRAGMA {name}").fetchone()[0]
            if value != expected:
                raise DamagedData(N_("Database setting {name} is {value}, expected {expected}."),
                                  name=name, value=value, expected=expected)
        busy = self.db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        if busy < 10000:
            raise DamagedData(N_("Database busy timeout is too short."))

    @property
    def audit(self) -> AuditChain:
        return AuditChain(self.db.execute_sql, self._audit_key)

    @contextlib.contextmanager
    def write(self) -> Iterator[_PendingAudit]:
        """One unit of work: a ``BEGIN IMMEDIATE`` transaction whose audit rows commit with it.

        Nested calls join the outer unit of work; the anchor is written once, after the
        outermost commit.
        """
        if self.behind_anchor:
            raise DamagedData(N_("The database is behind its audit anchor: nothing is "
                                 "written to it until an administrator acknowledges (jhro "
                                 "audit acknowledge)."))
        outer: _PendingAudit | None = getattr(self._local, "pending", None)
        if outer is not None:
            yield outer
            return
        pending = _PendingAudit()
        self._local.pending = pending
        point: AnchorPoint | None = None
        try:
            with self.db.atomic():
                yield pending
                if pending.events:
                    point = self.audit.append(pending.events)
        finally:
            self._local.pending = None
        if point is not None:
            anchor.append(self.paths.anchor, point.seq, point.mac)

    def record(self, *events: AuditEvent) -> None:
        """Audit ``events`` in a transaction of their own (denials, logins, failures)."""
        with self.write() as pending:
            for event in events:
                pending.record(event)

    def acknowledge(self, event: AuditEvent) -> AnchorPoint:
        """Record an administrator's acceptance of this database's history and restart the
        anchor at its head: the one write a database behind its anchor may take."""
        with self.db.atomic():
            point = self.audit.append([event])
        anchor.reset(self.paths.anchor, point.seq, point.mac)
        self.behind_anchor = False
        return point

    def rotate(self, new_root: bytearray, event: AuditEvent) -> None:
        """Re-encrypt every page under a key derived from ``new_root``.

        The caller holds the exclusive maintenance lock and has already sealed ``new_root``
        as every account's pending root, so a crash at any point leaves a keyring entry
        that opens the database. The old audit MAC key is kept inside the database so the
        chain written under it still verifies.
        """
        with self.db.atomic():
            epoch = self.audit.current_epoch()
            point = self.audit.append([event])
            self.db.execute_sql("INSERT INTO audit_key_history (epoch, mac_key) VALUES (?, ?)",
                                (epoch, bytes(self._audit_key)))
        anchor.append(self.paths.anchor, point.seq, point.mac)
        new_db_key = keys.hkdf(new_root, keys.LABEL_DATABASE)
        apply_key(self.db.connection(), self.paths.database, new_db_key, "rekey")
        self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        # PRAGMA rekey answers "ok" even when it rolled back: only a fresh connection under
        # the new key proves the file changed key, before the keyring may forget the old one.
        try:
            probe(self.paths, new_db_key)
        except WrongKey as exc:
            keys.wipe(new_db_key)
            raise DamagedData(N_("The database is damaged: {reason}"),
                              reason="the key rotation did not take effect") from exc
        self._replace_keys(new_root, new_db_key)

    def _replace_keys(self, root: bytearray, db_key: bytearray) -> None:
        for old in (self._root, self._db_key, self._audit_key, self.export_key):
            keys.wipe(old)
        self._root, self._db_key = root, db_key
        self._audit_key = keys.hkdf(root, keys.LABEL_AUDIT)
        self.export_key = keys.hkdf(root, keys.LABEL_EXPORT)
        self.db.use_key(db_key)

    def enroll(self, keyring: Keyring, account: str, passphrase: str,
               params: keys.KdfParams) -> bytes:
        """Give ``account`` a key pair in ``keyring`` and seal this vault's root key to it."""
        return keyring.enroll(account, passphrase, self._root, params)

    def seal_current(self, keyring: Keyring, account: str) -> None:
        """Seal the root key that opened this database as ``account``'s current one."""
        keyring.seal_root(account, self._root, SLOT_CURRENT)

    def key_connection(self, conn: Any, path: Path) -> None:
        """Key another connection (a backup's copy) with this vault's database key."""
        apply_key(conn, path, self._db_key)

    def subkey(self, label: bytes) -> bytearray:
        """A key derived from the root for one job (the backup manifest's MAC); the caller
        wipes it."""
        return keys.hkdf(self._root, label)

    def checkpoint(self) -> None:
        """Fold the WAL into the database so little sits in it (at lock and logout)."""
        self.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        for buffer in (self._root, self._db_key, self._audit_key, self.export_key):
            keys.wipe(buffer)



def integrity_problems(execute: Callable[[str], Any]) -> list[str]:
    """Page MAC failures (SQLCipher), then B-tree damage (SQLite); empty when sound."""
    try:
        problems = [row[0] for row in execute("PRAGMA cipher_integrity_check")]
        if problems:
            return problems
        result = [row[0] for row in execute("PRAGMA integrity_check")]
    except (sqlcipher.Error, PeeweeException) as exc:
        return [str(exc)]
    return [] if result == ["ok"] else result


class ReadOnlyView:
    """A read-only connection for checks that must not change a byte of a suspect file."""

    def __init__(self, paths: Paths, conn: Any, audit_key: bytearray) -> None:
        self.paths = paths
        self.conn = conn
        self._audit_key = audit_key

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        return self.conn.execute(sql, params)

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.execute)

    def audit_chain(self) -> AuditChain:
        return AuditChain(self.execute, self._audit_key)


@contextlib.contextmanager
def read_only(paths: Paths, roots: list[bytearray]) -> Iterator[ReadOnlyView]:
    """Open the database read-only with whichever root key fits; never writes."""
    silence_sqlcipher_log()

    def connect(db_key: bytearray) -> Any:
        conn = sqlcipher.connect(f"file:{paths.database}?mode=ro", uri=True,
                                 isolation_level=None)
        try:
            apply_key(conn, paths.database, db_key)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc):
                raise WrongKey() from exc
            raise DamagedData(N_("The database is damaged: {reason}"), reason=exc) from exc
        return conn

    root, conn = _with_fitting_root(paths, roots, connect)
    audit_key = keys.hkdf(root, keys.LABEL_AUDIT)
    try:
        yield ReadOnlyView(paths, conn, audit_key)
    finally:
        conn.close()
        keys.wipe(audit_key)


def _with_fitting_root(paths: Paths, roots: list[bytearray],
                       attempt: Callable[[bytearray], T]) -> tuple[bytearray, T]:
    """The first of ``roots`` whose database key ``attempt`` opens the file with (it raises
    ``WrongKey`` for one that does not fit), and what it returned; two roots exist during a
    key rotation. The database key is wiped after each attempt."""
    if not paths.database.exists():
        raise DamagedData(N_("The keyring exists but the database {path} is missing."),
                          path=paths.database)
    check_header(paths.database)
    for root in roots:
        db_key = keys.hkdf(root, keys.LABEL_DATABASE)
        try:
            return root, attempt(db_key)
        except WrongKey:
            continue
        finally:
            keys.wipe(db_key)
    raise DamagedData(N_("The keyring does not open this database: the database or the "
                         "keyring was replaced or damaged."))
