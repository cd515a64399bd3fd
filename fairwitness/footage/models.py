"""Clips, their keys, processing jobs and device uploads.

A Clip row outlives its footage: deleting a clip destroys its ClipKey and its
blobs, and keeps the row (state ``deleted``) so that notices, grants and the
audit log can still name what existed.
"""

from __future__ import annotations

import uuid

from django.db import models

from fairwitness.cameras.models import Camera
from fairwitness.core.models import BaseModel


class ClipState(models.TextChoices):
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    REJECTED = "rejected", "Rejected"
    DELETED = "deleted", "Deleted"


class Clip(BaseModel):
    """A camera's recording.

    States: ``processing`` -> ``ready`` | ``rejected``; ``ready`` | ``rejected``
    -> ``deleted``. Only ``ready`` clips have footage (``blob_name``) and a
    ClipKey. ``ended_at`` is ``started_at + duration`` once processed (equal
    to ``started_at`` before), so time-window overlap is a plain range query.
    """

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="clips")
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(db_index=True)
    duration_seconds = models.FloatField(default=0.0)
    state = models.CharField(
        max_length=16, choices=ClipState.choices, default=ClipState.PROCESSING, db_index=True
    )
    rejected_reason = models.CharField(max_length=300, blank=True)
    # What the device sent: used for idempotency and reported to the owner.
    upload_sha256 = models.CharField(max_length=64)
    upload_size = models.BigIntegerField()
    # The stored, encrypted footage (Django storage names) and what it decrypts to.
    blob_name = models.CharField(max_length=255, blank=True)
    blob_size = models.BigIntegerField(default=0)
    thumbnail_name = models.CharField(max_length=255, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    transcoded = models.BooleanField(default=False)
    expires_at = models.DateTimeField(db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["camera", "started_at"], name="footage_clip_cam_start")]

    def __str__(self) -> str:
        return f"clip {self.pk} of {self.camera_id}"


class ClipKey(BaseModel):
    """A clip's data key, stored only wrapped by the owner's key-encryption key.

    Deleting this row is what makes the clip unreadable: it is deleted before
    the blob, and never recreated for the same clip.
    """

    clip = models.OneToOneField(Clip, on_delete=models.CASCADE, related_name="key")
    wrapped = models.BinaryField(max_length=1024)


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ClipJob(BaseModel):
    """The processing job of one clip.

    Allowed transitions:

    - ``queued`` -> ``running`` (a worker picks it up; ``attempts`` += 1)
    - ``running`` -> ``running`` (a worker died and the task was redelivered;
      steps restart from the scratch file, stored blobs of the dead attempt are
      overwritten under the same names)
    - ``running`` -> ``done`` (the clip is ``ready``)
    - ``running`` -> ``failed`` (the clip is ``rejected`` with a reason)

    ``done`` and ``failed`` are final; a redelivered task finding them does nothing.
    ``step`` names the step being run, for the owner's page and for diagnosis.
    """

    clip = models.OneToOneField(Clip, on_delete=models.CASCADE, related_name="job")
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    step = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class UploadState(models.TextChoices):
    RECEIVING = "receiving", "Receiving"
    COMPLETE = "complete", "Complete"


class Upload(BaseModel):
    """A device's resumable upload, keyed by the id the device chose.

    ``receiving`` -> ``complete`` (sha256 verified, Clip created). The bytes sit
    in a scratch file until the clip's job has stored them encrypted.
    ``probe_facts`` is what ``complete``'s probe found in that file
    (``VideoProbe.as_json``), so the job does not probe it again; the job
    clears it when it ends.
    """

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="uploads")
    upload_id = models.UUIDField(default=uuid.uuid4)
    started_at = models.DateTimeField()
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    received = models.BigIntegerField(default=0)
    state = models.CharField(
        max_length=16, choices=UploadState.choices, default=UploadState.RECEIVING
    )
    clip = models.OneToOneField(
        Clip, on_delete=models.SET_NULL, null=True, blank=True, related_name="upload"
    )
    probe_facts = models.JSONField(null=True, blank=True)

    class Meta:
        # Ids are uuid4s chosen by devices: one id names one upload across all cameras, so
        # another camera's device reusing it is refused rather than given a second upload.
        constraints = [models.UniqueConstraint(fields=["upload_id"], name="footage_upload_id")]
