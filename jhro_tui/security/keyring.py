"""The keyring file: per account, the wrapped private key and the sealed root key.

``keyring.json`` holds, for each active account, a random salt and the Argon2id
parameters, that account's X25519 private key wrapped under its passphrase, and the
vault's root key sealed to its public key. Everything that matters (format version,
account name, parameters, salt, public key, slot) is bound as additional data, so an
edit anywhere breaks a tag. During a key rotation an entry also holds the next root
key in a ``pending`` slot, so that a crash at any moment leaves a keyring that opens
the database.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jhro_tui.errors import AuthenticationFailed, DamagedData, FileProblem, NotFound
from jhro_tui.i18n import N_
from jhro_tui.security import keys
from jhro_tui.security.files import atomic_write
from jhro_tui.security.keys import KdfParams

FORMAT_VERSION = 1
SLOT_CURRENT = "current"
SLOT_PENDING = "pending"
_SEALED_FIELDS = ("ephemeral", "nonce", "ciphertext")
_SEALED_LENGTHS = {"ephemeral": 32, "nonce": keys.NONCE_BYTES,
                   "ciphertext": keys.KEY_BYTES + 16}


def _damaged() -> DamagedData:
    return DamagedData(N_("The keyring file is damaged or was edited by hand."))


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass(frozen=True)
class Entry:
    """One account's line in the keyring."""

    account: str
    salt: bytes
    kdf: KdfParams
    public_key: bytes
    private_nonce: bytes
    private_ciphertext: bytes
    sealed: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def private_aad(self) -> bytes:
        return _canonical({"format": FORMAT_VERSION, "account": self.account,
                           "kdf": self.kdf.as_dict(), "salt": keys.b64(self.salt),
                           "public_key": keys.b64(self.public_key), "purpose": "private-key"})

    def root_aad(self, slot: str) -> bytes:
        return _canonical({"format": FORMAT_VERSION, "account": self.account,
                           "public_key": keys.b64(self.public_key), "purpose": "root-key",
                           "slot": slot})

    def to_json(self) -> dict[str, Any]:
        return {
            "salt": keys.b64(self.salt),
            "kdf": self.kdf.as_dict(),
            "public_key": keys.b64(self.public_key),
            "private": {"nonce": keys.b64(self.private_nonce),
                        "ciphertext": keys.b64(self.private_ciphertext)},
            **{slot: {name: keys.b64(value[name]) for name in _SEALED_FIELDS}
               for slot, value in self.sealed.items()},
        }

    @classmethod
    def from_json(cls, account: str, raw: object) -> Entry:
        if not isinstance(raw, dict):
            raise _damaged()
        allowed = {"salt", "kdf", "public_key", "private", SLOT_CURRENT, SLOT_PENDING}
        if not {"salt", "kdf", "public_key", "private", SLOT_CURRENT} <= raw.keys() <= allowed:
            raise _damaged()
        kdf_raw, private = raw["kdf"], raw["private"]
        if (not isinstance(kdf_raw, dict) or set(kdf_raw) != {"m", "t", "p"}
                or not all(type(v) is int for v in kdf_raw.values())):
            raise _damaged()
        if not isinstance(private, dict) or set(private) != {"nonce", "ciphertext"}:
            raise _damaged()
        sealed: dict[str, dict[str, bytes]] = {}
        for slot in (SLOT_CURRENT, SLOT_PENDING):
            if slot in raw:
                value = raw[slot]
                if not isinstance(value, dict) or set(value) != set(_SEALED_FIELDS):
                    raise _damaged()
                sealed[slot] = {name: keys.unb64(value[name], _damaged, _SEALED_LENGTHS[name])
                                for name in _SEALED_FIELDS}
        return cls(
            account=account,
            salt=keys.unb64(raw["salt"], _damaged, minimum=keys.SALT_BYTES),
            kdf=KdfParams(kdf_raw["m"], kdf_raw["t"], kdf_raw["p"]),
            public_key=keys.unb64(raw["public_key"], _damaged, 32),
            private_nonce=keys.unb64(private["nonce"], _damaged, keys.NONCE_BYTES),
            private_ciphertext=keys.unb64(private["ciphertext"], _damaged, keys.KEY_BYTES + 16),
            sealed=sealed,
        )


@dataclass
class UnlockedAccount:
    """What a passphrase opens: the account's private key and the candidate root keys."""

    account: str
    private_key: bytearray
    roots: list[bytearray]

    def wipe(self) -> None:
        keys.wipe(self.private_key)
        for root in self.roots:
            keys.wipe(root)


