"""Round trips, size arithmetic, streaming and ranged reads of the vault format."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairwitness.footage.tests.factories import CHUNK, encrypt_bytes
from fairwitness.footage.vault import (
    BytesBlobSource,
    DataKey,
    FileBlobSource,
    VaultRangeNotSatisfiable,
    VaultReader,
    ciphertext_size,
    plaintext_size,
    vault_encrypt,
)
from fairwitness.footage.vault.encrypt import BATCH_BYTES

SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 7 * CHUNK + 123, BATCH_BYTES + CHUNK + 3]


@pytest.mark.parametrize("size", SIZES)
def test_round_trip_every_boundary_size(size: int, data_key: DataKey) -> None:
    plaintext = os.urandom(size)
    sink = io.BytesIO()
    result = vault_encrypt(
        source=io.BytesIO(plaintext), sink=sink, data_key=data_key, clip_id="clip-1"
    )
    blob = sink.getvalue()
    assert result.plaintext_size == size
    assert (
        result.ciphertext_size
        == len(blob)
        == ciphertext_size(plaintext_size=size, chunk_size=CHUNK)
    )
    assert result.plaintext_sha256 == hashlib.sha256(plaintext).hexdigest()
    assert plaintext_size(ciphertext_size=len(blob), chunk_size=CHUNK) == size
    reader = VaultReader(source=BytesBlobSource(blob), data_key=data_key, clip_id="clip-1")
    assert reader.plaintext_size == size
    assert reader.read_range(0, size) == plaintext


def test_layout_is_cobblestone_256_after_the_header(data_key: DataKey) -> None:
    """GIVEN a blob WHEN it is decrypted by an independent reading of the C2SP spec
    THEN every chunk opens, proving the body follows the spec byte for byte."""
    plaintext = os.urandom(2 * CHUNK + 10)
    blob = encrypt_bytes(plaintext, data_key, "clip-9")
    header, salt, commitment = blob[:8], blob[8:32], blob[32:64]
    assert header == b"FWCE\x01\x0e\x00\x00"
    info = b"c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM\x00" + salt + header + b"clip-9"
    okm = HKDFExpand(algorithm=hashes.SHA512(), length=76, info=info).derive(data_key.secret)
    key, base_nonce = okm[:32], okm[32:44]
    assert okm[44:] == commitment
    body = blob[64:]
    step = CHUNK + 16
    chunks = [body[i : i + step] for i in range(0, len(body), step)]
    assert [len(c) for c in chunks] == [step, step, 10 + 16]
    opened = b""
    for counter, chunk in enumerate(chunks):
        nonce = bytes(a ^ b for a, b in zip(base_nonce, counter.to_bytes(12, "big"), strict=True))
        opened += AESGCM(key).decrypt(nonce, chunk, b"")
    assert opened == plaintext


def test_exact_chunk_multiple_ends_with_an_empty_final_chunk(data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(2 * CHUNK), data_key)
    assert len(blob) == 64 + 2 * (CHUNK + 16) + 16


@pytest.mark.parametrize("chunk_log2", [16, 20])
def test_larger_chunk_sizes_round_trip(chunk_log2: int, data_key: DataKey) -> None:
    plaintext = os.urandom(3 * (1 << chunk_log2) + 77)
    blob = encrypt_bytes(plaintext, data_key, chunk_log2=chunk_log2)
    reader = VaultReader(source=BytesBlobSource(blob), data_key=data_key, clip_id="clip-1")
    assert reader.chunk_size == 1 << chunk_log2
    assert reader.read_range(100, len(plaintext) - 5) == plaintext[100:-5]


def test_invalid_ciphertext_sizes_are_refused() -> None:
    from fairwitness.footage.vault import VaultCorrupt

    for bad in [0, 63, 64 + 15, 64 + (CHUNK + 16), 64 + 2 * (CHUNK + 16) + 7]:
        with pytest.raises(VaultCorrupt):
            plaintext_size(ciphertext_size=bad, chunk_size=CHUNK)


class TrickleSource:
    """A source without readinto that returns at most 1000 bytes per read."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)
        self.largest_request = 0

    def read(self, n: int = -1) -> bytes:
        self.largest_request = max(self.largest_request, n)
        return self._stream.read(min(n, 1000))


