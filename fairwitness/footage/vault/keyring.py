"""The embedded KeyProvider: one key-encryption key file per owner.

Layout of ``<directory>/<owner_id>.kek`` (mode 0600, directory 0700)::

    version u8 (=1) | key id (8 random bytes) | KEK (32 bytes)

Wrapped record (69 bytes)::

    version u8 (=1) | key id (8) | nonce (12) | AES-256-GCM(KEK, data key) + tag

The key id lets ``unwrap`` tell "the owner's KEK was destroyed and later
recreated" (VaultKeyUnavailable) from "the record was altered" (VaultCorrupt).
Destroying overwrites the file with zeros and unlinks it; on copy-on-write or
flash storage the overwrite is best effort, so operators who need stronger
guarantees keep the directory on an encrypted volume or use an external KMS.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fairwitness.footage.vault.errors import VaultCorrupt, VaultError, VaultKeyUnavailable
from fairwitness.footage.vault.format import KEY_SIZE, NONCE_SIZE, TAG_SIZE
from fairwitness.footage.vault.keys import DataKey, wrap_associated_data

logger = logging.getLogger(__name__)

RECORD_VERSION = 1
KEY_ID_SIZE = 8
KEK_FILE_SIZE = 1 + KEY_ID_SIZE + KEY_SIZE
RECORD_HEADER_SIZE = 1 + KEY_ID_SIZE
RECORD_SIZE = RECORD_HEADER_SIZE + NONCE_SIZE + KEY_SIZE + TAG_SIZE
# Owner ids become file names: no separators, no leading dot, bounded length.
OWNER_ID_PATTERN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}")


class LocalKeyring:
    """KeyProvider keeping each owner's KEK in its own file under ``directory``.

    Safe for several processes sharing the directory: the first writer of an
    owner's key wins and the others read it.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"LocalKeyring({str(self.directory)!r})"

    def wrap(self, *, owner_id: str, clip_id: str, data_key: DataKey) -> bytes:
        key_id, kek = self._kek_load_or_create(owner_id)
        header = bytes([RECORD_VERSION]) + key_id
        nonce = os.urandom(NONCE_SIZE)
        aad = wrap_associated_data(owner_id=owner_id, clip_id=clip_id, record_header=header)
        return header + nonce + AESGCM(kek).encrypt(nonce, data_key.secret, aad)

    def unwrap(self, *, owner_id: str, clip_id: str, wrapped: bytes) -> DataKey:
        if len(wrapped) != RECORD_SIZE or wrapped[0] != RECORD_VERSION:
            raise VaultCorrupt("The clip's stored key record is malformed.")
        loaded = self._kek_load(owner_id)
        header = wrapped[:RECORD_HEADER_SIZE]
        if loaded is None or loaded[0] != header[1:]:
            raise VaultKeyUnavailable(
                "The owner's key was destroyed, so this clip cannot be recovered."
            )
        nonce = wrapped[RECORD_HEADER_SIZE : RECORD_HEADER_SIZE + NONCE_SIZE]
        aad = wrap_associated_data(owner_id=owner_id, clip_id=clip_id, record_header=header)
        try:
            secret = AESGCM(loaded[1]).decrypt(
                nonce, wrapped[RECORD_HEADER_SIZE + NONCE_SIZE :], aad
            )
        except InvalidTag:
            raise VaultCorrupt(
                "The clip's stored key does not open for this owner and clip."
            ) from None
        return DataKey(secret=secret)

    def destroy(self, *, owner_id: str) -> None:
        path = self._kek_path(owner_id)
        try:
            fd = os.open(path, os.O_WRONLY)
        except FileNotFoundError:
            return
        try:
            os.write(fd, b"\x00" * KEK_FILE_SIZE)
            os.fsync(fd)
        finally:
            os.close(fd)
        path.unlink(missing_ok=True)
        self._directory_sync()
        logger.info("destroyed key-encryption key of owner %s", owner_id)

    def _kek_path(self, owner_id: str) -> Path:
        if not OWNER_ID_PATTERN.fullmatch(owner_id):
            raise ValueError("owner id must be 1-128 characters of [A-Za-z0-9_.-]")
        return self.directory / f"{owner_id}.kek"

    def _kek_load(self, owner_id: str) -> tuple[bytes, bytes] | None:
        """Return (key id, KEK) or None when the owner has no key."""
        try:
            raw = self._kek_path(owner_id).read_bytes()
        except FileNotFoundError:
            return None
        if len(raw) != KEK_FILE_SIZE or raw[0] != RECORD_VERSION:
            raise VaultError(
                f"The key file of owner {owner_id} is damaged; restore it from backup.",
                code="keyring_damaged",
            )
        return raw[1 : 1 + KEY_ID_SIZE], raw[1 + KEY_ID_SIZE :]

    def _kek_load_or_create(self, owner_id: str) -> tuple[bytes, bytes]:
        loaded = self._kek_load(owner_id)
        if loaded is not None:
            return loaded
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        key_id = secrets.token_bytes(KEY_ID_SIZE)
        content = bytes([RECORD_VERSION]) + key_id + secrets.token_bytes(KEY_SIZE)
        tmp = self.directory / f".{owner_id}.{secrets.token_hex(8)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, content)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            # link() never replaces an existing file, so a concurrent creator's
            # key is never overwritten; the loser uses the winner's key.
            os.link(tmp, self._kek_path(owner_id))
            logger.info("created key-encryption key %s for owner %s", key_id.hex(), owner_id)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        self._directory_sync()
        created = self._kek_load(owner_id)
        if created is None:
            raise VaultError(
                f"The key of owner {owner_id} vanished while it was being created.",
                code="keyring_race",
            )
        return created

    def _directory_sync(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
