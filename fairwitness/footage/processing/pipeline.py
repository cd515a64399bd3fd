"""The ordered processing steps of an uploaded clip, run in a scratch directory.

A processing job (the Django side records its state) runs STEPS in order;
``clip_process`` runs them all and reports each step before starting it, so
the job row can show where a failure happened. A ClipRejected from any step
means the upload is refused and nothing must be stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from fairwitness.footage.processing.decode import DecodeReport, decode_check
from fairwitness.footage.processing.normalise import NormaliseMode, NormaliseResult, normalise
from fairwitness.footage.processing.probe import DEFAULT_LIMITS, ProbeLimits, VideoProbe, probe
from fairwitness.footage.processing.thumbnail import (
    Thumbnail,
    thumbnail,
    thumbnail_from_frame,
    thumbnail_time,
)

NORMALISED_NAME = "clip.mp4"
THUMBNAIL_NAME = "thumbnail.jpg"


class ProcessingStep(StrEnum):
    PROBE = "footage:processing:probe"
    DECODE_CHECK = "footage:processing:decode_check"
    NORMALISE = "footage:processing:normalise"
    THUMBNAIL = "footage:processing:thumbnail"


STEPS = (
    ProcessingStep.PROBE,
    ProcessingStep.DECODE_CHECK,
    ProcessingStep.NORMALISE,
    ProcessingStep.THUMBNAIL,
)


@dataclass(frozen=True, slots=True)
class ProcessedClip:
    """Everything the steps learned and made.

    ``video`` describes the normalised MP4 (what is stored and played), while
    ``upload`` describes the original bytes.
    """

    upload: VideoProbe
    decode: DecodeReport
    normalised: NormaliseResult
    video: VideoProbe
    thumbnail: Thumbnail


def clip_process(
    *,
    source: Path,
    scratch_dir: Path,
    limits: ProbeLimits = DEFAULT_LIMITS,
    on_step: Callable[[ProcessingStep], None] | None = None,
    upload_probe: VideoProbe | None = None,
) -> ProcessedClip:
    """Run every step on ``source``, writing outputs into ``scratch_dir``.

    ``upload_probe``, when given, is the result of ``probe(source, limits=limits)``
    made earlier (the upload's completion probes before it accepts a clip): the
    PROBE step then uses it instead of demuxing the whole file again.

    Outputs: ``scratch_dir/thumbnail.jpg`` and, unless the upload is kept as
    it is (``normalised.path`` is then ``source``), ``scratch_dir/clip.mp4``
    (overwritten). The source is never modified. Errors: ClipRejected (bad
    upload) or ClipProcessingFailed (server side); the caller deletes the
    scratch directory either way.
    """

    def enter(step: ProcessingStep) -> None:
        if on_step is not None:
            on_step(step)

    enter(ProcessingStep.PROBE)
    upload = upload_probe if upload_probe is not None else probe(source, limits=limits)
    enter(ProcessingStep.DECODE_CHECK)
    # The thumbnail's keyframe is decoded (and checked) with the sample, in the same pass.
    decoded = decode_check(
        source,
        probe_result=upload,
        limits=limits,
        keep_at_s=thumbnail_time(upload.duration_s),
    )
    enter(ProcessingStep.NORMALISE)
    normalised = normalise(source, scratch_dir / NORMALISED_NAME, probe_result=upload)
    if normalised.mode is NormaliseMode.KEEP:
        video = upload
    else:
        video = probe(normalised.path, limits=limits)
    enter(ProcessingStep.THUMBNAIL)
    if decoded.kept_frame is not None:
        # The upload's own picture: a remux or a transcode of it shows the same one.
        thumb = thumbnail_from_frame(
            decoded.kept_frame, scratch_dir / THUMBNAIL_NAME, at_s=decoded.kept_at_s
        )
    else:
        thumb = thumbnail(
            normalised.path, scratch_dir / THUMBNAIL_NAME, duration_s=video.duration_s
        )
    return ProcessedClip(
        upload=upload, decode=decoded, normalised=normalised, video=video, thumbnail=thumb
    )
