"""Any change to a stored blob is detected before a byte of it is returned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fairwitness.footage.tests.factories import CHUNK, encrypt_bytes
from fairwitness.footage.tests.videos import make_video
from fairwitness.footage.vault import BytesBlobSource, DataKey, VaultCorrupt, VaultReader

STEP = CHUNK + 16


def read_all(blob: bytes, key: DataKey, clip_id: str = "clip-1") -> bytes:
    reader = VaultReader(source=BytesBlobSource(blob), data_key=key, clip_id=clip_id)
    return reader.read_range(0, reader.plaintext_size)


def test_flipping_any_single_byte_fails_authentication(data_key: DataKey) -> None:
    """GIVEN a blob of two chunks WHEN any one of its bytes is flipped THEN reading
    the whole clip raises VaultCorrupt (every offset is tried)."""
    blob = bytearray(encrypt_bytes(os.urandom(CHUNK + 40), data_key))
    survived = []
    for offset in range(len(blob)):
        blob[offset] ^= 0x01
        try:
            read_all(bytes(blob), data_key)
            survived.append(offset)
        except VaultCorrupt:
            pass
        blob[offset] ^= 0x01
    assert survived == []
    assert len(read_all(bytes(blob), data_key)) == CHUNK + 40


def test_reordered_chunks_fail(data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(3 * CHUNK + 5), data_key)
    body = [blob[64 + i * STEP : 64 + (i + 1) * STEP] for i in range(4)]
    swapped = blob[:64] + body[1] + body[0] + body[2] + body[3]
    reader = VaultReader(source=BytesBlobSource(swapped), data_key=data_key, clip_id="clip-1")
    with pytest.raises(VaultCorrupt):
        reader.read_range(0, 10)
    with pytest.raises(VaultCorrupt):
        reader.read_range(CHUNK, CHUNK + 10)


@pytest.mark.parametrize("cut", [1, 16, 17, 5 + 16, STEP, 2 * STEP + 5 + 16])
def test_truncation_fails_at_open(cut: int, data_key: DataKey) -> None:
    """Cutting the tail, including exactly at chunk boundaries (which leaves a
    plausible length), is caught when the reader opens."""
    blob = encrypt_bytes(os.urandom(3 * CHUNK + 5), data_key)
    with pytest.raises(VaultCorrupt):
        VaultReader(source=BytesBlobSource(blob[:-cut]), data_key=data_key, clip_id="clip-1")


def test_dropping_a_whole_middle_chunk_fails(data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(3 * CHUNK + 5), data_key)
    shortened = blob[: 64 + STEP] + blob[64 + 2 * STEP :]
    with pytest.raises(VaultCorrupt):
        read_all(shortened, data_key)


@pytest.mark.parametrize("extra", [b"\x00", b"x" * 16, b"y" * STEP])
def test_appended_bytes_fail(extra: bytes, data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(2 * CHUNK), data_key)
    with pytest.raises(VaultCorrupt):
        VaultReader(source=BytesBlobSource(blob + extra), data_key=data_key, clip_id="clip-1")


def test_duplicated_final_chunk_fails(data_key: DataKey) -> None:
    """Appending a copy of a real chunk (an authentic ciphertext) is still caught."""
    blob = encrypt_bytes(os.urandom(2 * CHUNK + 100), data_key)
    last = blob[64 + 2 * STEP :]
    with pytest.raises(VaultCorrupt):
        read_all(blob + last, data_key)


def test_blob_of_another_clip_fails(data_key: DataKey) -> None:
    """Same owner key reused by mistake or not: a blob swapped between clips fails
    because the clip id is bound into the key derivation."""
    other_key = DataKey.generate()
    blob_b = encrypt_bytes(os.urandom(5000), other_key, "clip-b")
    with pytest.raises(VaultCorrupt):
        read_all(blob_b, data_key, "clip-a")
    same_key_blob = encrypt_bytes(os.urandom(5000), data_key, "clip-b")
    with pytest.raises(VaultCorrupt):
        read_all(same_key_blob, data_key, "clip-a")


def test_wrong_data_key_fails(data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(5000), data_key)
    with pytest.raises(VaultCorrupt):
        read_all(blob, DataKey.generate())


def test_edited_header_fails(data_key: DataKey) -> None:
    blob = encrypt_bytes(os.urandom(3 * CHUNK), data_key)
    for header in [b"FWCE\x01\x0f\x00\x00", b"FWCE\x02\x0e\x00\x00", b"XWCE\x01\x0e\x00\x00"]:
        with pytest.raises(VaultCorrupt):
            read_all(header + blob[8:], data_key)


def test_ciphertext_contains_no_plaintext_window(tmp_path: Path, data_key: DataKey) -> None:
    """GIVEN a real H.264 clip and low-entropy plaintext (zeros, a repeated
    pattern) WHEN encrypted
    THEN no 64-byte window of it occurs in the blob.

    Any shared 64-byte run contains one of the plaintext's 32-byte blocks at an
    offset that is a multiple of 32, so searching for those blocks is exhaustive.
    """
    video = make_video(tmp_path / "clip.mp4", frames=30).read_bytes()
    samples = [video, bytes(5 * CHUNK), b"ftypisom moov mdat " * 4000]
    for plaintext in samples:
        blob = encrypt_bytes(plaintext, data_key)
        for offset in range(0, len(plaintext) - 31, 32):
            assert plaintext[offset : offset + 32] not in blob
