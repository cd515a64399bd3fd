"""Device uploads: create, chunks, complete (the protocol in docs/agent.md).

Invariants:

- One ``upload_id`` names one upload of one camera. The same id with the same
  size and sha256 is the same upload (retries are answered with the server's
  offset); with other content it is refused (409 ``upload_id_reused``).
- Bytes sit in a scratch file until the clip's job has stored them encrypted;
  ``Upload.received`` only ever counts bytes written to that file.
- A scratch file is never truncated in place (``complete`` hashes a memory map
  of it, and a map whose file shrinks kills its reader with SIGBUS): a new or
  refilled one is made under a fresh name and renamed over the path. A discard
  removes the file before its row's deletion commits, and only if it deleted the
  row, so it never removes the file of a newer upload of the same id.
- ``complete`` checks the sha256 and probes the bytes (both at once, on two
  cores) before it creates a Clip.
  A refused upload leaves nothing behind: its row and its scratch file are removed.
  The probe's facts are saved with the Clip, so the job does not probe again.
- ``complete`` is idempotent: once a Clip exists, it is returned again.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fairwitness.cameras.models import Camera
from fairwitness.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from fairwitness.core.input_bounds import EARLIEST
from fairwitness.footage.models import Clip, ClipJob, Upload, UploadState
from fairwitness.footage.processing import ClipRejected, VideoProbe
from fairwitness.footage.scratch import (
    COPY_BLOCK,
    file_sha256,
    scratch_replace,
    sha256_and_probe,
)
from fairwitness.footage.storage import upload_scratch_path

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class TooLarge(ApplicationError):
    status = 413
    code = "too_large"


def _max_bytes() -> int:
    return int(settings.FOOTAGE_CLIP_MAX_BYTES)


def upload_find(*, camera: Camera, upload_id: uuid.UUID, lock: bool = False) -> Upload:
    uploads = Upload.objects.select_for_update(of=("self",)) if lock else Upload.objects
    upload = uploads.select_related("clip").filter(upload_id=upload_id).first()
    if upload is None:
        raise NotFound(
            "No upload with this id. Start it with POST /api/ingest/uploads.",
            code="upload_not_found",
        )
    if upload.camera_id != camera.pk:
        raise PermissionDenied(
            "This upload belongs to another camera. Use the token of the camera that started it.",
            code="upload_other_camera",
        )
    return upload


def upload_state(upload: Upload) -> str:
    return upload.clip.state if upload.clip is not None else upload.state


def upload_create(
    *, camera: Camera, upload_id: uuid.UUID, started_at: datetime, size: int, sha256: str
) -> tuple[Upload, bool]:
    """Start an upload, or find the same one again; returns (upload, created)."""
    sha256 = sha256.lower()
    if not SHA256_HEX.fullmatch(sha256):
        raise ApplicationError(
            "sha256 must be the 64 hexadecimal digits of the clip's SHA-256.", code="invalid"
        )
    if size <= 0:
        raise ApplicationError(
            "The clip is empty (size 0). Record a clip and upload it again.",
            code="clip_empty",
            status=422,
        )
    if size > _max_bytes():
        raise TooLarge(
            f"The clip is {size} bytes; the most this server accepts is {_max_bytes()}. "
            "Cut it into shorter clips.",
            detail={"max_bytes": _max_bytes()},
        )
    if timezone.is_naive(started_at):
        raise ApplicationError(
            "started_at needs a time zone, e.g. 2025-01-02T03:04:05Z.", code="invalid"
        )
    if started_at < EARLIEST:
        raise ApplicationError(
            f"started_at is {started_at.isoformat()}, before 2000. Check the device's clock "
            "(use NTP) and upload again.",
            code="started_at_too_old",
            status=422,
        )
    tolerance = timedelta(seconds=int(settings.FOOTAGE_FUTURE_TOLERANCE_SECONDS))
    if started_at > timezone.now() + tolerance:
        raise ApplicationError(
            "started_at is in the future. Check the device's clock (use NTP) and upload again.",
            code="started_at_in_future",
            status=422,
        )
    try:
        existing = upload_find(camera=camera, upload_id=upload_id)
    except NotFound:
        existing = None
    if existing is not None:
        if (existing.size, existing.sha256) != (size, sha256):
            raise Conflict(
                "This upload id was already used for other content. Give each clip a new id.",
                code="upload_id_reused",
                detail={"upload_id": str(upload_id)},
            )
        return existing, False
    path = upload_scratch_path(str(upload_id))
    try:
        with transaction.atomic():
            upload = Upload.objects.create(
                camera=camera, upload_id=upload_id, started_at=started_at, size=size, sha256=sha256
            )
            scratch_replace(path, fill=None)
    except IntegrityError:
        # Another request created it first: answer as for a retry.
        return upload_create(
            camera=camera, upload_id=upload_id, started_at=started_at, size=size, sha256=sha256
        )
    return upload, True


def _offset_check(upload: Upload, offset: int, length: int) -> None:
    if upload.state != UploadState.RECEIVING or offset != upload.received:
        raise Conflict(
            f"The server holds {upload.received} bytes of this upload; "
            f"send the chunk at offset {upload.received}.",
            code="offset_mismatch",
            detail={"received": upload.received},
        )
    if offset + length > upload.size:
        raise TooLarge(
            f"This chunk goes past the declared size of {upload.size} bytes. "
            "Start a new upload with the right size.",
        )


def upload_chunk_write(
    *, camera: Camera, upload_id: uuid.UUID, offset: int, length: int, body: BinaryIO
) -> int:
    """Write ``length`` bytes read from ``body`` at ``offset``; returns the new offset.

    409 ``offset_mismatch`` (detail.received) unless ``offset`` is the server's
    offset; 413 for a chunk over the chunk limit or past the declared size.
    The bytes are read from the network outside any transaction (a slow device
    must not hold a database lock); ``received`` then advances only if no other
    request moved it meanwhile. Bytes a racing request overwrote are caught by
    the sha256 check at ``complete``.
    """
    if length > int(settings.FOOTAGE_CHUNK_MAX_BYTES):
        raise TooLarge(
            f"A chunk may hold at most {settings.FOOTAGE_CHUNK_MAX_BYTES} bytes; "
            "send smaller chunks.",
        )
    _offset_check(upload_find(camera=camera, upload_id=upload_id), offset, length)
    path = upload_scratch_path(str(upload_id))
    # Opened without truncating: a concurrent complete may have this file mapped.
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as handle:
        handle.seek(offset)
        remaining = length
        while remaining:
            data = body.read(min(COPY_BLOCK, remaining))
            if not data:
                break
            handle.write(data)
            remaining -= len(data)
        if remaining:
            raise ApplicationError(
                "The chunk ended before its Content-Length; send it again.",
                code="chunk_incomplete",
            )
        handle.flush()
        os.fsync(handle.fileno())
    with transaction.atomic():
        upload = upload_find(camera=camera, upload_id=upload_id, lock=True)
        _offset_check(upload, offset, length)
        upload.received = offset + length
        upload.save(update_fields=["received", "updated_at"])
    return upload.received


def _upload_discard(upload: Upload) -> None:
    """Delete the upload's row and its scratch file; nothing if another request deleted it.
    The file is removed while the deletion is uncommitted (the row is locked, on SQLite the
    database): no new upload of the same id can make its file before the old one is gone."""
    with transaction.atomic():
        deleted, _ = Upload.objects.filter(pk=upload.pk).delete()
        if deleted:
            upload_scratch_path(str(upload.upload_id)).unlink(missing_ok=True)


def upload_complete(*, camera: Camera, upload_id: uuid.UUID) -> Clip:
    """Verify the bytes, probe them, and create the Clip with its queued job.

    Raises 409 ``upload_incomplete`` if bytes are missing, 422 ``sha256_mismatch``
    (also when the scratch file is gone) or a ClipRejected code (the upload is then
    discarded). The processing task is enqueued after the commit.

    If a concurrent request discarded the upload or started a new one of the same id, the
    answer is for what the id names now (404, 409 ...), never a 500, and no Clip is made
    from bytes that were not verified."""
    upload = upload_find(camera=camera, upload_id=upload_id)
    if upload.clip is not None:
        return upload.clip
    if upload.received != upload.size:
        raise Conflict(
            f"The server holds {upload.received} of {upload.size} bytes; send the rest first.",
            code="upload_incomplete",
            detail={"received": upload.received},
        )
    digest, facts = sha256_and_probe(upload_scratch_path(str(upload_id)), upload.size)
    if digest != upload.sha256:  # checked first: a mismatch explains any probe refusal
        _upload_discard(upload)
        raise ApplicationError(
            "The bytes received do not match the sha256 given at the start. "
            "Upload the clip again under a new id.",
            code="sha256_mismatch",
            status=422,
        )
    if isinstance(facts, ClipRejected):
        _upload_discard(upload)
        raise facts
    if facts is None:  # the verified file was removed or replaced while it was probed
        return upload_complete(camera=camera, upload_id=upload_id)
    clip = _clip_create(camera=camera, upload_id=upload_id, verified=upload.pk, facts=facts)
    if clip is None:  # a new upload of the same id: its bytes were not the ones verified
        return upload_complete(camera=camera, upload_id=upload_id)
    return clip


def _clip_create(
    *, camera: Camera, upload_id: uuid.UUID, verified: int, facts: VideoProbe
) -> Clip | None:
    """The Clip of the upload row ``verified`` with its queued job, or the Clip it already
    has; None if ``upload_id`` names another row by now."""
    with transaction.atomic():
        upload = upload_find(camera=camera, upload_id=upload_id, lock=True)
        if upload.clip is not None:
            return upload.clip
        if upload.pk != verified:
            return None
        clip = Clip.objects.create(
            camera=camera,
            started_at=upload.started_at,
            ended_at=upload.started_at + timedelta(seconds=facts.duration_s),
            duration_seconds=facts.duration_s,
            upload_sha256=upload.sha256,
            upload_size=upload.size,
            width=facts.width,
            height=facts.height,
            expires_at=upload.started_at + timedelta(days=camera.retention_days),
        )
        ClipJob.objects.create(clip=clip)
        upload.clip = clip
        upload.state = UploadState.COMPLETE
        upload.probe_facts = facts.as_json()
        upload.save(update_fields=["clip", "state", "probe_facts", "updated_at"])
        clip_id = clip.pk
        transaction.on_commit(lambda: _enqueue(clip_id))
    return clip


def _enqueue(clip_id: int) -> None:
    from fairwitness.footage.tasks import clip_process_task

    clip_process_task.delay(clip_id)


def clip_ingest_file(
    *, camera: Camera, upload_id: uuid.UUID, started_at: datetime, source: Path
) -> Clip:
    """Ingest a local file as if a device had uploaded it (the Frigate bridge).

    Idempotent by ``upload_id`` like the device protocol.
    """
    size = source.stat().st_size
    sha256 = file_sha256(source, size)
    upload, _ = upload_create(
        camera=camera, upload_id=upload_id, started_at=started_at, size=size, sha256=sha256
    )
    if upload.clip is not None:
        return upload.clip
    if upload.received < upload.size:
        scratch_replace(upload_scratch_path(str(upload_id)), fill=source, size=size)
        Upload.objects.filter(pk=upload.pk).update(received=size)
    return upload_complete(camera=camera, upload_id=upload_id)
