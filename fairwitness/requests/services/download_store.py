"""Evidence packages at rest: encrypted like any clip, and shredded with their grant.

A package holds a release copy, so it is never kept in the clear. ``package_store``
encrypts it in the footage vault (the vault's blob format) under a fresh data key,
wrapped by the clip owner's key-encryption key for the context ``download-<id>``;
the wrapped key is kept on the Download row. ``package_reader`` decrypts it for the
member, chunk by chunk, never to disk. ``downloads_destroy`` runs when a grant ends:
it erases the wrapped keys (committed first) and then deletes the blobs, so a blob
put back from a backup can no longer be opened.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db import transaction

from fairwitness.footage.storage import blob_delete, blob_source, blob_write, key_provider
from fairwitness.footage.vault import (
    VaultKeyUnavailable,
    VaultReader,
    clip_key_create,
    clip_key_open,
    vault_encrypt,
)
from fairwitness.requests.models import Download, DownloadState

# The vault's chunk size for packages: 1 MiB, as for videos.
CHUNK_LOG2 = 20


def _context(download: Download) -> str:
    return f"download-{download.pk}"


def _owner(download: Download) -> str:
    return str(download.access.grant.clip.camera.owner_id)


def package_store(*, download: Download, path: Path) -> tuple[str, bytes]:
    """Encrypt the package at ``path`` into the vault; return its blob name and wrapped key.

    The caller saves both on the row; until it does, the blob opens with nothing.
    """
    context = _context(download)
    data_key, wrapped = clip_key_create(
        provider=key_provider(), owner_id=_owner(download), clip_id=context
    )
    name = f"downloads/{download.pk}-{uuid.uuid4().hex}.evidence"
    with path.open("rb") as plain:
        blob_write(
            name,
            lambda sink: vault_encrypt(
                source=plain,
                sink=sink,
                data_key=data_key,
                clip_id=context,
                chunk_log2=CHUNK_LOG2,
                hash_plaintext=False,
            ),
        )
    return name, wrapped


def package_reader(*, download: Download) -> VaultReader:
    """A reader over the package's plaintext; VaultKeyUnavailable once it was destroyed."""
    if not download.wrapped_key or not download.file_name:
        raise VaultKeyUnavailable(
            "This evidence package was destroyed with its grant; it cannot be recovered."
        )
    context = _context(download)
    data_key = clip_key_open(
        provider=key_provider(),
        owner_id=_owner(download),
        clip_id=context,
        wrapped=bytes(download.wrapped_key),
    )
    return VaultReader(source=blob_source(download.file_name), data_key=data_key, clip_id=context)


def downloads_destroy(*, grant_id: int) -> int:
    """Crypto-shred every package made under the grant; returns how many were destroyed.

    Runs inside the caller's transaction (the grant's end): the keys are erased with
    it, and the blobs are deleted only after it commits.
    """
    with transaction.atomic():
        rows = list(
            Download.objects.select_for_update()
            .filter(access__grant_id=grant_id)
            .exclude(state=DownloadState.DESTROYED)
            .values_list("pk", "file_name")
        )
        Download.objects.filter(pk__in=[pk for pk, _ in rows]).update(
            state=DownloadState.DESTROYED, wrapped_key=b"", file_name=""
        )
        names = [name for _, name in rows if name]
        transaction.on_commit(lambda: _blobs_delete(names))
    return len(rows)


def _blobs_delete(names: list[str]) -> None:
    for name in names:
        blob_delete(name)
