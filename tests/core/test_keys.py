"""Key derivation, wrapping and sealing: known answers, round trips, and every bit flip."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from jhro_tui.errors import AuthenticationFailed, DamagedData
from jhro_tui.security import keys
from jhro_tui.security.audit import compute_mac
from jhro_tui.security.keyring import SLOT_CURRENT, Keyring
from jhro_tui.security.keys import DEFAULT_KDF, KDF_CEILING, KDF_FLOOR, TEST_KDF, KdfParams
from jhro_tui.security.vault import KeyedDatabase, read_only
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir
from tests.core.support import opens_with

PASSPHRASE = "amber falcon river 5521"
NAME = "officer"


def test_argon2id_matches_the_rfc_9106_test_vector() -> None:
    # RFC 9106 §5.3: Argon2id, 32 KiB, 3 passes, 4 lanes, with secret and associated data.
    kdf = Argon2id(salt=b"\x02" * 16, length=32, iterations=3, lanes=4, memory_cost=32,
                   ad=b"\x04" * 12, secret=b"\x03" * 8)
    tag = kdf.derive(b"\x01" * 32)
    assert tag.hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


def test_default_kdf_cost_is_at_least_rfc_9106_second_option() -> None:
    assert DEFAULT_KDF.memory_kib >= 65536
    assert DEFAULT_KDF.iterations >= 3
    assert DEFAULT_KDF.lanes >= 4
    assert DEFAULT_KDF != TEST_KDF


def test_unlock_derives_with_the_entrys_own_salt_and_cost(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    keyring = Keyring()
    keyring.enroll(NAME, PASSPHRASE, keys.random_key(), TEST_KDF)
    calls: list[dict[str, Any]] = []
    real = keys.Argon2id

    def spy(**kwargs: Any) -> Argon2id:
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(keys, "Argon2id", spy)
    keyring.unlock(NAME, PASSPHRASE).wipe()
    entry = keyring.entries[NAME]
    assert calls == [{"salt": entry.salt, "length": 32, "iterations": TEST_KDF.iterations,
                      "lanes": TEST_KDF.lanes, "memory_cost": TEST_KDF.memory_kib}]


def test_wrapped_root_key_round_trips_through_the_keyring_file(tmp_path: Path) -> None:
    root = keys.random_key()
    keyring = Keyring()
    public = keyring.enroll(NAME, PASSPHRASE, root, TEST_KDF)
    keyring.enroll("second", "other long passphrase 9", root, TEST_KDF)
    keyring.save(tmp_path / "keyring.json")

    reloaded = Keyring.load(tmp_path / "keyring.json")
    unlocked = reloaded.unlock(NAME, PASSPHRASE)
    assert unlocked.roots == [root]
    assert reloaded.entries[NAME].public_key == public
    assert reloaded.unlock("second", "other long passphrase 9").roots == [root]
    with pytest.raises(AuthenticationFailed):
        reloaded.unlock(NAME, PASSPHRASE + " ")


def test_changing_a_passphrase_rewraps_only_that_entry(tmp_path: Path) -> None:
    root = keys.random_key()
    keyring = Keyring()
    keyring.enroll(NAME, PASSPHRASE, root, TEST_KDF)
    keyring.enroll("second", "other long passphrase 9", root, TEST_KDF)
    other_before = keyring.entries["second"]
    sealed_before = keyring.entries[NAME].sealed

    keyring.change_passphrase(keyring.unlock(NAME, PASSPHRASE), "brand new passphrase 77",
                              TEST_KDF)

    assert keyring.entries["second"] is other_before
    assert keyring.entries[NAME].sealed == sealed_before
    assert keyring.unlock(NAME, "brand new passphrase 77").roots == [root]
    with pytest.raises(AuthenticationFailed):
        keyring.unlock(NAME, PASSPHRASE)


# --- every single-bit flip of a stored entry -----------------------------------------


def _entry_document(tmp_path: Path) -> tuple[dict[str, Any], bytearray]:
    root = keys.random_key()
    keyring = Keyring()
    keyring.enroll(NAME, PASSPHRASE, root, TEST_KDF)
    keyring.save(tmp_path / "keyring.json")
    return json.loads((tmp_path / "keyring.json").read_bytes()), root


def _flip(data: bytes, bit: int) -> bytes:
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


# Base64 fields of one entry, as paths inside the entry's JSON object.
B64_FIELDS = [("salt",), ("public_key",), ("private", "nonce"), ("private", "ciphertext"),
              (SLOT_CURRENT, "ephemeral"), (SLOT_CURRENT, "nonce"),
              (SLOT_CURRENT, "ciphertext")]


def _bit_flipped_documents(document: dict[str, Any]
                           ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every single-bit flip of every bound field: (what, account to log in as, document)."""
    entry = document["accounts"][NAME]
    for path in B64_FIELDS:
        holder = entry
        for part in path[:-1]:
            holder = holder[part]
        raw = base64.b64decode(holder[path[-1]])
        for bit in range(len(raw) * 8):
            changed = copy.deepcopy(document)
            target = changed["accounts"][NAME]
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = base64.b64encode(_flip(raw, bit)).decode()
            yield f"{'/'.join(path)} bit {bit}", NAME, changed
    for param in ("m", "t", "p"):
        for bit in range(32):
            changed = copy.deepcopy(document)
            changed["accounts"][NAME]["kdf"][param] ^= 1 << bit
            yield f"kdf {param} bit {bit}", NAME, changed
    for bit in range(32):
        changed = copy.deepcopy(document)
        changed["format"] ^= 1 << bit
        yield f"format bit {bit}", NAME, changed
    for bit in range(len(NAME) * 8):
        renamed = _flip(NAME.encode(), bit).decode("latin-1")
        changed = copy.deepcopy(document)
        changed["accounts"] = {renamed: changed["accounts"][NAME]}
        yield f"account name bit {bit}", renamed, changed


