"""What a memory image of a session still holds, as far as a test can see.

What this covers: (1) the whole writable memory of the process (/proc/self/mem: the
heap, Python's arenas, SQLite's and SQLCipher's allocations, freed or not) searched for
the database key spelled in hex, the form a PRAGMA key statement used to leave behind:
none while the session is open, none after the lock; (2) every str and bytes object
reachable from a gc-tracked container (module globals, frames, instances, caches,
closures) searched for the raw key and the passphrase; (3) the key buffers
themselves, zeroed by the lock. What it does not claim: the passphrase arrives as an
immutable str and copies of it stay in freed memory until reused (not searched for
here: Python cannot wipe them); the raw key passes through OpenSSL and SQLCipher, which
wipe their own copies on close.
"""

from __future__ import annotations

import binascii
import gc
import os
import re
from collections.abc import Iterator

from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import accounts
from jhro_tui.services.session import Session, login
from tests.conftest import ADMIN, VaultDir


def _reachable_strings_and_bytes() -> Iterator[str | bytes]:
    gc.collect()
    for holder in gc.get_objects():
        for item in gc.get_referents(holder):
            if type(item) is str or type(item) is bytes:
                yield item


def _holding(needles: list[bytearray]) -> list[str]:
    """The reachable str/bytes objects that contain one of ``needles`` (shown cut short,
    so a failure does not print the secret whole)."""
    found = []
    for item in _reachable_strings_and_bytes():
        haystack = item.encode("utf-8", "surrogatepass") if type(item) is str else item
        if len(haystack) >= 16 and any(needle in haystack for needle in needles):  # type: ignore[operator]
            found.append(repr(item[:12]) + "…")
    return found


_HEX_RUN = re.compile(rb"[0-9a-fA-F]{64,}")


def _hex_copies_in_memory(raw_key: bytearray) -> int:
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


def _key_buffers(session: Session) -> list[bytearray]:
    vault = session.vault
    return [vault._root, vault._db_key, vault._audit_key, vault.export_key]


def test_a_locked_session_holds_no_key_and_no_passphrase_in_python_objects(
        vault: VaultDir) -> None:
    # The secret is built here and only kept as a mutable buffer, so that the search does
    # not find the test's own copy.
    secret = bytearray(b"amber falcon ridge " + binascii.hexlify(os.urandom(8)))
    admin = vault.login(ADMIN)
    try:
        accounts.create_account(admin, accounts.NewAccount(
            "k.mbala", "officer", office="Kinshasa"), secret.decode(), kdf=TEST_KDF)
    finally:
        admin.close()

    session = login(vault.paths, vault.settings, "k.mbala", secret.decode())
    buffers = _key_buffers(session)
    raw_key = bytearray(session.vault._db_key)
    needles = [secret, raw_key]  # the hex form is searched for in the whole memory
    try:
        session.refresh_user()  # a query on the keyed connection
        assert _holding(needles) == [], "while the session is open"
        assert _hex_copies_in_memory(raw_key) == 0, "while the session is open"
        session.lock()
        assert session.locked
        assert all(not any(buffer) for buffer in buffers), "the lock zeroes every key"
        assert _holding(needles) == [], "after the lock"
        assert _hex_copies_in_memory(raw_key) == 0, "after the lock"
        session.unlock(secret.decode())
        assert _holding(needles) == [], "after an unlock"
    finally:
        session.close()
        for buffer in (secret, raw_key):
            buffer[:] = bytes(len(buffer))
