"""The processing job of a clip: validate, normalise, thumbnail, encrypt, store.

Steps, in order (each a function with its own contract):

1. the processing steps of ``fairwitness.footage.processing`` (probe,
   decode_check, normalise, thumbnail) on the upload's scratch file, in a
   per-clip scratch folder that is wiped first. The probe is the one the
   upload's completion made (``Upload.probe_facts``); the file is probed
   again only if those facts are missing, unreadable or of another size;
2. ``STORE``: a new data key wrapped by the owner's key, the normalised MP4 and
   the thumbnail encrypted under it into blobs with deterministic names. An
   upload kept as it is (already browser-ready, by the completion's probe) gets
   its key before step 1 and is encrypted and written on the process's store
   thread while step 1 decodes it, so the durable write overlaps the decoding
   instead of following it. Any failure waits for that thread before it goes on;
3. one transaction: the ClipKey row, the clip ``ready``, the job ``done``;
4. scratch files removed.

The job may be killed anywhere (acks_late redelivers the task). A rerun starts
again from step 1: blobs of the dead attempt are overwritten under the same
names, and its data key was never saved, so nothing is duplicated. A bad
upload marks the clip ``rejected`` with the reason and keeps no blob (one written
early is deleted once the store thread has finished it).
See ClipJob for the state transitions.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.footage.models import Clip, ClipJob, ClipKey, ClipState, JobState, Upload
from fairwitness.footage.processing import (
    ClipProcessingFailed,
    ClipRejected,
    VideoProbe,
    browser_ready,
    clip_process,
)
from fairwitness.footage.storage import (
    blob_delete,
    blob_names,
    blob_write,
    job_scratch_path,
    key_provider,
    upload_scratch_path,
)
from fairwitness.footage.vault import DataKey, EncryptedBlob, clip_key_create, vault_encrypt

log = logging.getLogger(__name__)

THUMBNAIL_SUFFIX = ".thumbnail"
# One long-lived store thread per process: jobs run one at a time in a worker, and storages
# that keep a connection per thread (django-storages' S3) reuse it from clip to clip.
_STORE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clip-store")
# 256 KiB chunks: a playback Range request decrypts at most two extra chunks,
# and large clips encrypt faster than with 16 KiB chunks.
VIDEO_CHUNK_LOG2 = 18


class JobStep(StrEnum):
    STORE = "footage:processing:store"


def thumbnail_context(clip_id: int) -> str:
    """The vault clip id of a thumbnail: bound to its clip, distinct from the video."""
    return f"{clip_id}{THUMBNAIL_SUFFIX}"


def _job_start(clip_id: int) -> ClipJob | None:
    """Move the job to ``running`` (attempts + 1); None when it is already final."""
    with transaction.atomic():
        job = ClipJob.objects.select_for_update().select_related("clip").get(clip_id=clip_id)
        if job.state in (JobState.DONE, JobState.FAILED):
            return None
        if job.clip.state == ClipState.DELETED:
            _job_close(job, error=DELETED_MEANWHILE)
            return None
        job.state = JobState.RUNNING
        job.attempts += 1
        job.save(update_fields=["state", "attempts", "updated_at"])
    return job


def _step_record(job: ClipJob, step: str) -> None:
    ClipJob.objects.filter(pk=job.pk).update(step=step, updated_at=timezone.now())


def _scratch_clean(clip: Clip, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    upload = getattr(clip, "upload", None)
    if upload is not None:
        upload_scratch_path(str(upload.upload_id)).unlink(missing_ok=True)


def _encrypting(
    path: Path, data_key: DataKey, context: str, *, chunk_log2: int = VIDEO_CHUNK_LOG2
) -> Callable[[BinaryIO], EncryptedBlob]:
    """A ``blob_write`` writer: the file at ``path`` encrypted under ``data_key``."""

    def write(sink: BinaryIO) -> EncryptedBlob:
        with path.open("rb") as plain:
            return vault_encrypt(
                source=plain,
                sink=sink,
                data_key=data_key,
                clip_id=context,
                chunk_log2=chunk_log2,
                hash_plaintext=False,
            )

    return write


def _clip_key(owner_id: int, clip_id: int) -> tuple[DataKey, bytes]:
    return clip_key_create(provider=key_provider(), owner_id=str(owner_id), clip_id=str(clip_id))


def _early_settle(
    early: Future[EncryptedBlob] | None, clip_id: int, failure: BaseException
) -> None:
    """Wait for the early store of a job that failed with ``failure``, and log the store's
    own failure when it is another one: nothing else would report it."""
    if early is None:
        return
    wait([early])
    own = early.exception()
    if own is not None and own is not failure:
        log.warning("clip %s: the early store failed too (%s)", clip_id, type(own).__name__)


def _upload_probe(upload: Upload, source: Path) -> VideoProbe | None:
    """The completion's probe of ``source``, or None when the job must probe it itself."""
    try:
        facts = VideoProbe.from_json(upload.probe_facts)
        size = source.stat().st_size
    except (ValueError, TypeError, KeyError, OSError):
        return None
    return facts if facts.size_bytes == size else None


