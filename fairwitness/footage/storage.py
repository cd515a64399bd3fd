"""Where footage lives: scratch files, the blob storage and the key provider.

Everything is looked up from settings at call time, so tests and deployments
switch folders, S3 buckets and key providers by settings alone.

Blob names are deterministic per clip (``clips/<owner>/<clip>.video``), so a
retried job overwrites what a dead attempt stored instead of adding a copy.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils.module_loading import import_string

from fairwitness.footage.vault import BlobSource, FileBlobSource, KeyProvider, LocalKeyring

STORAGE_ALIAS = "footage"


def footage_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def key_provider() -> KeyProvider:
    """The configured KeyProvider: ``FOOTAGE_KEY_PROVIDER`` or the local keyring."""
    dotted = getattr(settings, "FOOTAGE_KEY_PROVIDER", "")
    if dotted:
        factory: Callable[[], KeyProvider] = import_string(dotted)
        return factory()
    return LocalKeyring(Path(settings.FOOTAGE_KEYRING_DIR))


def scratch_dir(kind: str) -> Path:
    """A private folder under the scratch area (``uploads`` or ``jobs``)."""
    path = Path(settings.FOOTAGE_SCRATCH_DIR) / kind
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_scratch_path(upload_id: str) -> Path:
    return scratch_dir("uploads") / f"{upload_id}.part"


def job_scratch_path(clip_id: int) -> Path:
    return scratch_dir("jobs") / str(clip_id)


def blob_names(*, owner_id: int, clip_id: int) -> tuple[str, str]:
    """(video blob name, thumbnail blob name) of a clip."""
    base = f"clips/{owner_id}/{clip_id}"
    return f"{base}.video", f"{base}.thumb"


def blob_write(name: str, write: Callable[[BinaryIO], Any]) -> Any:
    """Store the bytes ``write(sink)`` produces under ``name``, replacing any old blob.

    Local folders are written in place through a temporary file, fsynced, and
    one rename whose directory is fsynced too: once this returns, the blob
    survives a power cut (the job then deletes the only other copy). Never
    half there, no extra copy. Other storages get a scratch file that is then
    saved, with overwriting enabled; they are durable when ``save`` returns.
    """
    storage = footage_storage()
    local = _local_path(storage, name)
    if local is not None:
        local.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=local.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as sink:
                result = write(sink)
                sink.flush()
                os.fsync(sink.fileno())
            os.replace(tmp, local)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _directory_sync(local.parent)
        return result
    with tempfile.TemporaryFile(dir=scratch_dir("jobs")) as sink:
        result = write(sink)
        sink.seek(0)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(sink, name=name))
        if saved != name:  # pragma: no cover - a storage that renames would lose the link
            storage.delete(saved)
            raise RuntimeError(f"storage renamed {name!r} to {saved!r}")
    return result


def _directory_sync(path: Path) -> None:
    """Make a rename inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def blob_delete(name: str) -> None:
    if name:
        footage_storage().delete(name)


def _local_path(storage: Storage, name: str) -> Path | None:
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


class StorageBlobSource:
    """A BlobSource over any Django storage; S3 reads are ranged GetObject calls."""

    def __init__(self, storage: Storage, name: str) -> None:
        self._storage = storage
        self._name = name
        self._size: int | None = None

    def size(self) -> int:
        if self._size is None:
            self._size = int(self._storage.size(self._name))
        return self._size

    def read(self, offset: int, length: int) -> bytes:
        if length <= 0:
            return b""
        bucket = getattr(self._storage, "bucket", None)
        if bucket is not None:
            key = self._storage._normalize_name(self._name)  # type: ignore[attr-defined]
            response = bucket.Object(key).get(Range=f"bytes={offset}-{offset + length - 1}")
            return bytes(response["Body"].read())
        with self._storage.open(self._name, "rb") as handle:
            handle.seek(offset)
            return bytes(handle.read(length))

    def close(self) -> None:
        pass


def blob_source(name: str) -> BlobSource:
    """A BlobSource for a stored blob: ``pread`` on local files, ranged reads elsewhere."""
    storage = footage_storage()
    local = _local_path(storage, name)
    if local is not None:
        return FileBlobSource(local)
    return StorageBlobSource(storage, name)
