"""The encrypted bundle: one file (an export) that only the passphrase given for it opens.

Modelled on age v1 (c2sp.org/age, its passphrase recipient), with Argon2id for scrypt and
AES-256-GCM for ChaCha20-Poly1305, and on KeePass's KDBX 4 (Argon2id parameters in an
authenticated header, checked against bounds before use): a random file key does the work
and the passphrase only wraps it; the payload is cut into 64 KiB AEAD chunks whose nonce
carries the chunk's number and a "last chunk" flag, so that a file cut short, with chunks
dropped, swapped or data appended, does not decrypt.

Byte layout::

    MAGIC   b"jhro-bundle/v1\\n"                                                 15 bytes
    HEADER  canonical JSON (sorted keys, no spaces, ASCII) then b"\\n", at most 512 bytes:
            {"chunk":65536,"kdf":{"m":65536,"name":"argon2id","p":4,
             "salt":"<base64 of 16 bytes>","t":3},"version":1}
    WRAP    nonce (12) ‖ AES-256-GCM(KEK, file key, AAD = MAGIC ‖ HEADER)      60 bytes
            where KEK = Argon2id(passphrase, salt, m, t, p)
    MAC     HMAC-SHA256(HKDF(file key, info=LABEL_HEADER), MAGIC ‖ HEADER ‖ WRAP) 32 bytes
    SALT    16 random bytes; payload key = HKDF(file key, salt=SALT, info=LABEL_PAYLOAD)
    CHUNKS  AES-256-GCM(payload key, nonce = chunk number (11 bytes, big-endian) ‖ final
            (1 byte), plaintext, no AAD): 65536 bytes of plaintext each (65552 on disk) but
            the last, of 1 to 65536 bytes (0 only when the whole plaintext is empty), which
            alone has final = 0x01 and after which nothing may follow.

A reader refuses in this order, with one message per class (age's outcome classes): the
header (not a bundle, another version, not canonical, KDF cost out of bounds: refused before
any derivation), the passphrase (the file key does not unwrap: a wrong passphrase and an
altered header look alike), then the payload (the chunk that fails, or where it was cut).
v1 reads only 65536-byte chunks: the size is written so that it is authenticated, not
assumed.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jhro_tui.errors import AuthenticationFailed, DamagedData, UsageError
from jhro_tui.i18n import N_
from jhro_tui.security import keys
from jhro_tui.security.keys import DEFAULT_KDF, KdfParams

MAGIC = b"jhro-bundle/v1\n"
FAMILY = b"jhro-bundle/"
"""What every version's magic starts with: a later version is recognised, then refused by
name rather than taken for a CSV file."""
VERSION = 1
KDF_NAME = "argon2id"
CHUNK_BYTES = 64 * 1024
TAG_BYTES = 16
SEALED_CHUNK = CHUNK_BYTES + TAG_BYTES
HEADER_MAX = 512
WRAP_BYTES = keys.NONCE_BYTES + keys.KEY_BYTES + TAG_BYTES
MAC_BYTES = 32
PAYLOAD_SALT_BYTES = 16
DEFAULT_LIMIT = 2 * 1024 ** 3
"""Plaintext ``open_sealed`` returns at most, in bytes: the whole of it is in memory."""

LABEL_HEADER = b"jhro/v1/bundle-header"
LABEL_PAYLOAD = b"jhro/v1/bundle-payload"


class BundleHeaderError(DamagedData):
    """Header failure: not a bundle, a version this jhro cannot read, or a header that is
    damaged, not canonical, or asks for a KDF cost out of bounds."""

    default_template = N_("The bundle's header is damaged or was altered; nothing was read "
                          "from it.")


class BundlePassphraseError(AuthenticationFailed):
    """The file key did not unwrap."""

    default_template = N_("Wrong passphrase for this bundle, or the file was altered.")


class BundlePayloadError(DamagedData):
    """Payload failure: a chunk does not decrypt, the final chunk is missing, or data follows
    it."""

    default_template = N_("The bundle is damaged or was altered.")


class BundleTooLarge(UsageError):
    default_template = N_("The bundle holds more than {limit} MiB of data, more than jhro "
                          "reads at once.")


def is_bundle(head: bytes) -> bool:
    """Whether a file that starts with ``head`` (at least ``len(MAGIC)`` bytes of it, when it
    has them) is a bundle of any version."""
    return head.startswith(FAMILY)


def seal(plaintext: bytes, passphrase: str, *, params: KdfParams = DEFAULT_KDF) -> bytes:
    """``plaintext`` as a bundle that ``passphrase`` opens."""
    out = io.BytesIO()
    view = memoryview(plaintext)
    seal_stream((view[start:start + CHUNK_BYTES]
                 for start in range(0, len(view), CHUNK_BYTES)), passphrase, out, params=params)
    return out.getvalue()


def open_sealed(data: bytes, passphrase: str, *, limit: int = DEFAULT_LIMIT) -> bytes:
    """The plaintext of the bundle ``data``, whole, or a ``Bundle…`` error and nothing.

    A bundle whose size implies more than ``limit`` bytes of plaintext is refused before any
    key is derived.
    """
    before_payload = len(_read_header(io.BytesIO(data))) + WRAP_BYTES + MAC_BYTES
    if _plaintext_bound(len(data) - before_payload - PAYLOAD_SALT_BYTES) > limit:
        raise BundleTooLarge(limit=limit // 1024 ** 2)
    return b"".join(open_stream(io.BytesIO(data), passphrase, limit=limit))


def seal_stream(chunks: Iterable[bytes | memoryview], passphrase: str, out: BinaryIO, *,
                params: KdfParams = DEFAULT_KDF) -> int:
    """Write to ``out`` a bundle of the concatenated ``chunks`` (of any sizes), holding one
    of them and at most a chunk more; returns the bytes of plaintext sealed.

    The header is written first: if ``chunks`` fails midway, what was written lacks its
    final chunk and every reader refuses it as cut short (still, write to a temporary file
    and rename it once this returns)."""
    salt = os.urandom(keys.SALT_BYTES)
    header = MAGIC + _canonical({
        "version": VERSION, "chunk": CHUNK_BYTES,
        "kdf": {"name": KDF_NAME, "salt": keys.b64(salt), **params.as_dict()}}) + b"\n"
    file_key = keys.random_key()
    try:
        kek = keys.derive_kek(passphrase, salt, params)
        try:
            nonce, wrapped = keys.aead_encrypt(kek, bytes(file_key), header)
        finally:
            keys.wipe(kek)
        head = header + nonce + wrapped
        payload_salt = os.urandom(PAYLOAD_SALT_BYTES)
        out.write(head + _header_mac(file_key, head) + payload_salt)
        cipher = _payload_cipher(file_key, payload_salt)
    finally:
        keys.wipe(file_key)
    pending = bytearray()
    counter = total = 0
    for piece in chunks:
        pending += piece
        total += len(piece)
        # A full chunk is held back until more follows: only then is it not the last.
        done = 0
        with memoryview(pending) as view:
            while len(pending) - done > CHUNK_BYTES:
                out.write(cipher.encrypt(_nonce(counter, final=False),
                                         view[done:done + CHUNK_BYTES], None))
                counter += 1
                done += CHUNK_BYTES
        del pending[:done]
    out.write(cipher.encrypt(_nonce(counter, final=True), pending, None))
    return total


def open_stream(inp: BinaryIO, passphrase: str, *, limit: int | None = None
                ) -> Iterator[bytes]:
    """The plaintext of the bundle read from ``inp``, chunk by chunk, in bounded memory.

    The header and the passphrase are checked now (their errors are raised by this call);
    each chunk is authenticated before it is yielded, but a later chunk may still fail,
    or the bundle may prove cut short at its end: a caller must not act on (import, show,
    write out) anything before the iterator is exhausted without an error.
    """
    header = _read_header(inp)
    params, salt = _parse_header(header)
    try:
        keys.check_kdf_bounds(params)
    except DamagedData as exc:
        raise BundleHeaderError(N_("The bundle asks for key-derivation settings outside the "
                                   "allowed range ({name}={value}); it was refused without "
                                   "trying them."), **exc.params) from exc
    wrap = _read_exact(inp, WRAP_BYTES)
    mac = _read_exact(inp, MAC_BYTES)
    if len(mac) < MAC_BYTES:
        raise BundleHeaderError()
    head = header + wrap
    file_key = _unwrap(passphrase, salt, params, header, wrap)
    try:
        if not hmac.compare_digest(mac, _header_mac(file_key, head)):
            raise BundleHeaderError()
        payload_salt = _read_exact(inp, PAYLOAD_SALT_BYTES)
        if len(payload_salt) < PAYLOAD_SALT_BYTES:
            raise BundlePayloadError(_CUT_SHORT, count=0)
        cipher = _payload_cipher(file_key, payload_salt)
    finally:
        keys.wipe(file_key)
    return _chunks(inp, cipher, len(head) + MAC_BYTES + PAYLOAD_SALT_BYTES, limit)


_DAMAGED_CHUNK = N_("The bundle is damaged, altered or cut short in chunk {chunk} (from byte "
                    "{offset} of the file).")
_CUT_SHORT = N_("The bundle is cut short: it ends after {count} whole chunks, without its "
                "final chunk.")
_APPENDED = N_("The bundle has data after its final chunk (from byte {offset} of the file): "
               "it was altered.")


def _chunks(inp: BinaryIO, cipher: AESGCM, offset: int, limit: int | None
            ) -> Iterator[bytes]:
    counter = total = 0
    current = _read_exact(inp, SEALED_CHUNK)
    while True:
        following = _read_exact(inp, SEALED_CHUNK) if len(current) == SEALED_CHUNK else b""
        final = not following
        try:
            plain = cipher.decrypt(_nonce(counter, final=final), current, None)
        except InvalidTag:
            raise _payload_failure(cipher, counter, current, final, offset) from None
        total += len(plain)
        if limit is not None and total > limit:
            raise BundleTooLarge(limit=limit // 1024 ** 2)
        if final and not plain and counter:
            raise BundlePayloadError(_DAMAGED_CHUNK, chunk=counter + 1, offset=offset)
        yield plain
        if final:
            return
        counter += 1
        offset += len(current)
        current = following


def _payload_failure(cipher: AESGCM, counter: int, sealed: bytes, final: bool,
                     offset: int) -> BundlePayloadError:
    """Why a chunk failed, told apart by trying the other flag: a last chunk that opens as
    a middle one means the file was cut there, a middle one that opens as the last means
    something was appended after it."""
    try:
        cipher.decrypt(_nonce(counter, final=not final), sealed, None)
    except InvalidTag:
        if final and not sealed:
            return BundlePayloadError(_CUT_SHORT, count=counter)
        return BundlePayloadError(_DAMAGED_CHUNK, chunk=counter + 1, offset=offset)
    if final:
        return BundlePayloadError(_CUT_SHORT, count=counter + 1)
    return BundlePayloadError(_APPENDED, offset=offset + len(sealed))


def _read_header(inp: BinaryIO) -> bytes:
    """``MAGIC ‖ HEADER`` read from ``inp``, or a header failure."""
    magic = _read_exact(inp, len(MAGIC))
    if magic != MAGIC:
        if magic.startswith(FAMILY):
            version = magic[len(FAMILY):].rstrip(b"\n").decode("ascii", "replace")
            raise BundleHeaderError(N_("This bundle has format {version}, which this version "
                                       "of jhro cannot read."), version=version)
        raise BundleHeaderError(N_("This file is not a jhro encrypted bundle."))
    line = inp.readline(HEADER_MAX + 1)
    if not line.endswith(b"\n") or len(line) > HEADER_MAX:
        raise BundleHeaderError()
    return magic + line


def _parse_header(header: bytes) -> tuple[KdfParams, bytes]:
    """The KDF cost and salt of ``MAGIC ‖ HEADER``, which must be exactly the canonical
    spelling of the one header v1 knows: any other byte is a header failure (a field
    given twice, a space, ``1.0`` for ``1`` or an escaped name spell it differently)."""
    try:
        raw = json.loads(header[len(MAGIC):])
    except (ValueError, RecursionError) as exc:
        raise BundleHeaderError() from exc
    kdf = raw.get("kdf") if isinstance(raw, dict) else None
    if (not isinstance(raw, dict) or set(raw) != {"version", "chunk", "kdf"}
            or not isinstance(kdf, dict) or set(kdf) != {"name", "salt", "m", "t", "p"}
            or not all(type(value) is int for value in
                       (raw["version"], raw["chunk"], kdf["m"], kdf["t"], kdf["p"]))
            or (raw["version"], raw["chunk"], kdf["name"]) != (VERSION, CHUNK_BYTES, KDF_NAME)):
        raise BundleHeaderError()
    salt = keys.unb64(kdf["salt"], BundleHeaderError, keys.SALT_BYTES)
    if MAGIC + _canonical(raw) + b"\n" != header:
        raise BundleHeaderError()
    return KdfParams(memory_kib=kdf["m"], iterations=kdf["t"], lanes=kdf["p"]), salt


def _unwrap(passphrase: str, salt: bytes, params: KdfParams, header: bytes,
            wrap: bytes) -> bytearray:
    kek = keys.derive_kek(passphrase, salt, params)
    try:
        return bytearray(keys.aead_decrypt(kek, wrap[:keys.NONCE_BYTES],
                                           wrap[keys.NONCE_BYTES:], header))
    except AuthenticationFailed as exc:
        raise BundlePassphraseError() from exc
    finally:
        keys.wipe(kek)


def _header_mac(file_key: bytearray, head: bytes) -> bytes:
    mac_key = keys.hkdf(file_key, LABEL_HEADER)
    try:
        return hmac.new(bytes(mac_key), head, hashlib.sha256).digest()
    finally:
        keys.wipe(mac_key)


def _payload_cipher(file_key: bytearray, payload_salt: bytes) -> AESGCM:
    payload_key = keys.hkdf(file_key, LABEL_PAYLOAD, salt=payload_salt)
    try:
        return AESGCM(bytes(payload_key))
    finally:
        keys.wipe(payload_key)


def _nonce(counter: int, *, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _plaintext_bound(payload: int) -> int:
    """The plaintext that ``payload`` bytes of chunks hold (every chunk has its tag)."""
    chunks = max(1, -(-payload // SEALED_CHUNK))
    return payload - chunks * TAG_BYTES


def _read_exact(inp: BinaryIO, size: int) -> bytes:
    """``size`` bytes, fewer only at the end of the file (a pipe may return less)."""
    parts = []
    while size > 0:
        part = inp.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()