def test_every_single_bit_flip_of_an_entry_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Salt, cost, name, public key, wrapped private key and sealed root are all bound.

    Argon2id is replaced by a stand-in that always yields the honest key-encryption key,
    so a flip in the salt or the cost is refused by the additional data alone, as it
    would be for someone who had obtained that key; a real derivation would only add
    a wrong key on top.
    """
    document, root = _entry_document(tmp_path)
    entry = Keyring.load(tmp_path / "keyring.json").entries[NAME]
    honest_kek = bytes(keys.derive_kek(PASSPHRASE, entry.salt, entry.kdf))

    class HonestKek:
        def __init__(self, **kwargs: Any) -> None:
            pass

        def derive_into(self, password: bytes, out: bytearray) -> None:
            out[:] = honest_kek

    monkeypatch.setattr(keys, "Argon2id", HonestKek)
    path = tmp_path / "flipped.json"
    outcomes: dict[str, int] = {"AuthenticationFailed": 0, "DamagedData": 0}
    cases = 0
    for what, account, changed in _bit_flipped_documents(document):
        cases += 1
        path.write_text(json.dumps(changed))
        try:
            unlocked = Keyring.load(path).unlock(account, PASSPHRASE)
        except (AuthenticationFailed, DamagedData) as refused:
            outcomes[type(refused).__name__] += 1
            continue
        pytest.fail(f"{what}: accepted, roots match: {unlocked.roots == [root]}")
    # The stand-in really stands in: the untouched document opens.
    path.write_text(json.dumps(document))
    assert Keyring.load(path).unlock(NAME, PASSPHRASE).roots == [root]
    assert cases == 16 * 8 + 32 * 8 + 12 * 8 + 48 * 8 + 32 * 8 + 12 * 8 + 48 * 8 + 3 * 32 + 32 \
        + len(NAME) * 8
    assert outcomes["AuthenticationFailed"] > 0
    assert outcomes["DamagedData"] > 0


@pytest.mark.parametrize("field", ["salt", "m", "t", "p"])
def test_flipped_salt_or_cost_is_refused_with_real_argon2id(tmp_path: Path, field: str) -> None:
    document, _ = _entry_document(tmp_path)
    entry = document["accounts"][NAME]
    if field == "salt":
        entry["salt"] = base64.b64encode(_flip(base64.b64decode(entry["salt"]), 77)).decode()
    else:
        entry["kdf"][field] += 1  # still inside the allowed range
    path = tmp_path / "flipped.json"
    path.write_text(json.dumps(document))
    with pytest.raises(AuthenticationFailed):
        Keyring.load(path).unlock(NAME, PASSPHRASE)


def forbid_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any Argon2id derivation fails the test."""

    def forbidden(**kwargs: Any) -> None:
        pytest.fail(f"Argon2id ran with {kwargs}")

    monkeypatch.setattr(keys, "Argon2id", forbidden)


