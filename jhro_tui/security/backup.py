"""The backup file: one archive of the encrypted database, its keyring, its anchor and a
manifest, written new and whole or not at all.

Container (format 1): a POSIX tar archive (PAX, as Python's ``tarfile`` writes it, so that
``tar tvf FILE`` lists it) of exactly four regular files, in this order:

- ``manifest.json``, UTF-8 JSON of at most 64 KiB::

      {"format": "jhro-backup", "version": 1, "jhro": "<version that wrote it>",
       "created_at": "<UTC, ISO 8601>", "account": "<the administrator>",
       "chain_head": {"seq": <int>, "mac": "<hex>"},
       "members": [{"name": "jhro.db", "size": <int>, "sha256": "<hex>"},
                   {"name": "keyring.json", ...}, {"name": "jhro.anchor", ...}],
       "hmac": "<hex>"}

  ``chain_head`` is the audit chain's head of the copied database; ``hmac`` is
  HMAC-SHA256, under HKDF(root key, ``LABEL_BACKUP_MANIFEST``), of the manifest without
  ``hmac`` as canonical JSON (sorted keys, no spaces).
- ``jhro.db``: the SQLCipher database page for page, still encrypted under the live
  database's key: the archive never holds a plaintext page.
- ``keyring.json``: the keyring read at the instant the copy was taken.
- ``jhro.anchor``: the anchor lines the copy passed through, ending with its own head, so
  that a database member older than the archive's anchor is seen.

Without a passphrase, the sizes and SHA-256 sums show that the file is whole: they prove
nothing against someone who changes a member and computes them again. With a passphrase,
the manifest's HMAC, SQLCipher's HMAC of every page and the audit chain against the
carried anchor do.

The copy uses SQLite's online backup API, 256 pages a step, inside one read transaction
held on the source. Measured (``python -m bench.backup_methods``) while another process
committed an audited write every 1 to 3 ms, 3 runs each:

============================================  =====================  ======================
method                                        3,000 cases, 26.6 MiB  10,000 cases, 87.4 MiB
============================================  =====================  ======================
backup API, 256-page steps, one read txn      300-310 ms             790-1,000 ms
backup API, 256-page steps, no read txn       never done: ~1,100     never done: ~1,000-1,400
                                              restarts in 20 s       restarts in 20 s
backup API, one step                          220-440 ms             950-1,540 ms
``VACUUM INTO``                               310-380 ms             905-1,010 ms
============================================  =====================  ======================

Every finished copy was consistent (page HMACs, B-tree, audit chain). The chosen way is
as fast as the others and the only one that shows page progress; ``VACUUM INTO`` gives a
copy 3 % smaller but no progress, and cannot run inside a transaction, so the keyring
could not be read at the instant of its snapshot. Without the read transaction, each
step starts over after any other connection's commit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import hmac
import io
import json
import os
import stat
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlcipher3 import dbapi2 as sqlcipher

from jhro_tui.errors import DamagedData, UsageError, Whole, os_reason, shorten
from jhro_tui.i18n import N_, _
from jhro_tui.security import keys
from jhro_tui.security.anchor import AnchorPoint
from jhro_tui.security.audit import AuditChain
from jhro_tui.security.files import PRIVATE_FILE_MODE
from jhro_tui.security.vault import PAGE_SIZE, PLAIN_SQLITE_HEADER, silence_sqlcipher_log

FORMAT = "jhro-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "jhro.db"
KEYRING = "keyring.json"
ANCHOR = "jhro.anchor"
MEMBERS = (DATABASE, KEYRING, ANCHOR)
MANIFEST_AT_MOST = 64 * 1024
STEP_PAGES = 256
CHUNK = 1024 * 1024
SUFFIX = ".jhro-backup"

Keyer = Callable[[Any, Path], None]
"""Keys a new connection to a database file with the live database's key."""
Progress = Callable[[int, int], None]
"""Called with (pages copied, pages in all) after each step."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    jhro: str
    created_at: str
    account: str
    head: AnchorPoint
    members: tuple[Member, ...]
    hmac: str = ""

    def signed_part(self) -> bytes:
        """The canonical JSON the HMAC covers: everything but the HMAC."""
        return _canonical(self._fields())

    def _fields(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": FORMAT_VERSION, "jhro": self.jhro,
                "created_at": self.created_at, "account": self.account,
                "chain_head": {"seq": self.head.seq, "mac": self.head.mac.hex()},
                "members": [dataclasses.asdict(member) for member in self.members]}

    def signed(self, key: bytes | bytearray) -> Manifest:
        return dataclasses.replace(self, hmac=_mac(key, self.signed_part()))

    def authentic(self, root: bytes | bytearray) -> bool:
        """Whether the HMAC was made under a key derived from ``root``."""
        key = keys.hkdf(root, keys.LABEL_BACKUP_MANIFEST)
        try:
            return hmac.compare_digest(_mac(key, self.signed_part()), self.hmac)
        finally:
            keys.wipe(key)

    def to_bytes(self) -> bytes:
        return json.dumps({**self._fields(), "hmac": self.hmac}, indent=1,
                          sort_keys=True).encode() + b"\n"

    def member(self, name: str) -> Member:
        return next(member for member in self.members if member.name == name)


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode()


def _mac(key: bytes | bytearray, data: bytes) -> str:
    return hmac.new(bytes(key), data, hashlib.sha256).hexdigest()


NOT_WHOLE = N_("The file is not a whole jhro backup: {reason}.")


def _not_whole(reason: str, **params: object) -> DamagedData:
    """``reason``: an ``N_`` template of its own, filled with ``params`` and translated
    when the message is."""
    return DamagedData(NOT_WHOLE, reason=Whole(_(reason).format(**{
        key: shorten(str(value)) for key, value in params.items()})))


def _hex(value: object, length: int) -> str:
    if not isinstance(value, str) or len(value) != length or \
            value.strip("0123456789abcdef"):
        raise _not_whole(N_("a checksum in the manifest is not well formed"))
    return value


def parse_manifest(data: bytes) -> Manifest:
    """The manifest, checked field by field; anything else is damage."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _not_whole(N_("the manifest is not JSON")) from exc
    expected = {"format", "version", "jhro", "created_at", "account", "chain_head",
                "members", "hmac"}
    if not isinstance(raw, dict) or set(raw) != expected or raw["format"] != FORMAT:
        raise _not_whole(N_("the manifest is not a jhro backup's"))
    if raw["version"] != FORMAT_VERSION:
        raise DamagedData(N_("The backup has format {version}, which this version of jhro "
                             "does not know."), version=raw["version"])
    head, members = raw["chain_head"], raw["members"]
    if not all(isinstance(raw[name], str) for name in ("jhro", "created_at", "account")) \
            or not isinstance(head, dict) or set(head) != {"seq", "mac"} \
            or type(head["seq"]) is not int or head["seq"] < 0 \
            or not isinstance(members, list) or len(members) != len(MEMBERS):
        raise _not_whole(N_("the manifest is not well formed"))
    listed = []
    for name, member in zip(MEMBERS, members, strict=True):
        if not isinstance(member, dict) or set(member) != {"name", "size", "sha256"} \
                or member["name"] != name or type(member["size"]) is not int \
                or member["size"] < 0:
            raise _not_whole(N_("the manifest's list of files is not well formed"))
        listed.append(Member(name, member["size"], _hex(member["sha256"], 64)))
    return Manifest(raw["jhro"], raw["created_at"], raw["account"],
                    AnchorPoint(head["seq"], bytes.fromhex(_hex(head["mac"], 64))),
                    tuple(listed), _hex(raw["hmac"], 64))


