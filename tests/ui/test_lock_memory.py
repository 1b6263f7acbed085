"""After ctrl+l, the application's Python objects hold neither the passphrase typed at
login nor the database key, and no memory of the process spells the key in hex.

The scope is that of tests/core/test_memory.py: reachable str and bytes objects, and the
key's hex in all writable memory; freed copies of the passphrase are not searched for
(Python cannot wipe an immutable str: see the README's security section).
"""

from __future__ import annotations

import binascii
import os

from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import accounts
from jhro_tui.ui.screens.lock import LockScreen
from tests.conftest import ADMIN, VaultDir
from tests.core.support import hex_copies_in_memory, reachable_holding
from tests.ui.support import build_app, settle, type_text


async def test_after_ctrl_l_no_passphrase_or_key_is_left_in_python_objects(
        vault: VaultDir) -> None:
    secret = bytearray(b"amber falcon ridge " + binascii.hexlify(os.urandom(8)))
    admin = vault.login(ADMIN)
    try:
        accounts.create_account(admin, accounts.NewAccount(
            "k.mbala", "officer", office="Kinshasa"), secret.decode(), kdf=TEST_KDF)
    finally:
        admin.close()

    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "k.mbala")
        await pilot.press("tab")
        await pilot.press(*[{32: "space"}.get(byte, chr(byte)) for byte in secret])
        await pilot.press("enter")
        await settle(pilot)
        session = app.require_session()
        raw_key = bytearray(session.vault._db_key)
        key_buffer = session.vault._db_key

        await pilot.press("ctrl+l")
        await settle(pilot)

        assert isinstance(app.screen, LockScreen)
        assert not any(key_buffer)
        assert reachable_holding([secret, raw_key]) == []
        assert hex_copies_in_memory(raw_key) == 0
    secret[:] = bytes(len(secret))
    raw_key[:] = bytes(len(raw_key))
