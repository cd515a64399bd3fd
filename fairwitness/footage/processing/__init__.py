"""Clip processing steps (no Django): probe, decode_check, normalise, thumbnail.

Each step is a function on file paths with its contract in its docstring;
``clip_process`` runs them in order. Bad uploads raise ClipRejected (422, a
stable ``code``); server-side failures raise ClipProcessingFailed (500).
"""

from fairwitness.footage.processing.decode import (
    DecodeReport,
    decode_check,
    keyframe_at_or_before,
    keyframes_sampled,
)
from fairwitness.footage.processing.errors import (
    ClipProcessingFailed,
    ClipRejectCode,
    ClipRejected,
)
from fairwitness.footage.processing.normalise import (
    AudioOutcome,
    NormaliseMode,
    NormaliseResult,
    browser_ready,
    normalise,
    normalise_mode,
)
from fairwitness.footage.processing.pipeline import (
    STEPS,
    ProcessedClip,
    ProcessingStep,
    clip_process,
)
from fairwitness.footage.processing.probe import ProbeLimits, VideoProbe, probe
from fairwitness.footage.processing.thumbnail import (
    Thumbnail,
    thumbnail,
    thumbnail_from_frame,
    thumbnail_time,
)

__all__ = [
    "STEPS",
    "AudioOutcome",
    "ClipProcessingFailed",
    "ClipRejectCode",
    "ClipRejected",
    "DecodeReport",
    "NormaliseMode",
    "NormaliseResult",
    "ProbeLimits",
    "ProcessedClip",
    "ProcessingStep",
    "Thumbnail",
    "VideoProbe",
    "browser_ready",
    "clip_process",
    "decode_check",
    "keyframe_at_or_before",
    "keyframes_sampled",
    "normalise",
    "normalise_mode",
    "probe",
    "thumbnail",
    "thumbnail_from_frame",
    "thumbnail_time",
]
