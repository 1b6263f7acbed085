"""The encrypted bundle: round trips, and every way a file can be cut, altered or forged
refused with the message of its class (header, passphrase, payload), never a partial
plaintext."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jhro_tui.errors import AuthenticationFailed, DamagedData, JhroError
from jhro_tui.security import bundle, keys
from jhro_tui.security.bundle import (
    CHUNK_BYTES,
    MAGIC,
    SEALED_CHUNK,
    BundleHeaderError,
    BundlePassphraseError,
    BundlePayloadError,
    BundleTooLarge,
    is_bundle,
    open_sealed,
    open_stream,
    seal,
    seal_stream,
)
from jhro_tui.security.keys import KDF_CEILING, KDF_FLOOR, TEST_KDF, KdfParams

PASSPHRASE = "lantern copper meadow 0417"
HEADER_FIXED = bundle.WRAP_BYTES + bundle.MAC_BYTES


def plaintext(size: int) -> bytes:
    return os.urandom(size)


def sealed(data: bytes) -> bytes:
    return seal(data, PASSPHRASE, params=TEST_KDF)


def payload_start(blob: bytes) -> int:
    """Where the first chunk begins: after the header line, the wrap, the MAC and the
    payload salt."""
    return blob.index(b"\n", len(MAGIC)) + 1 + HEADER_FIXED + bundle.PAYLOAD_SALT_BYTES


def header_end(blob: bytes) -> int:
    return payload_start(blob) - bundle.PAYLOAD_SALT_BYTES


def refused(blob: bytes, kind: type[JhroError] = JhroError) -> JhroError:
    with pytest.raises(kind) as caught:
        open_sealed(blob, PASSPHRASE)
    return caught.value


@pytest.fixture(scope="module")
def small() -> bytes:
    """A bundle sealed before any test forbids derivation."""
    return sealed(b"x")


def forbid_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_args: object) -> bytearray:
        raise AssertionError("a key was derived from a file that should have been refused")

    monkeypatch.setattr(keys, "derive_kek", forbidden)


@pytest.fixture
def no_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_derivation(monkeypatch)


@pytest.fixture
def derivations_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id once per (passphrase, salt, cost): a loop over a thousand altered headers
    that share them stays fast, and still derives for real."""
    real = keys.derive_kek
    seen: dict[tuple[str, bytes, KdfParams], bytes] = {}

    def remembered(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
        key = (passphrase, salt, params)
        if key not in seen:
            seen[key] = bytes(real(passphrase, salt, params))
        return bytearray(seen[key])

    monkeypatch.setattr(keys, "derive_kek", remembered)


def rewrite_header(blob: bytes, change: Callable[[dict[str, object]], object]) -> bytes:
    """``blob`` with its header line replaced by ``change`` of its JSON, spelled canonically
    (so that only the change, not its spelling, is refused)."""
    end = blob.index(b"\n", len(MAGIC)) + 1
    document = json.loads(blob[len(MAGIC):end])
    changed = change(document)
    line = json.dumps(changed if changed is not None else document, sort_keys=True,
                      separators=(",", ":")).encode() + b"\n"
    return MAGIC + line + blob[end:]


# Round trips


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1,
                                  3 * CHUNK_BYTES, 3 * 1024 * 1024 + 7])