class RecordingSink(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.largest_write = 0

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.largest_write = max(self.largest_write, len(data))
        return super().write(data)


def test_streaming_handles_short_reads_and_bounds_buffers(data_key: DataKey) -> None:
    """GIVEN a source that trickles data WHEN encrypting 3 MiB THEN short reads do
    not end the message early, and no read or write exceeds one batch."""
    plaintext = os.urandom(3 * BATCH_BYTES + 5)
    source, sink = TrickleSource(plaintext), RecordingSink()
    vault_encrypt(source=source, sink=sink, data_key=data_key, clip_id="c")  # type: ignore[arg-type]
    assert source.largest_request <= BATCH_BYTES
    assert sink.largest_write <= BATCH_BYTES + (BATCH_BYTES // CHUNK) * 16
    reader = VaultReader(source=BytesBlobSource(sink.getvalue()), data_key=data_key, clip_id="c")
    assert reader.read_range(0, len(plaintext)) == plaintext


class CountingSource(BytesBlobSource):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, offset: int, length: int) -> bytes:
        self.bytes_read += length
        return super().read(offset, length)


def test_ranged_read_fetches_only_the_needed_chunks(data_key: DataKey) -> None:
    plaintext = os.urandom(100 * CHUNK)
    source = CountingSource(encrypt_bytes(plaintext, data_key))
    reader = VaultReader(source=source, data_key=data_key, clip_id="clip-1")
    opened = source.bytes_read
    assert (
        reader.read_range(50 * CHUNK + 10, 51 * CHUNK + 10)
        == plaintext[50 * CHUNK + 10 : 51 * CHUNK + 10]
    )
    assert source.bytes_read - opened == 2 * (CHUNK + 16)


def test_out_of_bounds_ranges_are_refused(data_key: DataKey) -> None:
    blob = encrypt_bytes(b"x" * 100, data_key)
    reader = VaultReader(source=BytesBlobSource(blob), data_key=data_key, clip_id="clip-1")
    assert reader.read_range(100, 100) == b""
    for start, end in [(-1, 5), (5, 4), (0, 101)]:
        with pytest.raises(VaultRangeNotSatisfiable) as caught:
            reader.read_range(start, end)
        assert caught.value.status == 416


def test_file_source_round_trip(tmp_path: Path, data_key: DataKey) -> None:
    plaintext = os.urandom(300_000)
    src, dst = tmp_path / "clip.mp4", tmp_path / "clip.vault"
    src.write_bytes(plaintext)
    with src.open("rb") as source, dst.open("wb") as sink:
        vault_encrypt(source=source, sink=sink, data_key=data_key, clip_id="c")
    with FileBlobSource(dst) as blob:
        reader = VaultReader(source=blob, data_key=data_key, clip_id="c")
        assert b"".join(reader.iter_range(0, len(plaintext), fetch_bytes=50_000)) == plaintext


PLAINTEXT = os.urandom(9 * CHUNK + 321)
KEY = DataKey.generate()
BLOB = encrypt_bytes(PLAINTEXT, KEY)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=st.integers(0, len(PLAINTEXT)),
    b=st.integers(0, len(PLAINTEXT)),
    fetch=st.sampled_from([1, CHUNK + 16, 3 * CHUNK, 1 << 20]),
)
def test_random_ranges_match_plaintext(a: int, b: int, fetch: int) -> None:
    start, end = min(a, b), max(a, b)
    reader = VaultReader(source=BytesBlobSource(BLOB), data_key=KEY, clip_id="clip-1")
    pieces = list(reader.iter_range(start, end, fetch_bytes=fetch))
    assert b"".join(pieces) == PLAINTEXT[start:end]


def test_each_encryption_uses_a_fresh_salt(data_key: DataKey) -> None:
    """Two encryptions of the same clip under one key share no chunk bytes."""
    one, two = encrypt_bytes(b"a" * 1000, data_key), encrypt_bytes(b"a" * 1000, data_key)
    assert one[8:32] != two[8:32]
    assert one[64:] != two[64:]
