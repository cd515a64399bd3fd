"""Random-access, authenticated decryption of a stored clip.

Decryption goes through BlobSource, a two-method view of the stored bytes, so
the same code serves a local file, an S3 object (ranged GET) or bytes in
memory. A read fetches only the chunks covering the requested range.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fairwitness.footage.vault.errors import VaultCorrupt, VaultRangeNotSatisfiable
from fairwitness.footage.vault.format import (
    COMMITMENT_SIZE,
    HEADER_SIZE,
    PREFIX_SIZE,
    SALT_SIZE,
    TAG_SIZE,
    chunk_nonce,
    chunk_offset,
    commitment_check,
    header_parse,
    message_keys_derive,
    plaintext_size,
)
from fairwitness.footage.vault.keys import DataKey

# Upper bound of one fetch from the source while streaming a long range.
DEFAULT_FETCH_BYTES = 1 << 20


class BlobSource(Protocol):
    """Read-only random access to a stored blob.

    ``size`` is the blob's total length. ``read(offset, length)`` returns
    exactly ``length`` bytes unless the blob ends first (then fewer). For S3
    this is ``Content-Length`` from HEAD and ``Range: bytes=o-(o+l-1)``.
    """

    def size(self) -> int: ...

    def read(self, offset: int, length: int) -> bytes: ...


class BytesBlobSource:
    """BlobSource over bytes held in memory (tests, small blobs)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def size(self) -> int:
        return len(self._data)

    def read(self, offset: int, length: int) -> bytes:
        return self._data[offset : offset + length]


class FileBlobSource:
    """BlobSource over a local file, using positional reads (thread safe)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)

    def size(self) -> int:
        return os.fstat(self._fd).st_size

    def read(self, offset: int, length: int) -> bytes:
        parts: list[bytes] = []
        while length > 0:
            data = os.pread(self._fd, length, offset)
            if not data:
                break
            parts.append(data)
            offset += len(data)
            length -= len(data)
        return b"".join(parts)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FileBlobSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class VaultReader:
    """Authenticated random access to one clip's plaintext.

    Opening reads the 64-byte prefix, checks the key commitment (wrong key,
    wrong clip id or an edited header fail here), and decrypts the final chunk
    so that ``plaintext_size`` is authenticated: a truncated or extended blob
    fails at open, before any byte is returned. Every returned byte comes from
    a chunk whose tag verified at its own index. Raises VaultCorrupt.
    """

    def __init__(self, *, source: BlobSource, data_key: DataKey, clip_id: str) -> None:
        self._source = source
        prefix = source.read(0, PREFIX_SIZE)
        if len(prefix) < PREFIX_SIZE:
            raise VaultCorrupt("The stored clip is too short to be an encrypted clip.")
        self.header = header_parse(prefix[:HEADER_SIZE])
        self._keys = message_keys_derive(
            input_key=data_key.secret,
            salt=prefix[HEADER_SIZE : HEADER_SIZE + SALT_SIZE],
            header=self.header,
            clip_id=clip_id,
        )
        commitment_check(keys=self._keys, stored=prefix[PREFIX_SIZE - COMMITMENT_SIZE :])
        self._aead = AESGCM(self._keys.key)
        self.chunk_size = self.header.chunk_size
        self.plaintext_size = plaintext_size(
            ciphertext_size=source.size(), chunk_size=self.chunk_size
        )
        self._last_index = self.plaintext_size // self.chunk_size
        self._last_plain: bytes | None = None
        self._last_plain = b"".join(self._chunks_decrypt(self._last_index, self._last_index + 1))

    def __repr__(self) -> str:
        return f"VaultReader(plaintext_size={self.plaintext_size})"

    def read_range(self, start: int, end: int) -> bytes:
        """Return plaintext bytes ``[start, end)``; see ``iter_range``."""
        return b"".join(self.iter_range(start, end))

    def iter_range(
        self, start: int, end: int, *, fetch_bytes: int = DEFAULT_FETCH_BYTES
    ) -> Iterator[bytes]:
        """Yield plaintext ``[start, end)`` in pieces, fetching at most ``fetch_bytes``
        of ciphertext per source read.

        Requires ``0 <= start <= end <= plaintext_size`` (else
        VaultRangeNotSatisfiable). HTTP's inclusive ``bytes=a-b`` is
        ``iter_range(a, b + 1)``. Raises VaultCorrupt on any failed chunk; bytes
        already yielded were authentic.
        """
        if not 0 <= start <= end <= self.plaintext_size:
            raise VaultRangeNotSatisfiable(
                f"Bytes {start}-{end} are outside this clip of {self.plaintext_size} bytes."
            )
        if start == end:
            return
        size = self.chunk_size
        first, last = start // size, (end - 1) // size
        per_fetch = max(1, fetch_bytes // (size + TAG_SIZE))
        index = first
        while index <= last:
            stop = min(last + 1, index + per_fetch)
            for number, plain in enumerate(self._chunks_decrypt(index, stop), start=index):
                lo = start - number * size if number == first else 0
                hi = end - number * size if number == last else len(plain)
                yield plain[lo:hi]
            index = stop

    def _chunks_decrypt(self, first: int, stop: int) -> Iterator[bytes]:
        """Decrypt chunks ``first..stop-1`` with one source read."""
        if first == self._last_index and self._last_plain is not None:
            yield self._last_plain
            return
        size = self.chunk_size
        offset = chunk_offset(index=first, chunk_size=size)
        length = chunk_offset(index=stop, chunk_size=size) - offset
        data = memoryview(self._source.read(offset, length))
        pos = 0
        for index in range(first, stop):
            piece = data[pos : pos + size + TAG_SIZE]
            if index == self._last_index:
                expected = self.plaintext_size - index * size + TAG_SIZE
            else:
                expected = size + TAG_SIZE
            if len(piece) != expected:
                raise VaultCorrupt("The stored clip changed size while it was being read.")
            try:
                yield self._aead.decrypt(chunk_nonce(self._keys, index), piece, None)
            except InvalidTag:
                raise VaultCorrupt(
                    f"Chunk {index} of the stored clip failed its integrity check: "
                    "the clip was altered."
                ) from None
            pos += len(piece)
