"""C2SP tlog-cosignature, Ed25519 flavour (signature type 0x04).

The signed message is ``cosignature/v1\\ntime <t>\\n`` followed by the whole
checkpoint note text. The note signature is ``key ID || u64 timestamp || sig``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from fairwitness.audit.tlog.errors import FormatError
from fairwitness.audit.tlog.note import SIG_COSIGNATURE_V1, Signature, key_id

MAX_TIMESTAMP = (1 << 63) - 1


def cosigned_message(checkpoint_text: bytes, timestamp: int) -> bytes:
    """The exact bytes an Ed25519 cosigner signs for ``checkpoint_text`` at ``timestamp``."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise ValueError("cosignature timestamp out of range")
    return b"cosignature/v1\ntime %d\n" % timestamp + checkpoint_text


def cosignature_timestamp(signature: bytes) -> int:
    """The timestamp carried by a type 0x04 signature body (after the key ID)."""
    if len(signature) != 8 + 64:
        raise FormatError("an Ed25519 cosignature is 72 bytes after its key ID")
    return int.from_bytes(signature[:8], "big")


@dataclass(frozen=True)
class CosignatureVerifier:
    """Verifies Ed25519 cosignatures; usable wherever a ``NoteVerifier`` is expected.

    ``max_timestamp`` (if set) rejects cosignatures claiming a time after it.
    """

    name: str
    public_key: bytes
    max_timestamp: int | None = None

    @property
    def key_id(self) -> int:
        return key_id(self.name, SIG_COSIGNATURE_V1, self.public_key)

    def verify(self, text: bytes, signature: bytes) -> bool:
        try:
            timestamp = cosignature_timestamp(signature)
            if timestamp > MAX_TIMESTAMP:
                return False
            if self.max_timestamp is not None and timestamp > self.max_timestamp:
                return False
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(
                signature[8:], cosigned_message(text, timestamp)
            )
        except (InvalidSignature, ValueError, FormatError):
            return False
        return True


@dataclass(frozen=True)
class CosignatureSigner:
    """A witness key producing Ed25519 cosignatures from a 32-byte seed."""

    name: str
    seed: bytes

    @property
    def public_key(self) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes_raw()

    @property
    def key_id(self) -> int:
        return key_id(self.name, SIG_COSIGNATURE_V1, self.public_key)

    def cosign(self, checkpoint_text: bytes, timestamp: int) -> Signature:
        """A signature line for the checkpoint note text, timestamped ``timestamp``."""
        if timestamp <= 0:
            raise ValueError("a witness cosignature must carry a non-zero timestamp")
        sig = Ed25519PrivateKey.from_private_bytes(self.seed).sign(
            cosigned_message(checkpoint_text, timestamp)
        )
        return Signature(self.name, self.key_id, timestamp.to_bytes(8, "big") + sig)

    def sign(self, text: bytes) -> bytes:
        """NoteSigner interface; timestamps with the current time."""
        return self.cosign(text, int(time.time())).signature
