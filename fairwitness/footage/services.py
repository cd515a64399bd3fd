"""Writes to clips: deletion by the owner, retention, expiry, abandoned uploads.

Deleting a clip destroys its ClipKey in a committed transaction first and only
then deletes its blobs: a blob that survives (a failed delete, a backup, an S3
version) stays unreadable. The Clip row is kept as ``deleted`` so that what
existed can still be named in notices and the audit log.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.cameras.models import Camera
from fairwitness.footage.events import FootageEvent
from fairwitness.footage.models import Clip, ClipKey, ClipState, Upload, UploadState
from fairwitness.footage.selectors import clip_get_owned
from fairwitness.footage.storage import blob_delete, blob_names, upload_scratch_path

log = logging.getLogger(__name__)

ABANDONED_UPLOAD_AGE = timedelta(days=2)


def _clip_destroy(*, clip_id: int, actor: User | None, event: FootageEvent) -> bool:
    """Destroy a clip's key (committed), then its blobs; False if it was already deleted."""
    with transaction.atomic():
        clip = Clip.objects.select_for_update().select_related("camera").get(pk=clip_id)
        if clip.state == ClipState.DELETED:
            return False
        ClipKey.objects.filter(clip=clip).delete()
        names = [clip.blob_name, clip.thumbnail_name]
        previous = clip.state
        Clip.objects.filter(pk=clip.pk).update(
            state=ClipState.DELETED,
            blob_name="",
            thumbnail_name="",
            deleted_at=timezone.now(),
            updated_at=timezone.now(),
        )
        audit_record(
            event=event,
            actor=actor,
            subject=[Subject("clip", clip.pk), Subject("camera", clip.camera.pk)],
            # The camera's retention period stays private: an unusual value would
            # be the same in every entry about that owner's clips.
            public={"status": str(previous)},
            private={
                "camera_name": clip.camera.name,
                "started_at": clip.started_at.isoformat(),
                "retention_days": clip.camera.retention_days,
            },
            agency=None,
        )
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _blobs_delete(clip, names))
    else:
        _blobs_delete(clip, names)
    return True


def _blobs_delete(clip: Clip, names: list[str]) -> None:
    # Also the deterministic names, in case a job stored blobs the row never recorded.
    video, thumb = blob_names(owner_id=clip.camera.owner_id, clip_id=clip.pk)
    for name in {*names, video, thumb} - {""}:
        try:
            blob_delete(name)
        except Exception:  # the key is gone: a blob left behind is unreadable noise
            log.warning("clip %s: blob %s not deleted; its key is gone already", clip.pk, name)


def clip_delete(*, owner: User, clip_id: int) -> None:
    """The owner deletes one of their clips now (NotFound if it is not theirs)."""
    clip = clip_get_owned(viewer=owner, clip_id=clip_id)
    _clip_destroy(clip_id=clip.pk, actor=owner, event=FootageEvent.CLIP_DELETED)


def clips_expired_purge(*, now: datetime | None = None) -> int:
    """Destroy every clip past its ``expires_at``; returns how many were destroyed."""
    moment = now or timezone.now()
    expired = list(
        Clip.objects.filter(expires_at__lte=moment)
        .exclude(state=ClipState.DELETED)
        .values_list("pk", flat=True)
    )
    destroyed = 0
    for clip_id in expired:
        if _clip_destroy(clip_id=clip_id, actor=None, event=FootageEvent.CLIP_EXPIRED):
            destroyed += 1
    return destroyed


def clip_expiry_reset(*, camera: Camera) -> int:
    """Recompute ``expires_at`` of the camera's clips from its retention days."""
    return (
        Clip.objects.filter(camera=camera)
        .exclude(state=ClipState.DELETED)
        .update(expires_at=F("started_at") + timedelta(days=camera.retention_days))
    )


def uploads_abandoned_purge(*, now: datetime | None = None) -> int:
    """Remove uploads still receiving bytes long after they started, with their scratch files."""
    cutoff = (now or timezone.now()) - ABANDONED_UPLOAD_AGE
    stale = list(
        Upload.objects.filter(state=UploadState.RECEIVING, updated_at__lt=cutoff).values_list(
            "pk", "upload_id"
        )
    )
    return sum(upload_abandoned_remove(pk=pk, upload_id=str(upload_id)) for pk, upload_id in stale)


def upload_abandoned_remove(*, pk: int, upload_id: str) -> bool:
    """Delete one listed upload if it is still receiving, and then its scratch file.

    As in ingest's discard, the file goes inside the transaction that deletes the row and
    only if this call deleted it: a newer upload of the same id, made since the listing,
    keeps its file.
    """
    with transaction.atomic():
        deleted, _ = Upload.objects.filter(pk=pk, state=UploadState.RECEIVING).delete()
        if deleted:
            upload_scratch_path(upload_id).unlink(missing_ok=True)
    return bool(deleted)