def digest_of(path: Path, name: str) -> Member:
    """Size and SHA-256 of the file at ``path``, read in chunks, as the member ``name``."""
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return Member(name, size, sha.hexdigest())


def digest_bytes(name: str, data: bytes) -> Member:
    return Member(name, len(data), hashlib.sha256(data).hexdigest())


# -- taking the copy -------------------------------------------------------------------

class Snapshot:
    """A read transaction on the live database: what the copy will hold, fixed at once.

    Writers go on (WAL); the copy made from it holds every transaction committed before it
    was opened and none after, whatever they write meanwhile.
    """

    def __init__(self, database: Path, key: Keyer) -> None:
        silence_sqlcipher_log()
        self.conn = sqlcipher.connect(f"file:{database}?mode=ro", uri=True,
                                      isolation_level=None)
        try:
            key(self.conn, database)
            self.conn.execute("BEGIN")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            head = AuditChain(self.conn.execute, b"").head()
        except BaseException:
            self.conn.close()
            raise
        self.head = head or AnchorPoint(0, bytes(32))

    def copy_to(self, target: Path, key: Keyer, progress: Progress) -> None:
        """Copy every page into ``target`` (a new file, 0600), ``STEP_PAGES`` at a time."""
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, PRIVATE_FILE_MODE))
        copy = sqlcipher.connect(str(target), isolation_level=None)
        try:
            key(copy, target)
            self.conn.backup(copy, pages=STEP_PAGES, progress=lambda _status, remaining,
                             total: progress(total - remaining, total))
        finally:
            copy.close()

    def close(self) -> None:
        self.conn.close()