def clip_job_run(*, clip_id: int, on_step: Callable[[str], None] | None = None) -> ClipJob | None:
    """Run (or rerun) the job of ``clip_id``; returns the job, or None if it was final.

    ``on_step`` is called with each step's name before it runs (tests use it to
    stop a job in the middle, as a killed worker would).
    """
    job = _job_start(clip_id)
    if job is None:
        return None
    clip = Clip.objects.select_related("camera", "upload").get(pk=clip_id)
    owner_id = clip.camera.owner_id
    work = job_scratch_path(clip_id)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700, parents=True)
    source = upload_scratch_path(str(clip.upload.upload_id))
    video_name, thumb_name = blob_names(owner_id=owner_id, clip_id=clip_id)

    def enter(step: str) -> None:
        _step_record(job, str(step))
        if on_step is not None:
            on_step(str(step))

    upload_probe = _upload_probe(clip.upload, source)
    early: Future[EncryptedBlob] | None = None
    key: tuple[DataKey, bytes] | None = None
    try:
        if upload_probe is not None and browser_ready(upload_probe):
            # Kept as uploaded: the stored video is the upload itself, so it is encrypted
            # and written on the store thread while the steps decode it.
            key = _clip_key(owner_id, clip_id)
            early = _STORE.submit(blob_write, video_name, _encrypting(source, key[0], str(clip_id)))
        try:
            processed = clip_process(
                source=source, scratch_dir=work, on_step=enter, upload_probe=upload_probe
            )
            enter(JobStep.STORE)
            data_key, wrapped = key if key is not None else _clip_key(owner_id, clip_id)
            video = early.result() if early is not None else None
            if video is None or processed.normalised.path != source:
                video = blob_write(
                    video_name, _encrypting(processed.normalised.path, data_key, str(clip_id))
                )
            blob_write(
                thumb_name,
                _encrypting(
                    processed.thumbnail.path, data_key, thumbnail_context(clip_id), chunk_log2=14
                ),
            )
        except BaseException as failure:
            _early_settle(early, clip_id, failure)  # before anything deletes what it wrote
            raise
    except ClipRejected as rejection:
        _job_fail(job, clip, reason=rejection.message, names=(video_name, thumb_name))
        _scratch_clean(clip, work)
        return ClipJob.objects.get(pk=job.pk)
    except ClipProcessingFailed as failure:
        # The server's fault: leave the job running so a retry can finish it.
        log.warning("clip %s: processing failed (%s); will retry", clip_id, failure.code)
        shutil.rmtree(work, ignore_errors=True)
        raise
    with transaction.atomic():
        current = Clip.objects.select_for_update().only("state").get(pk=clip_id)
        if current.state != ClipState.PROCESSING:
            # Deleted (by its owner or by retention) while it was processed: keep nothing.
            _job_close(job, error=DELETED_MEANWHILE)
            deleted = True
        else:
            deleted = False
            ClipKey.objects.update_or_create(clip=clip, defaults={"wrapped": wrapped})
            Clip.objects.filter(pk=clip_id).update(
                state=ClipState.READY,
                blob_name=video_name,
                blob_size=getattr(video, "plaintext_size", 0),
                thumbnail_name=thumb_name,
                width=processed.video.width,
                height=processed.video.height,
                duration_seconds=processed.video.duration_s,
                ended_at=clip.started_at + timedelta(seconds=processed.video.duration_s),
                transcoded=processed.normalised.mode == "transcode",
                updated_at=timezone.now(),
            )
            ClipJob.objects.filter(pk=job.pk).update(
                state=JobState.DONE, step="", finished_at=timezone.now(), updated_at=timezone.now()
            )
        Upload.objects.filter(clip_id=clip_id).update(probe_facts=None)
    if deleted:
        for name in (video_name, thumb_name):
            blob_delete(name)
    _scratch_clean(clip, work)
    return ClipJob.objects.get(pk=job.pk)


DELETED_MEANWHILE = "The clip was deleted before processing finished."


def _job_close(job: ClipJob, *, error: str) -> None:
    ClipJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=error, finished_at=timezone.now(), updated_at=timezone.now()
    )


def _job_fail(job: ClipJob, clip: Clip, *, reason: str, names: tuple[str, ...]) -> None:
    with transaction.atomic():
        Clip.objects.filter(pk=clip.pk).update(
            state=ClipState.REJECTED, rejected_reason=reason[:300], updated_at=timezone.now()
        )
        ClipJob.objects.filter(pk=job.pk).update(
            state=JobState.FAILED,
            error=reason[:300],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        Upload.objects.filter(clip_id=clip.pk).update(probe_facts=None)
    for name in names:  # a dead earlier attempt may have stored these
        blob_delete(name)


def stalled_after() -> timedelta:
    return timedelta(seconds=int(settings.FOOTAGE_JOB_STALLED_SECONDS))


def jobs_stalled() -> list[int]:
    """Clip ids whose job has been queued or running, untouched, for a long time."""
    cutoff = timezone.now() - stalled_after()
    return list(
        ClipJob.objects.filter(
            state__in=[JobState.QUEUED, JobState.RUNNING], updated_at__lt=cutoff
        ).values_list("clip_id", flat=True)
    )
