"""Streaming encryption of a clip into the vault format (see format.py)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fairwitness.footage.vault.format import (
    DEFAULT_CHUNK_LOG2,
    MAX_CHUNKS,
    SALT_SIZE,
    TAG_SIZE,
    chunk_nonce,
    header_build,
    message_keys_derive,
)
from fairwitness.footage.vault.keys import DataKey

# Chunks are read and written in batches so each syscall moves about 1 MiB.
BATCH_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class EncryptedBlob:
    """What the caller stores beside the blob.

    ``plaintext_sha256`` (hex) identifies the content for idempotent uploads
    and evidence hashes without decrypting; it is None when the caller asked
    not to hash (hashing costs about twice as much as encrypting).
    """

    plaintext_size: int
    ciphertext_size: int
    plaintext_sha256: str | None


def _read_full(source: BinaryIO, view: memoryview) -> int:
    """Fill ``view`` from ``source`` unless it ends first; return bytes read.

    Short reads are normal for pipes and sockets, and a short read must not be
    mistaken for the end of the message (it would end the chunking early).
    """
    filled = 0
    readinto = getattr(source, "readinto", None)
    while filled < len(view):
        if readinto is not None:
            got = readinto(view[filled:])
        else:
            data = source.read(len(view) - filled)
            got = len(data)
            view[filled : filled + got] = data
        if not got:
            break
        filled += got
    return filled


def vault_encrypt(
    *,
    source: BinaryIO,
    sink: BinaryIO,
    data_key: DataKey,
    clip_id: str,
    chunk_log2: int = DEFAULT_CHUNK_LOG2,
    hash_plaintext: bool = True,
) -> EncryptedBlob:
    """Encrypt everything ``source`` yields into ``sink`` and return sizes and hash.

    Memory use is bounded by about two batches whatever the clip size. The
    same ``data_key`` must never encrypt two messages under the same salt; a
    fresh random salt per call makes that hold for any realistic number of
    re-encryptions. ``clip_id`` must be the id later given to VaultReader.
    """
    header = header_build(chunk_log2=chunk_log2)
    chunk_size = header.chunk_size
    salt = os.urandom(SALT_SIZE)
    keys = message_keys_derive(input_key=data_key.secret, salt=salt, header=header, clip_id=clip_id)
    aead = AESGCM(keys.key)
    sink.write(header.raw + salt + keys.commitment)
    written = len(header.raw) + SALT_SIZE + len(keys.commitment)

    chunks_per_batch = max(1, BATCH_BYTES // chunk_size)
    inbuf = bytearray(chunks_per_batch * chunk_size)
    outbuf = bytearray(chunks_per_batch * (chunk_size + TAG_SIZE))
    inview, outview = memoryview(inbuf), memoryview(outbuf)
    digest = hashlib.sha256() if hash_plaintext else None
    index = 0
    total = 0
    while True:
        got = _read_full(source, inview)
        if digest is not None:
            digest.update(inview[:got])
        total += got
        out = 0
        pos = 0
        final = got < len(inbuf)
        # A full batch ends on a chunk boundary: its chunks are all full and
        # the (possibly empty) short final chunk comes from the next batch.
        while pos < got or (final and pos == got):
            size = min(chunk_size, got - pos)
            if index >= MAX_CHUNKS:
                raise ValueError("clip exceeds the vault format's maximum size")
            aead.encrypt_into(
                chunk_nonce(keys, index),
                inview[pos : pos + size],
                None,
                outview[out : out + size + TAG_SIZE],
            )
            index += 1
            pos += size
            out += size + TAG_SIZE
            if size < chunk_size:
                break
        sink.write(outview[:out])
        written += out
        if final:
            break
    return EncryptedBlob(
        plaintext_size=total,
        ciphertext_size=written,
        plaintext_sha256=digest.hexdigest() if digest is not None else None,
    )
