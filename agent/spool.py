"""The on-disk upload queue. It survives crashes, restarts and network loss.

Layout under the spool root:

    incoming/<upload_id>/clip.mp4        a clip being encoded (discarded on restart)
    queue/<upload_id>/clip.mp4           a finished clip waiting for upload
    queue/<upload_id>/manifest.json      its manifest: upload_id, started_at, size, sha256, ...
    failed/<upload_id>/...               a clip the server refused for good, plus failure.json
    trash/                               entries being deleted

Invariants:
- An entry appears in queue/ only complete: the clip and its manifest are written and fsynced
  inside incoming/<id>/, then the whole directory is moved with one atomic os.replace.
- The upload id is chosen once, when the clip is started, and stored in the manifest, so every
  retry and every restart presents the same id to the server, which de-duplicates by it.
- An entry leaves queue/ only by an atomic move: to failed/ on a permanent refusal, or to trash/
  after the server confirmed the upload. Nothing is deleted in place.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("agent.spool")

CLIP_NAME = "clip.mp4"
MANIFEST_NAME = "manifest.json"
FAILURE_NAME = "failure.json"


class SpoolBusy(RuntimeError):
    """Another uploader holds the spool's upload lock."""


def iso_utc(epoch: float) -> str:
    """ISO-8601 UTC with milliseconds and a Z suffix, e.g. 2025-01-02T03:04:05.678Z."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def json_write_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write JSON so a reader sees either the old file or the whole new one, even after a crash:
    temp file, fsync, os.replace, fsync of the directory."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size in bytes of a file."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class PendingClip:
    """A clip being written: its upload id and where the encoder writes it."""

    upload_id: str
    directory: Path

    @property
    def clip_path(self) -> Path:
        return self.directory / CLIP_NAME


@dataclass(frozen=True)
class SpoolEntry:
    """A finished clip in queue/ or failed/, with its manifest (and failure, if failed)."""

    directory: Path
    manifest: dict[str, Any]
    failure: dict[str, Any] | None = None

    @property
    def upload_id(self) -> str:
        return str(self.manifest["upload_id"])

    @property
    def clip_path(self) -> Path:
        return self.directory / CLIP_NAME

    @property
    def size(self) -> int:
        return int(self.manifest["size"])


class Spool:
    """The queue directory; `recover()` cleans up after a crash (see its precondition)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / "incoming"
        self.queue = root / "queue"
        self.failed_dir = root / "failed"
        self.trash = root / "trash"
        for path in (self.incoming, self.queue, self.failed_dir, self.trash):
            path.mkdir(parents=True, exist_ok=True)

    def recover(self) -> None:
        """Finish deletions and discard half-encoded clips left by a crash.

        Precondition: the caller holds the capture lock, so no encoder is writing incoming/.
        """
        for leftover in self.incoming.iterdir():
            log.warning("discarding unfinished clip %s left by a previous run", leftover.name)
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in self.trash.iterdir():
            shutil.rmtree(leftover, ignore_errors=True)

    def clip_begin(self) -> PendingClip:
        upload_id = str(uuid.uuid4())
        directory = self.incoming / upload_id
        directory.mkdir()
        return PendingClip(upload_id=upload_id, directory=directory)

    def clip_discard(self, pending: PendingClip) -> None:
        shutil.rmtree(pending.directory, ignore_errors=True)

    def clip_commit(
        self, pending: PendingClip, *, started_at: float, duration: float, camera: str
    ) -> SpoolEntry:
        """Hash the finished clip, write its manifest and publish the entry atomically."""
        with open(pending.clip_path, "rb+") as handle:
            os.fsync(handle.fileno())
        sha256, size = file_digest(pending.clip_path)
        manifest = {
            "version": 1,
            "upload_id": pending.upload_id,
            "started_at": iso_utc(started_at),
            "duration": round(duration, 3),
            "size": size,
            "sha256": sha256,
            "camera": camera,
            "created_at": iso_utc(datetime.now(UTC).timestamp()),
        }
        json_write_atomic(pending.directory / MANIFEST_NAME, manifest)
        target = self.queue / pending.upload_id
        os.replace(pending.directory, target)
        _fsync_dir(self.queue)
        _fsync_dir(self.incoming)
        return SpoolEntry(directory=target, manifest=manifest)

    def _entries(self, parent: Path) -> list[SpoolEntry]:
        entries = []
        for directory in parent.iterdir():
            try:
                manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("skipping unreadable spool entry %s: %s", directory.name, exc)
                continue
            failure = None
            with contextlib.suppress(OSError, ValueError):
                failure = json.loads((directory / FAILURE_NAME).read_text(encoding="utf-8"))
            entries.append(SpoolEntry(directory=directory, manifest=manifest, failure=failure))
        return sorted(entries, key=lambda e: (str(e.manifest.get("started_at")), e.upload_id))

    def pending(self) -> list[SpoolEntry]:
        """Entries waiting for upload, oldest clip first."""
        return self._entries(self.queue)

    def failed(self) -> list[SpoolEntry]:
        return self._entries(self.failed_dir)

    def entry_fail(self, entry: SpoolEntry, *, code: str, message: str, status: int | None) -> None:
        """Move an entry to failed/ with the server's reason; it is kept, never deleted."""
        failure = {
            "code": code,
            "message": message,
            "status": status,
            "at": iso_utc(datetime.now(UTC).timestamp()),
        }
        json_write_atomic(entry.directory / FAILURE_NAME, failure)
        os.replace(entry.directory, self.failed_dir / entry.upload_id)
        _fsync_dir(self.failed_dir)

    def entry_remove(self, entry: SpoolEntry) -> None:
        """Delete a delivered entry: atomically out of queue/, then off the disk."""
        target = self.trash / entry.upload_id
        os.replace(entry.directory, target)
        _fsync_dir(self.queue)
        shutil.rmtree(target, ignore_errors=True)

    def failed_requeue(self) -> int:
        """Put every failed entry back in the queue with its original upload id."""
        count = 0
        for entry in self.failed():
            (entry.directory / FAILURE_NAME).unlink(missing_ok=True)
            os.replace(entry.directory, self.queue / entry.upload_id)
            count += 1
        _fsync_dir(self.queue)
        return count

    @contextlib.contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the spool's `name` lock ("upload" or "capture") without waiting.

        The upload lock keeps two uploaders from sending the same entry at once; the capture
        lock keeps a second process from treating a live clip in incoming/ as crash debris.
        The kernel drops a lock when its process dies, so a killed agent never leaves it stuck.
        """
        with open(self.root / f"{name}.lock", "a") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise SpoolBusy(f"another agent holds the {name} lock of this spool") from exc
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
