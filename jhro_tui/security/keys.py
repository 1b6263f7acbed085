"""Key derivation and wrapping primitives.

An account's passphrase gives, through Argon2id, a key-encryption key (KEK) that
wraps that account's X25519 private key with AES-256-GCM. The vault's root key is
sealed to each account's X25519 public key, so an administrator can rotate the root
key and re-seal it for every account without knowing anyone's passphrase. The
database key, the audit MAC key and the export key are distinct HKDF outputs of the
root key under separate labels, and so is the key that authenticates a backup's manifest.
"""

from __future__ import annotations

import base64
import binascii
import ctypes
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jhro_tui.errors import AuthenticationFailed, DamagedData
from jhro_tui.i18n import N_

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12

LABEL_DATABASE = b"jhro/v1/database-key"
LABEL_AUDIT = b"jhro/v1/audit-mac-key"
LABEL_EXPORT = b"jhro/v1/export-key"
LABEL_SEAL = b"jhro/v1/seal-root-key"
LABEL_BACKUP_MANIFEST = b"jhro/v1/backup-manifest-key"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes over memory, and parallel lanes."""

    memory_kib: int
    iterations: int
    lanes: int

    def as_dict(self) -> dict[str, int]:
        return {"m": self.memory_kib, "t": self.iterations, "p": self.lanes}


DEFAULT_KDF = KdfParams(memory_kib=65536, iterations=3, lanes=4)
"""RFC 9106's second recommended option (64 MiB, t=3, p=4): about 0.2 s here."""

TEST_KDF = KdfParams(memory_kib=19456, iterations=2, lanes=1)
"""The floor itself; only test fixtures choose it, explicitly."""

KDF_FLOOR = KdfParams(memory_kib=19456, iterations=2, lanes=1)
KDF_CEILING = KdfParams(memory_kib=1024 * 1024, iterations=10, lanes=16)


def check_kdf_bounds(params: KdfParams) -> None:
    """Refuse parameters read from a file before spending any time or memory on them."""
    for name in ("memory_kib", "iterations", "lanes"):
        value = getattr(params, name)
        if not getattr(KDF_FLOOR, name) <= value <= getattr(KDF_CEILING, name):
            raise DamagedData(N_("The keyring asks for key-derivation settings outside the "
                                 "allowed range ({name}={value}); refusing to use it."),
                              name=name, value=value)


# Two Argon2id derivations running at once in one process deadlock inside OpenSSL's
# thread pool (seen with cryptography 50 / OpenSSL 3.5: both threads wait forever).
# Derivations already use every lane in parallel, so serialising them costs nothing.
_ARGON2_LOCK = threading.Lock()


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Argon2id(passphrase, salt) into a fresh 32-byte buffer the caller must wipe."""
    check_kdf_bounds(params)
    if len(salt) < SALT_BYTES:
        raise DamagedData(N_("The keyring holds a salt that is too short."))
    out = bytearray(KEY_BYTES)
    kdf = Argon2id(salt=salt, length=KEY_BYTES, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    # Encoded into a buffer wiped after use: an encoded bytes copy would stay in freed
    # memory. (The str itself is immutable: the caller drops it, Python cannot wipe it.)
    encoded = bytearray(passphrase, "utf-8")
    try:
        with _ARGON2_LOCK:
            kdf.derive_into(encoded, out)  # type: ignore[arg-type]  # any buffer works
    finally:
        wipe(encoded)
    return out


def hkdf(root: bytes | bytearray, label: bytes, length: int = KEY_BYTES, *,
         salt: bytes | None = None) -> bytearray:
    """A subkey of ``root`` for one job; different labels (or salts) give independent
    keys."""
    out = bytearray(length)
    # Into a buffer the caller wipes, from the caller's buffer: no immutable copy of
    # either key is made on the way.
    HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=label).derive_into(
        root, out)
    return out


def random_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


def wipe(buffer: bytearray | None) -> None:
    """Overwrite a key buffer in place (Python cannot reach copies made elsewhere)."""
    if buffer:
        ctypes.memset((ctypes.c_char * len(buffer)).from_buffer(buffer), 0, len(buffer))


def aead_encrypt(key: bytes | bytearray, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(bytes(key)).encrypt(nonce, plaintext, aad)


def aead_decrypt(key: bytes | bytearray, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    """Decrypt or raise ``AuthenticationFailed``: a wrong key and a tampered record look alike."""
    try:
        return AESGCM(bytes(key)).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise AuthenticationFailed() from exc


def new_account_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as (private, public) raw bytes."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                              serialization.NoEncryption()),
        private.public_key().public_bytes(serialization.Encoding.Raw,
                                          serialization.PublicFormat.Raw),
    )


def _seal_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return bytes(hkdf(shared, LABEL_SEAL + ephemeral_public + recipient_public))


def seal(root: bytes | bytearray, recipient_public: bytes, aad: bytes) -> dict[str, bytes]:
    """Encrypt ``root`` so that only the holder of the matching private key can open it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce, ciphertext = aead_encrypt(_seal_key(shared, ephemeral_public, recipient_public),
                                     bytes(root), aad)
    return {"ephemeral": ephemeral_public, "nonce": nonce, "ciphertext": ciphertext}


def unseal(sealed: dict[str, bytes], private: bytes | bytearray, aad: bytes) -> bytearray:
    key = X25519PrivateKey.from_private_bytes(bytes(private))
    recipient_public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                                     serialization.PublicFormat.Raw)
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(sealed["ephemeral"]))
    except ValueError as exc:
        raise AuthenticationFailed() from exc
    return bytearray(aead_decrypt(_seal_key(shared, sealed["ephemeral"], recipient_public),
                                  sealed["nonce"], sealed["ciphertext"], aad))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, damaged: Callable[[], Exception], length: int | None = None,
          minimum: int | None = None) -> bytes:
    """Bytes from the canonical base64 of a stored record (one spelling per value, so an
    edited file cannot hide a change in another spelling), else ``damaged()``."""
    if not isinstance(text, str):
        raise damaged()
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise damaged() from exc
    if b64(data) != text:
        raise damaged()
    if (length is not None and len(data) != length) or (minimum and len(data) < minimum):
        raise damaged()
    return data