OUT_OF_BOUNDS = [
    ("m", KDF_FLOOR.memory_kib - 1), ("m", 8), ("m", 0), ("m", -65536),
    ("m", KDF_CEILING.memory_kib + 1), ("m", 100 * 1024 * 1024),
    ("t", KDF_FLOOR.iterations - 1), ("t", 0), ("t", KDF_CEILING.iterations + 1),
    ("t", 2**40),
    ("p", 0), ("p", -1), ("p", KDF_CEILING.lanes + 1), ("p", 2**24),
]


@pytest.mark.parametrize(("param", "value"), OUT_OF_BOUNDS)
def test_cost_outside_floor_or_ceiling_is_refused_before_deriving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, param: str, value: int) -> None:
    document, _ = _entry_document(tmp_path)
    document["accounts"][NAME]["kdf"][param] = value
    forbid_argon2(monkeypatch)
    path = tmp_path / "weakened.json"
    path.write_text(json.dumps(document))
    with pytest.raises(DamagedData):
        Keyring.load(path).unlock(NAME, PASSPHRASE)


@pytest.mark.parametrize("params", [
    KdfParams(KDF_FLOOR.memory_kib - 1, 3, 4), KdfParams(65536, 1, 4), KdfParams(65536, 3, 0),
    KdfParams(KDF_CEILING.memory_kib * 2, 3, 4), KdfParams(65536, 11, 4),
    KdfParams(65536, 3, 17)])
def test_derive_refuses_out_of_range_cost_without_running_argon2(
        monkeypatch: pytest.MonkeyPatch, params: KdfParams) -> None:
    forbid_argon2(monkeypatch)
    with pytest.raises(DamagedData):
        keys.derive_kek(PASSPHRASE, os.urandom(16), params)


@pytest.mark.parametrize("mutate", [
    pytest.param(lambda e: e.update(salt=base64.b64encode(os.urandom(15)).decode()),
                 id="short-salt"),
    pytest.param(lambda e: e["kdf"].update(m="65536"), id="cost-as-text"),
    pytest.param(lambda e: e["kdf"].update(t=3.0), id="cost-as-float"),
    pytest.param(lambda e: e["kdf"].update(p=True), id="cost-as-bool"),
    pytest.param(lambda e: e["kdf"].update(x=1), id="extra-cost-field"),
    pytest.param(lambda e: e.pop("current"), id="no-sealed-root"),
    pytest.param(lambda e: e.update(salt=e["salt"].rstrip("=")), id="non-canonical-b64"),
    pytest.param(lambda e: e.update(extra="x"), id="unknown-field"),
])
def test_malformed_entry_is_refused_as_damaged_before_deriving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mutate: Any) -> None:
    document, _ = _entry_document(tmp_path)
    mutate(document["accounts"][NAME])
    forbid_argon2(monkeypatch)
    path = tmp_path / "malformed.json"
    path.write_text(json.dumps(document))
    with pytest.raises(DamagedData):
        Keyring.load(path).unlock(NAME, PASSPHRASE)


def test_keyring_file_that_is_not_json_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "keyring.json"
    for content in (b"", b"{", b"\xff\xfe", b"[]", b'{"format": 1}',
                    b'{"format": 1, "accounts": []}'):
        path.write_bytes(content)
        with pytest.raises(DamagedData):
            Keyring.load(path)


# --- separate keys for separate jobs --------------------------------------------------


