"""Clip data keys, the key-provider interface, and the wrapped-key record.

Each clip has its own random 256-bit data key (a ClipKey in the design). It is
stored only wrapped by its owner's key-encryption key (KEK), and the wrap binds
the owner id and the clip id, so a wrapped key moved to another clip or owner
does not open.

Deleting a clip means deleting its wrapped-key record (the Django side stores
it beside the Clip row) before the blob. With the record gone
``clip_key_open(wrapped=None)`` raises VaultKeyUnavailable and the blob is
noise, even if a backup puts it back. Destroying an owner's KEK through
``KeyProvider.destroy`` does the same for all of that owner's clips at once.

An external KMS implements KeyProvider by calling its encrypt/decrypt API with
the owner's key and an encryption context of ``{"owner": owner_id, "clip":
clip_id}`` (AWS KMS EncryptionContext, Vault transit ``associated_data``, GCP
KMS additional authenticated data), and ``destroy`` schedules deletion of the
owner's key. The record it returns is opaque to Fair Witness.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import Protocol

from fairwitness.footage.vault.errors import VaultKeyUnavailable
from fairwitness.footage.vault.format import KEY_SIZE

WRAP_AAD_LABEL = b"fairwitness.clip-key.v1\x00"


@dataclass(frozen=True, slots=True, eq=False)
class DataKey:
    """A clip's 32-byte data key. ``repr`` never shows the secret."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_SIZE:
            raise ValueError("a data key must be 32 bytes")

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secret=os.urandom(KEY_SIZE))


class KeyProvider(Protocol):
    """Where owners' key-encryption keys live.

    Contract for implementations:

    - ``wrap`` creates the owner's KEK on first use and returns an opaque
      record (bytes, at most 1 KiB) that only ``unwrap`` with the same owner id
      and clip id opens.
    - ``unwrap`` raises VaultKeyUnavailable when the owner's KEK was destroyed
      (or never existed) and VaultCorrupt when the record does not
      authenticate, including records of another owner or clip. It never
      creates a KEK.
    - ``destroy`` makes every record wrapped for the owner permanently
      unopenable. It is idempotent.
    - No method logs or puts key material or records into exception text.
    """

    def wrap(self, *, owner_id: str, clip_id: str, data_key: DataKey) -> bytes: ...

    def unwrap(self, *, owner_id: str, clip_id: str, wrapped: bytes) -> DataKey: ...

    def destroy(self, *, owner_id: str) -> None: ...


def wrap_associated_data(*, owner_id: str, clip_id: str, record_header: bytes) -> bytes:
    """AES-GCM associated data binding a wrapped key to its owner and clip.

    Each id is length-prefixed so that no two (owner, clip) pairs collide.
    """
    owner = owner_id.encode("utf-8")
    clip = clip_id.encode("utf-8")
    return (
        WRAP_AAD_LABEL
        + record_header
        + struct.pack(">I", len(owner))
        + owner
        + struct.pack(">I", len(clip))
        + clip
    )


def clip_key_create(*, provider: KeyProvider, owner_id: str, clip_id: str) -> tuple[DataKey, bytes]:
    """Generate a fresh data key for a new clip.

    Returns the key (to encrypt with now, then drop) and the wrapped record
    the caller must store with the clip.
    """
    data_key = DataKey.generate()
    wrapped = provider.wrap(owner_id=owner_id, clip_id=clip_id, data_key=data_key)
    return data_key, wrapped


def clip_key_open(
    *, provider: KeyProvider, owner_id: str, clip_id: str, wrapped: bytes | None
) -> DataKey:
    """Unwrap a clip's data key.

    ``wrapped`` is None once the caller has deleted the record (clip deleted or
    expired); that, or a destroyed KEK, raises VaultKeyUnavailable.
    """
    if wrapped is None:
        raise VaultKeyUnavailable(
            "This clip was deleted and its key destroyed; it cannot be recovered."
        )
    return provider.unwrap(owner_id=owner_id, clip_id=clip_id, wrapped=wrapped)
