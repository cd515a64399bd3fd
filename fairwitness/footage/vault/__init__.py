"""The footage vault: chunked authenticated encryption of clips (no Django).

Typical use by the Django side::

    data_key, wrapped = clip_key_create(provider=keyring, owner_id=o, clip_id=c)
    blob = vault_encrypt(source=upload, sink=storage_file, data_key=data_key, clip_id=c)
    # store `wrapped`, blob.plaintext_size, blob.plaintext_sha256 on the Clip row

    key = clip_key_open(provider=keyring, owner_id=o, clip_id=c, wrapped=row.wrapped_key)
    reader = VaultReader(source=FileBlobSource(path), data_key=key, clip_id=c)
    for piece in reader.iter_range(start, end): ...

The format is described in format.py and docs/vault.md.
"""

from fairwitness.footage.vault.encrypt import EncryptedBlob, vault_encrypt
from fairwitness.footage.vault.errors import (
    VaultCorrupt,
    VaultError,
    VaultKeyUnavailable,
    VaultRangeNotSatisfiable,
)
from fairwitness.footage.vault.format import ciphertext_size, plaintext_size
from fairwitness.footage.vault.keyring import LocalKeyring
from fairwitness.footage.vault.keys import DataKey, KeyProvider, clip_key_create, clip_key_open
from fairwitness.footage.vault.reader import (
    BlobSource,
    BytesBlobSource,
    FileBlobSource,
    VaultReader,
)

__all__ = [
    "BlobSource",
    "BytesBlobSource",
    "DataKey",
    "EncryptedBlob",
    "FileBlobSource",
    "KeyProvider",
    "LocalKeyring",
    "VaultCorrupt",
    "VaultError",
    "VaultKeyUnavailable",
    "VaultRangeNotSatisfiable",
    "VaultReader",
    "ciphertext_size",
    "clip_key_create",
    "clip_key_open",
    "plaintext_size",
    "vault_encrypt",
]