@dataclass
class Keyring:
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            raw = json.loads(path.read_bytes())
        except FileNotFoundError as exc:
            raise NotFound(N_("No jhro database in {path}: run `jhro init` or the "
                              "first-run set-up."), path=path.parent) from exc
        except PermissionError as exc:
            raise FileProblem(N_("Cannot read the keyring {path}: permission denied. It "
                                 "belongs to another system account (written with sudo?): "
                                 "give it back to the account that runs jhro, mode 0600."),
                              path=path) from exc
        except (OSError, ValueError, RecursionError) as exc:  # RecursionError: nesting bomb
            raise _damaged() from exc
        if (not isinstance(raw, dict) or set(raw) != {"format", "accounts"}
                or not isinstance(raw["accounts"], dict)):
            raise _damaged()
        if raw["format"] != FORMAT_VERSION:
            raise DamagedData(N_("The keyring has format {version}, which this version of "
                                 "jhro does not know."), version=raw["format"])
        return cls({name: Entry.from_json(name, entry)
                    for name, entry in raw["accounts"].items()})

    def save(self, path: Path) -> None:
        document = {"format": FORMAT_VERSION,
                    "accounts": {name: self.entries[name].to_json()
                                 for name in sorted(self.entries)}}
        atomic_write(path, json.dumps(document, indent=2, sort_keys=True).encode() + b"\n")

    def enroll(self, account: str, passphrase: str, root: bytes | bytearray,
               params: KdfParams) -> bytes:
        """Add ``account`` with a fresh key pair; returns its public key."""
        raw_private, public = keys.new_account_keypair()
        private = bytearray(raw_private)
        try:
            entry = self._wrap_private(account, passphrase, private, public, params, {})
        finally:
            keys.wipe(private)
        self.entries[account] = replace(
            entry, sealed={SLOT_CURRENT: keys.seal(root, public, entry.root_aad(SLOT_CURRENT))})
        return public

    @staticmethod
    def _wrap_private(account: str, passphrase: str, private: bytearray, public: bytes,
                      params: KdfParams, sealed: dict[str, dict[str, bytes]]) -> Entry:
        salt = os.urandom(keys.SALT_BYTES)
        draft = Entry(account, salt, params, public, b"", b"", sealed)
        kek = keys.derive_kek(passphrase, salt, params)
        try:
            nonce, ciphertext = keys.aead_encrypt(kek, bytes(private), draft.private_aad())
        finally:
            keys.wipe(kek)
        return replace(draft, private_nonce=nonce, private_ciphertext=ciphertext)

    def unlock(self, account: str, passphrase: str) -> UnlockedAccount:
        """Open ``account``'s entry or raise ``AuthenticationFailed``.

        An unknown account costs the same Argon2id work as a known one, so timing does not
        tell which names exist.
        """
        entry = self.entries.get(account)
        if entry is None:
            keys.wipe(keys.derive_kek(passphrase, os.urandom(keys.SALT_BYTES), keys.DEFAULT_KDF))
            raise AuthenticationFailed()
        kek = keys.derive_kek(passphrase, entry.salt, entry.kdf)
        try:
            private = bytearray(keys.aead_decrypt(kek, entry.private_nonce,
                                                  entry.private_ciphertext, entry.private_aad()))
        finally:
            keys.wipe(kek)
        roots = []
        for slot in (SLOT_CURRENT, SLOT_PENDING):
            if slot in entry.sealed:
                roots.append(keys.unseal(entry.sealed[slot], private, entry.root_aad(slot)))
        return UnlockedAccount(account, private, roots)

    def change_passphrase(self, unlocked: UnlockedAccount, new_passphrase: str,
                          params: KdfParams) -> None:
        """Rewrap only this account's private key under a new passphrase and salt."""
        entry = self.entries[unlocked.account]
        self.entries[unlocked.account] = self._wrap_private(
            entry.account, new_passphrase, unlocked.private_key, entry.public_key, params,
            dict(entry.sealed))

    def seal_root(self, account: str, root: bytes | bytearray, slot: str) -> None:
        entry = self.entries[account]
        sealed = dict(entry.sealed)
        sealed[slot] = keys.seal(root, entry.public_key, entry.root_aad(slot))
        self.entries[account] = replace(entry, sealed=sealed)

    def drop_pending(self, account: str) -> None:
        entry = self.entries[account]
        sealed = {slot: value for slot, value in entry.sealed.items() if slot != SLOT_PENDING}
        self.entries[account] = replace(entry, sealed=sealed)

    def remove(self, account: str) -> None:
        self.entries.pop(account, None)
