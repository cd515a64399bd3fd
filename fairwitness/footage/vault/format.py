"""The on-disk layout of an encrypted clip and its size arithmetic.

A blob is an 8-byte Fair Witness header followed by a C2SP chunked-encryption
message instantiated as Cobblestone-256 (HKDF-Expand with SHA-512, AES-256-GCM)::

    header      "FWCE" | version u8 (=1) | log2(chunk size) u8 | 2 zero bytes
    salt        24 random bytes
    commitment  32 bytes from HKDF-Expand, checked before any chunk is opened
    chunks      AES-256-GCM(key, base_nonce XOR chunk index, chunk), 16-byte tag each

The HKDF *context* is ``header || clip id (UTF-8)``, so the header cannot be
edited and a blob cannot be presented as another clip's. Every chunk but the
last is exactly ``chunk_size`` bytes; the last is shorter and may be empty.
That short final chunk is the end-of-message signal that makes truncation and
extension detectable without an explicit flag (see the spec's rationale).

With the default chunk size of 16 KiB the body is byte-for-byte the spec's
format; a larger power-of-two chunk size is the one permitted deviation.
"""

from __future__ import annotations

import hmac
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from fairwitness.footage.vault.errors import VaultCorrupt

MAGIC = b"FWCE"
FORMAT_VERSION = 1
HEADER = struct.Struct(">4sBB2x")
HEADER_SIZE = HEADER.size
SALT_SIZE = 24
COMMITMENT_SIZE = 32
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
PREFIX_SIZE = HEADER_SIZE + SALT_SIZE + COMMITMENT_SIZE
DEFAULT_CHUNK_LOG2 = 14
MIN_CHUNK_LOG2 = 14
MAX_CHUNK_LOG2 = 22
# The spec's 38-bit counter bound; the per-chunk nonce must never wrap.
MAX_CHUNKS = 2**38
AEAD_NAME = b"AEAD_AES_256_GCM"
INFO_PREFIX = b"c2sp.org/chunked-encryption@v1+" + AEAD_NAME + b"\x00"


@dataclass(frozen=True, slots=True)
class BlobHeader:
    """The parsed fixed header; ``raw`` is the exact bytes it came from."""

    version: int
    chunk_log2: int
    raw: bytes

    @property
    def chunk_size(self) -> int:
        return 1 << self.chunk_log2


@dataclass(frozen=True, slots=True)
class MessageKeys:
    """Per-message AEAD key, base nonce and key commitment (never logged)."""

    key: bytes
    base_nonce: int
    commitment: bytes

    def __repr__(self) -> str:
        return "MessageKeys(<redacted>)"


def header_build(*, chunk_log2: int = DEFAULT_CHUNK_LOG2) -> BlobHeader:
    """Return the header for a new blob; ``chunk_log2`` must be in 14..22."""
    if not MIN_CHUNK_LOG2 <= chunk_log2 <= MAX_CHUNK_LOG2:
        raise ValueError(f"chunk size must be 2**{MIN_CHUNK_LOG2}..2**{MAX_CHUNK_LOG2} bytes")
    raw = HEADER.pack(MAGIC, FORMAT_VERSION, chunk_log2)
    return BlobHeader(version=FORMAT_VERSION, chunk_log2=chunk_log2, raw=raw)


def header_parse(raw: bytes) -> BlobHeader:
    """Parse and validate a header. Raises VaultCorrupt for anything unknown."""
    if len(raw) != HEADER_SIZE:
        raise VaultCorrupt("The stored clip is too short to be an encrypted clip.")
    magic, version, chunk_log2 = HEADER.unpack(raw)
    if magic != MAGIC or raw[6:] != b"\x00\x00":
        raise VaultCorrupt("The stored clip is not in the encrypted clip format.")
    if version != FORMAT_VERSION:
        raise VaultCorrupt(
            f"The stored clip uses vault format version {version}, which this "
            "server does not support.",
            code="vault_format_unsupported",
        )
    if not MIN_CHUNK_LOG2 <= chunk_log2 <= MAX_CHUNK_LOG2:
        raise VaultCorrupt("The stored clip declares an unsupported chunk size.")
    return BlobHeader(version=version, chunk_log2=chunk_log2, raw=raw)


def message_keys_derive(
    *, input_key: bytes, salt: bytes, header: BlobHeader, clip_id: str
) -> MessageKeys:
    """Derive key, base nonce and commitment exactly as the spec's HKDF-Expand.

    The context binds the header and the clip id; see the module docstring.
    """
    context = header.raw + clip_id.encode("utf-8")
    okm = HKDFExpand(
        algorithm=hashes.SHA512(),
        length=KEY_SIZE + NONCE_SIZE + COMMITMENT_SIZE,
        info=INFO_PREFIX + salt + context,
    ).derive(input_key)
    return MessageKeys(
        key=okm[:KEY_SIZE],
        base_nonce=int.from_bytes(okm[KEY_SIZE : KEY_SIZE + NONCE_SIZE], "big"),
        commitment=okm[KEY_SIZE + NONCE_SIZE :],
    )


def commitment_check(*, keys: MessageKeys, stored: bytes) -> None:
    """Raise VaultCorrupt unless the stored commitment matches (constant time)."""
    if not hmac.compare_digest(keys.commitment, stored):
        raise VaultCorrupt(
            "The stored clip does not match its key: it was altered, or it belongs to another clip."
        )


def chunk_nonce(keys: MessageKeys, index: int) -> bytes:
    """Nonce of chunk ``index``: the base nonce XOR the big-endian counter."""
    if not 0 <= index < MAX_CHUNKS:
        raise VaultCorrupt("The clip has more chunks than the format allows.")
    return (keys.base_nonce ^ index).to_bytes(NONCE_SIZE, "big")


def ciphertext_size(*, plaintext_size: int, chunk_size: int) -> int:
    """Blob size for a plaintext of ``plaintext_size`` bytes (header included)."""
    full, rest = divmod(plaintext_size, chunk_size)
    return PREFIX_SIZE + full * (chunk_size + TAG_SIZE) + rest + TAG_SIZE


def plaintext_size(*, ciphertext_size: int, chunk_size: int) -> int:
    """Plaintext size for a blob of ``ciphertext_size`` bytes.

    Raises VaultCorrupt for sizes no honest encryption produces: shorter than
    the prefix plus one tag, or ending in a chunk too short to hold a tag
    (which includes every truncation exactly at a chunk boundary).
    """
    body = ciphertext_size - PREFIX_SIZE
    full, rest = divmod(body, chunk_size + TAG_SIZE)
    if body < TAG_SIZE or rest < TAG_SIZE:
        raise VaultCorrupt("The stored clip was truncated or extended.")
    if full + 1 > MAX_CHUNKS:
        raise VaultCorrupt("The clip has more chunks than the format allows.")
    return full * chunk_size + rest - TAG_SIZE


def chunk_offset(*, index: int, chunk_size: int) -> int:
    """Blob offset of encrypted chunk ``index``."""
    return PREFIX_SIZE + index * (chunk_size + TAG_SIZE)