def test_a_sealed_plaintext_opens_whole_with_its_passphrase(size: int) -> None:
    data = plaintext(size)
    blob = sealed(data)
    assert open_sealed(blob, PASSPHRASE) == data
    chunks = max(1, -(-size // CHUNK_BYTES))  # a full last chunk is the final one
    assert len(blob) == payload_start(blob) + size + chunks * bundle.TAG_BYTES
    if size >= 64:
        assert data[:64] not in blob


def test_the_header_says_what_a_reader_needs_and_nothing_secret() -> None:
    blob = sealed(b"ZZ-VICTIM-NAME")
    assert blob.startswith(MAGIC) and is_bundle(blob[:len(MAGIC)])
    header = json.loads(blob[len(MAGIC):blob.index(b"\n", len(MAGIC))])
    assert header == {"version": 1, "chunk": CHUNK_BYTES,
                      "kdf": {"name": "argon2id", "salt": header["kdf"]["salt"],
                              "m": TEST_KDF.memory_kib, "t": TEST_KDF.iterations,
                              "p": TEST_KDF.lanes}}
    assert b"ZZ-VICTIM-NAME" not in blob


def test_two_seals_of_the_same_plaintext_share_no_salt_key_or_chunk() -> None:
    data = plaintext(2 * CHUNK_BYTES + 10)
    first, second = sealed(data), sealed(data)
    assert len(first) == len(second)
    start = payload_start(first)
    assert first[len(MAGIC):start] != second[len(MAGIC):start]
    pairs = [(first[at:at + SEALED_CHUNK], second[at:at + SEALED_CHUNK])
             for at in range(start, len(first), SEALED_CHUNK)]
    assert len(pairs) == 3 and all(one != other for one, other in pairs)


def test_streams_of_any_piece_sizes_seal_to_the_same_chunks() -> None:
    data = plaintext(5 * CHUNK_BYTES + 3)
    pieces = [data[:1], data[1:CHUNK_BYTES + 5], data[CHUNK_BYTES + 5:3 * CHUNK_BYTES], b"",
              data[3 * CHUNK_BYTES:]]
    out = io.BytesIO()
    assert seal_stream(iter(pieces), PASSPHRASE, out, params=TEST_KDF) == len(data)
    yielded = list(open_stream(io.BytesIO(out.getvalue()), PASSPHRASE))
    assert [len(chunk) for chunk in yielded] == [CHUNK_BYTES] * 5 + [3]
    assert b"".join(yielded) == data


def test_opening_a_stream_holds_a_few_chunks_in_memory_not_the_file() -> None:
    data = plaintext(8 * 1024 * 1024)
    blob = io.BytesIO(sealed(data))
    tracemalloc.start()
    try:
        total = sum(len(chunk) for chunk in open_stream(blob, PASSPHRASE))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == len(data)
    assert peak < 8 * SEALED_CHUNK


def test_is_bundle_knows_any_version_and_nothing_else() -> None:
    assert is_bundle(MAGIC + b"{")
    assert is_bundle(b"jhro-bundle/v2\n{")
    assert not is_bundle(b"case_reference,office\n")
    assert not is_bundle(b'{"cases": []}')
    assert not is_bundle(b"")


# Passphrase


def test_a_wrong_passphrase_is_refused_with_its_own_message() -> None:
    blob = sealed(b"secret")
    with pytest.raises(BundlePassphraseError) as caught:
        open_sealed(blob, PASSPHRASE + "!")
    assert isinstance(caught.value, AuthenticationFailed)
    assert caught.value.exit_code == 3
    assert str(caught.value) == "Wrong passphrase for this bundle, or the file was altered."


def test_a_stream_refuses_a_wrong_passphrase_when_opened_not_when_read() -> None:
    with pytest.raises(BundlePassphraseError):
        open_stream(io.BytesIO(sealed(b"secret")), "another passphrase")


# Header


def test_a_file_that_is_not_a_bundle_is_refused_as_such(no_derivation: None) -> None:
    for blob in (b"", b"jhro", b'{"cases": []}', b"case_reference,office\nA,B\n" * 10):
        error = refused(blob, BundleHeaderError)
        assert str(error) == "This file is not a jhro encrypted bundle."
        assert error.exit_code == 4


def test_a_bundle_of_another_version_is_refused_by_its_version(small: bytes,
                                                              no_derivation: None) -> None:
    blob = b"jhro-bundle/v2\n" + small[len(MAGIC):]
    error = refused(blob, BundleHeaderError)
    assert str(error) == "This bundle has format v2, which this version of jhro cannot read."


@pytest.mark.parametrize(("field", "value"), [("version", 2), ("chunk", 4096),
                                          ("chunk", 2 ** 40), ("version", True)])
def test_a_header_value_v1_does_not_know_is_refused(small: bytes, no_derivation: None,
                                                    field: str, value: object) -> None:
    def change(document: dict[str, object]) -> None:
        document[field] = value

    error = refused(rewrite_header(small, change), BundleHeaderError)
    assert str(error) == ("The bundle's header is damaged or was altered; nothing was read "
                          "from it.")


@pytest.mark.parametrize(("field", "value"), [
    ("m", KDF_FLOOR.memory_kib - 1), ("t", KDF_FLOOR.iterations - 1), ("p", 0),
    ("m", 4 * 1024 * 1024), ("t", KDF_CEILING.iterations + 1), ("p", KDF_CEILING.lanes + 1),
    ("m", -1)])
def test_kdf_costs_out_of_bounds_are_refused_before_any_derivation(
        small: bytes, no_derivation: None, field: str, value: int) -> None:
    def change(document: dict[str, object]) -> None:
        document["kdf"][field] = value  # type: ignore[index]

    error = refused(rewrite_header(small, change), BundleHeaderError)
    name = {"m": "memory_kib", "t": "iterations", "p": "lanes"}[field]
    assert str(error) == (f"The bundle asks for key-derivation settings outside the allowed "
                          f"range ({name}={value}); it was refused without trying them.")


def test_sealing_with_costs_out_of_bounds_is_refused() -> None:
    with pytest.raises(DamagedData):
        seal(b"x", PASSPHRASE, params=KdfParams(1024, 1, 1))


@pytest.mark.parametrize("change", [
    lambda doc: doc.update(extra=1),
    lambda doc: doc["kdf"].update(name="scrypt"),
    lambda doc: doc["kdf"].update(secret="x"),
    lambda doc: doc["kdf"].pop("salt"),
    lambda doc: doc["kdf"].update(salt=doc["kdf"]["salt"][:-4]),
    lambda doc: doc["kdf"].update(salt=doc["kdf"]["salt"].replace("==", "")),
    lambda doc: doc["kdf"].update(m=float(doc["kdf"]["m"])),
    lambda doc: doc["kdf"].update(t=str(doc["kdf"]["t"])),
    lambda doc: doc.pop("chunk"),
    lambda doc: [doc],
], ids=["field added", "other kdf", "kdf field added", "no salt", "short salt",
        "unpadded salt", "float cost", "text cost", "field missing", "not an object"])
def test_a_header_with_a_field_added_missing_or_retyped_is_refused(
        small: bytes, no_derivation: None, change: Callable[[dict[str, object]], object]
) -> None:
    refused(rewrite_header(small, change), BundleHeaderError)


@pytest.mark.parametrize("spelling", [
    lambda line: line.replace(b'"chunk":65536,', b'"chunk":65536,"chunk":65536,'),
    lambda line: line.replace(b'"version":1', b'"version":1,"version":1'),
    lambda line: line.replace(b'"chunk":65536,', b'"chunk": 65536,'),
    lambda line: line.replace(b'"chunk":65536,', b'"chunk":65536.0,'),
    lambda line: line.replace(b'"chunk":65536,', b'"chunk":6.5536e4,'),
    lambda line: line.replace(b'"chunk":65536,', b'"chunk":NaN,'),
    lambda line: line.replace(b'"version"', b'"\\u0076ersion"'),
    lambda line: b'{"version":1,' + line[1:].replace(b',"version":1', b""),
    lambda line: line.replace(b"\n", b"\r\n"),
    lambda line: line.replace(b"\n", b"                                       " * 20 + b"\n"),
    lambda line: line[:-1],
], ids=["duplicate field", "duplicate version", "space", "float", "exponent", "NaN",
        "escaped name", "unsorted", "CRLF", "too long", "no end of line"])
def test_a_header_spelled_other_than_canonically_is_refused(
        small: bytes, no_derivation: None, spelling: Callable[[bytes], bytes]) -> None:
    blob = small
    end = blob.index(b"\n", len(MAGIC)) + 1
    line = blob[len(MAGIC):end]
    assert spelling(line) != line
    refused(MAGIC + spelling(line) + blob[end:], BundleHeaderError)


def test_every_bit_flip_of_the_header_is_refused_as_header_or_passphrase(
        derivations_remembered: None) -> None:
    blob = sealed(plaintext(100))
    outcomes: dict[str, int] = {}
    for position in range(header_end(blob)):
        for bit in range(8):
            altered = bytearray(blob)
            altered[position] ^= 1 << bit
            error = refused(bytes(altered))
            assert isinstance(error, BundleHeaderError | BundlePassphraseError), (position, bit)
            outcomes[type(error).__name__] = outcomes.get(type(error).__name__, 0) + 1
    # Both classes are reached: the flips that keep a canonical header fail the unwrap.
    assert outcomes.keys() == {"BundleHeaderError", "BundlePassphraseError"}


def test_a_header_cut_anywhere_is_refused_before_any_derivation(small: bytes,
                                                               no_derivation: None) -> None:
    for length in range(header_end(small)):
        refused(small[:length], BundleHeaderError)


# Payload


def test_a_bundle_cut_at_every_chunk_boundary_is_refused_as_cut_short() -> None:
    blob = sealed(plaintext(3 * CHUNK_BYTES + 100))
    start = payload_start(blob)
    for whole in range(4):
        error = refused(blob[:start + whole * SEALED_CHUNK], BundlePayloadError)
        assert str(error) == (f"The bundle is cut short: it ends after {whole} whole chunks, "
                              "without its final chunk.")
        assert error.exit_code == 4


def test_a_bundle_cut_inside_a_chunk_or_its_salt_is_refused() -> None:
    blob = sealed(plaintext(3 * CHUNK_BYTES + 100))
    start = payload_start(blob)
    for chunk, within in [(0, 1), (0, SEALED_CHUNK // 2), (1, SEALED_CHUNK - 1), (3, 50),
                          (3, 115)]:
        error = refused(blob[:start + chunk * SEALED_CHUNK + within], BundlePayloadError)
        assert str(error) == (f"The bundle is damaged, altered or cut short in chunk "
                              f"{chunk + 1} (from byte {start + chunk * SEALED_CHUNK} of the "
                              "file).")
    for cut in range(1, bundle.PAYLOAD_SALT_BYTES + 1):
        refused(blob[:start - cut], BundlePayloadError)


def test_a_bundle_whose_final_full_chunk_was_removed_is_refused() -> None:
    blob = sealed(plaintext(2 * CHUNK_BYTES))
    error = refused(blob[:-SEALED_CHUNK], BundlePayloadError)
    assert "ends after 1 whole chunks" in str(error)


def test_swapped_or_repeated_chunks_are_refused() -> None:
    blob = sealed(plaintext(3 * CHUNK_BYTES + 1))
    start = payload_start(blob)
    chunks = [blob[at:at + SEALED_CHUNK] for at in range(start, len(blob), SEALED_CHUNK)]
    for order in ([1, 0, 2, 3], [0, 2, 1, 3], [0, 1, 1, 2, 3], [0, 1, 3]):
        error = refused(blob[:start] + b"".join(chunks[index] for index in order),
                        BundlePayloadError)
        first_wrong = next(place for place, index in enumerate(order) if place != index)
        assert f"in chunk {first_wrong + 1} " in str(error)


@pytest.mark.parametrize("size", [CHUNK_BYTES, 2 * CHUNK_BYTES, 100, 0])
def test_data_appended_after_the_final_chunk_is_refused(size: int) -> None:
    blob = sealed(plaintext(size))
    for extra in (b"\x00", os.urandom(SEALED_CHUNK), blob[payload_start(blob):]):
        error = refused(blob + extra, BundlePayloadError)
        assert not isinstance(error, BundleHeaderError)
    if size % CHUNK_BYTES == 0 and size:
        error = refused(blob + b"\x00", BundlePayloadError)
        assert str(error) == (f"The bundle has data after its final chunk (from byte "
                              f"{len(blob)} of the file): it was altered.")


def test_a_flipped_bit_in_any_chunk_or_the_payload_salt_is_refused() -> None:
    blob = sealed(plaintext(2 * CHUNK_BYTES + 10))
    start = payload_start(blob)
    positions = [start - 1, start, start + 11, start + SEALED_CHUNK - 1,
                 start + SEALED_CHUNK + 3000, len(blob) - 17, len(blob) - 1]
    for position in positions:
        altered = bytearray(blob)
        altered[position] ^= 0x10
        error = refused(bytes(altered), BundlePayloadError)
        chunk = max(0, position - start) // SEALED_CHUNK + 1
        assert f"in chunk {chunk} " in str(error)


@pytest.fixture
def payload_cipher(monkeypatch: pytest.MonkeyPatch) -> list[AESGCM]:
    """The payload cipher a seal used, to forge chunks a correct sealer never writes."""
    made: list[AESGCM] = []
    real = bundle._payload_cipher

    def spy(file_key: bytearray, salt: bytes) -> AESGCM:
        made.append(real(file_key, salt))
        return made[-1]

    monkeypatch.setattr(bundle, "_payload_cipher", spy)
    return made


def test_an_empty_final_chunk_after_data_is_refused(payload_cipher: list[AESGCM]) -> None:
    blob = sealed(plaintext(CHUNK_BYTES))
    cipher = payload_cipher[0]
    start = payload_start(blob)
    middle = open_sealed(blob, PASSPHRASE)
    forged = (blob[:start] + cipher.encrypt(bundle._nonce(0, final=False), middle, None)
              + cipher.encrypt(bundle._nonce(1, final=True), b"", None))
    error = refused(forged, BundlePayloadError)
    assert "in chunk 2 " in str(error)


def test_a_final_flag_on_a_middle_chunk_is_refused(payload_cipher: list[AESGCM]) -> None:
    data = plaintext(CHUNK_BYTES + 5)
    blob = sealed(data)
    cipher = payload_cipher[0]
    forged = (blob[:payload_start(blob)]
              + cipher.encrypt(bundle._nonce(0, final=True), data[:CHUNK_BYTES], None)
              + cipher.encrypt(bundle._nonce(1, final=True), data[CHUNK_BYTES:], None))
    error = refused(forged, BundlePayloadError)
    assert "data after its final chunk" in str(error)


def test_a_failed_bundle_gives_no_plaintext_and_a_stream_none_past_the_failure() -> None:
    data = plaintext(3 * CHUNK_BYTES)
    blob = bytearray(sealed(data))
    blob[payload_start(bytes(blob)) + SEALED_CHUNK + 7] ^= 1
    received: list[bytes] = []
    with pytest.raises(BundlePayloadError):
        received.extend(open_stream(io.BytesIO(bytes(blob)), PASSPHRASE))
    assert received == [data[:CHUNK_BYTES]]


# Limits


def test_a_bundle_larger_than_the_limit_is_refused_before_any_derivation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    blob = sealed(plaintext(3 * 1024 * 1024))
    forbid_derivation(monkeypatch)
    with pytest.raises(BundleTooLarge) as caught:
        open_sealed(blob, PASSPHRASE, limit=2 * 1024 * 1024)
    assert str(caught.value) == ("The bundle holds more than 2 MiB of data, more than jhro "
                                 "reads at once.")


def test_the_limit_is_the_plaintext_size_itself() -> None:
    data = plaintext(2 * CHUNK_BYTES + 1)
    blob = sealed(data)
    assert open_sealed(blob, PASSPHRASE, limit=len(data)) == data
    with pytest.raises(BundleTooLarge):
        open_sealed(blob, PASSPHRASE, limit=len(data) - 1)


def test_a_stream_stops_at_its_limit() -> None:
    blob = sealed(plaintext(3 * CHUNK_BYTES))
    received: list[bytes] = []
    with pytest.raises(BundleTooLarge):
        received.extend(open_stream(io.BytesIO(blob), PASSPHRASE, limit=CHUNK_BYTES + 1))
    assert len(received) == 1