# -- writing the archive ---------------------------------------------------------------

class _Counting(io.RawIOBase):
    """The archive's bytes on their way to the file: counted and hashed."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self.handle.write(view)
        self.sha.update(view)
        self.size += len(view)
        return len(view)

    def tell(self) -> int:
        return self.size


def new_file(destination: Path, stamp: str) -> Path:
    """The backup's path: ``destination``, or a dated name inside it when it is a folder.
    An existing name is refused before any work, and again at the end."""
    if destination.is_dir() and not destination.is_symlink():
        destination = destination / f"jhro-{stamp}{SUFFIX}"
    if not destination.parent.is_dir():
        raise UsageError(N_("{path} is not a folder."), path=destination.parent)
    if os.path.lexists(destination):
        raise UsageError(N_("{path} already exists: jhro does not replace a file."),
                         path=destination)
    return destination


def temporary_beside(final: Path, what: str) -> Path:
    """A hidden name beside the backup for one of its temporary files."""
    return final.with_name(f".{final.name}.{os.getpid()}.{what}.tmp")


def write_new(final: Path, manifest: Manifest, database: Path,
              others: dict[str, bytes], mtime: float) -> Member:
    """Write the archive under a temporary name beside ``final``, fsync it, then give it
    its name only if no file has it (a link, never a rename over one), and fsync the
    folder: a kill at any moment leaves no file or the whole one, never a torn one."""
    folder = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    temporary = temporary_beside(final, "archive").name
    try:
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | os.O_CLOEXEC, PRIVATE_FILE_MODE, dir_fd=folder)
        except OSError as exc:
            raise UsageError(N_("Cannot write {name}: {reason}"), name=final,
                             reason=os_reason(exc)) from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                counting = _Counting(handle)
                with tarfile.open(fileobj=counting, mode="w",
                                  format=tarfile.PAX_FORMAT) as archive:
                    _add(archive, MANIFEST, io.BytesIO(manifest.to_bytes()),
                         len(manifest.to_bytes()), mtime)
                    with open(database, "rb") as db:
                        _add(archive, DATABASE, db, manifest.member(DATABASE).size, mtime)
                    for name in (KEYRING, ANCHOR):
                        _add(archive, name, io.BytesIO(others[name]), len(others[name]),
                             mtime)
                handle.flush()
                os.fsync(handle.fileno())
            _link_new(temporary, final, folder)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=folder)
        os.fsync(folder)
    finally:
        os.close(folder)
    return Member(final.name, counting.size, counting.sha.hexdigest())


def _add(archive: tarfile.TarFile, name: str, content: BinaryIO, size: int,
         mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, PRIVATE_FILE_MODE, int(mtime)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    archive.addfile(info, content)


def _link_new(temporary: str, final: Path, folder: int) -> None:
    try:
        os.link(temporary, final.name, src_dir_fd=folder, dst_dir_fd=folder,
                follow_symlinks=False)
    except FileExistsError as exc:
        raise UsageError(N_("{path} already exists: jhro does not replace a file."),
                         path=final) from exc
    except OSError as exc:
        if exc.errno not in {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS}:
            raise
        # A file system without hard links (FAT on a USB disk): checked, then renamed.
        if os.path.lexists(final):
            raise UsageError(N_("{path} already exists: jhro does not replace a file."),
                             path=final) from exc
        os.rename(temporary, final.name, src_dir_fd=folder, dst_dir_fd=folder)


# -- reading the archive ---------------------------------------------------------------

def read(path: Path, into: Path | None = None) -> Manifest:
    """Check that the backup at ``path`` is whole; with ``into`` (a private folder), also
    write each member there under its own name (0600, fsynced).

    Raises ``DamagedData`` for anything but a well-formed archive whose members have the
    sizes and SHA-256 sums of its manifest and whose database has no plaintext header.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
                     | os.O_NOCTTY)
    except OSError as exc:
        raise UsageError(N_("Cannot read {name}: {reason}"), name=path,
                         reason=os_reason(exc)) from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(N_("{name} is not a regular file."), name=path)
        os.set_blocking(fd, True)
        try:
            with tarfile.open(fileobj=handle, mode="r:") as archive:
                return _read_members(archive, into)
        except (tarfile.TarError, EOFError) as exc:
            raise _not_whole(N_("the archive cannot be read ({detail})"),
                             detail=str(exc) or type(exc).__name__) from exc