def test_database_audit_and_export_keys_are_distinct_hkdf_outputs(vault: VaultDir) -> None:
    root = vault.roots()[0]
    derived = {label: bytes(keys.hkdf(root, label))
               for label in (keys.LABEL_DATABASE, keys.LABEL_AUDIT, keys.LABEL_EXPORT,
                             keys.LABEL_BACKUP_MANIFEST)}
    assert len(set(derived.values()) | {bytes(root)}) == 5
    assert all(len(key) == 32 for key in derived.values())

    session = vault.login(ADMIN)
    try:
        opened = session.vault
        assert bytes(opened._db_key) == derived[keys.LABEL_DATABASE]
        assert bytes(opened._audit_key) == derived[keys.LABEL_AUDIT]
        assert bytes(opened.export_key) == derived[keys.LABEL_EXPORT]
    finally:
        session.close()


def test_only_the_database_label_key_opens_the_file_and_only_the_audit_key_signs(
        vault: VaultDir) -> None:
    root = vault.roots()[0]
    db_key = bytes(keys.hkdf(root, keys.LABEL_DATABASE))
    audit_key = bytes(keys.hkdf(root, keys.LABEL_AUDIT))
    export_key = bytes(keys.hkdf(root, keys.LABEL_EXPORT))
    assert opens_with(vault.paths.database, db_key)
    for other in (bytes(root), audit_key, export_key):
        assert not opens_with(vault.paths.database, other)

    with read_only(vault.paths, [root]) as view:
        first, second = list(view.audit_chain().rows())[:2]
    assert compute_mac(audit_key, first.mac, second) == second.mac
    for other in (db_key, bytes(root), export_key):
        assert compute_mac(other, first.mac, second) != second.mac


def test_database_refuses_to_open_without_a_key(tmp_path: Path) -> None:
    for empty in (bytearray(32), bytearray(), bytearray(16)):
        db = KeyedDatabase(tmp_path / "plain.db", empty)
        with pytest.raises(DamagedData):
            db.connect()
    assert not (tmp_path / "plain.db").exists()


# --- nonces ---------------------------------------------------------------------------


def test_aead_nonces_never_repeat_under_one_key() -> None:
    key = keys.random_key()
    nonces = {keys.aead_encrypt(key, b"x" * 32, b"aad")[0] for _ in range(10_000)}
    assert len(nonces) == 10_000


def test_resealing_the_root_never_repeats_an_ephemeral_key_or_nonce() -> None:
    keyring = Keyring()
    keyring.enroll(NAME, PASSPHRASE, keys.random_key(), TEST_KDF)
    root = keys.random_key()
    ephemerals, nonces = set(), set()
    for _ in range(2000):
        keyring.seal_root(NAME, root, SLOT_CURRENT)
        sealed = keyring.entries[NAME].sealed[SLOT_CURRENT]
        ephemerals.add(sealed["ephemeral"])
        nonces.add(sealed["nonce"])
    assert len(ephemerals) == len(nonces) == 2000
    assert keyring.unlock(NAME, PASSPHRASE).roots == [root]


def test_passphrase_rewraps_never_repeat_a_salt_or_nonce() -> None:
    keyring = Keyring()
    keyring.enroll(NAME, PASSPHRASE, keys.random_key(), TEST_KDF)
    salts, nonces = set(), set()
    passphrase = PASSPHRASE
    for round_ in range(25):
        new = f"rotating passphrase number {round_}"
        keyring.change_passphrase(keyring.unlock(NAME, passphrase), new, TEST_KDF)
        passphrase = new
        salts.add(keyring.entries[NAME].salt)
        nonces.add(keyring.entries[NAME].private_nonce)
    assert len(salts) == len(nonces) == 25


def test_fixture_accounts_use_the_test_profile_explicitly(vault: VaultDir) -> None:
    entries = Keyring.load(vault.paths.keyring).entries
    assert {entry.kdf for entry in entries.values()} == {TEST_KDF}
    assert set(entries) == set(PASSPHRASES)
    assert OFFICER in entries
