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
import os

from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import accounts
from jhro_tui.services.session import Session, login
from tests.conftest import ADMIN, VaultDir
from tests.core.support import hex_copies_in_memory, reachable_holding


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
        assert reachable_holding(needles) == [], "while the session is open"
        assert hex_copies_in_memory(raw_key) == 0, "while the session is open"
        session.lock()
        assert session.locked
        assert all(not any(buffer) for buffer in buffers), "the lock zeroes every key"
        assert reachable_holding(needles) == [], "after the lock"
        assert hex_copies_in_memory(raw_key) == 0, "after the lock"
        session.unlock(secret.decode())
        assert reachable_holding(needles) == [], "after an unlock"
    finally:
        session.close()
        for buffer in (secret, raw_key):
            buffer[:] = bytes(len(buffer))