def _read_members(archive: tarfile.TarFile, into: Path | None) -> Manifest:
    first = _next(archive, MANIFEST)
    if first.size > MANIFEST_AT_MOST:
        raise _not_whole(N_("the manifest is too large"))
    stream = archive.extractfile(first)
    assert stream is not None  # a regular file, checked by _next
    data = stream.read()
    if len(data) != first.size:
        raise _not_whole(N_("the file is cut short"))
    manifest = parse_manifest(data)
    for expected in manifest.members:
        info = _next(archive, expected.name)
        if info.size != expected.size:
            raise _not_whole(N_("{name} has {found} bytes, the manifest says {listed}"),
                             name=expected.name, found=info.size, listed=expected.size)
        _copy_member(archive, info, expected, into)
    if archive.next() is not None:
        raise _not_whole(N_("it holds more files than its manifest lists"))
    return manifest


def _next(archive: tarfile.TarFile, name: str) -> tarfile.TarInfo:
    info = archive.next()
    if info is None:
        raise _not_whole(N_("{name} is missing"), name=name)
    if info.name != name or not info.isreg():
        raise _not_whole(N_("{name} was expected where {found} is"), name=name,
                         found=info.name)
    return info


def _copy_member(archive: tarfile.TarFile, info: tarfile.TarInfo, expected: Member,
                 into: Path | None) -> None:
    stream = archive.extractfile(info)
    assert stream is not None
    sha = hashlib.sha256()
    seen = 0
    with _member_file(into, info.name) as out:
        while chunk := stream.read(CHUNK):
            if seen == 0 and info.name == DATABASE and \
                    chunk.startswith(PLAIN_SQLITE_HEADER):
                raise DamagedData(N_("The backup's database is not encrypted; refusing it."))
            sha.update(chunk)
            seen += len(chunk)
            if out is not None:
                out.write(chunk)
    if seen != expected.size:
        raise _not_whole(N_("the file is cut short"))
    if not hmac.compare_digest(sha.hexdigest(), expected.sha256):
        raise _not_whole(N_("the SHA-256 of {name} differs from its manifest"),
                         name=info.name)
    if info.name == DATABASE and (seen == 0 or seen % PAGE_SIZE):
        raise _not_whole(N_("the database is not a whole number of pages"))


@contextlib.contextmanager
def _member_file(into: Path | None, name: str) -> Iterator[BinaryIO | None]:
    if into is None:
        yield None
        return
    fd = os.open(into / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                 | os.O_CLOEXEC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())
