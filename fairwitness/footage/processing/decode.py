"""Step 2: decode the video to prove its frames are intact."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import av.error

from fairwitness.footage.processing.errors import ClipRejectCode, ClipRejected


@dataclass(frozen=True, slots=True)
class DecodeReport:
    """``complete`` is False when decoding stopped at ``max_frames``."""

    frames_decoded: int
    complete: bool


def decode_check(path: Path, *, max_frames: int | None = None) -> DecodeReport:
    """Decode every video frame of ``path`` (or the first ``max_frames``).

    Input: a file that passed ``probe``. Output: DecodeReport. Errors:
    ClipRejected(CORRUPT) when the decoder reports damaged data or yields no
    frame at all. FFmpeg conceals small glitches silently; this catches what
    it cannot conceal, which is what would break playback.
    """
    decoded = 0
    try:
        with av.open(str(path)) as container:
            for _frame in container.decode(video=0):
                decoded += 1
                if max_frames is not None and decoded >= max_frames:
                    return DecodeReport(frames_decoded=decoded, complete=False)
    except (av.error.FFmpegError, ValueError):
        raise ClipRejected(
            ClipRejectCode.CORRUPT,
            f"The video is damaged after frame {decoded}; it cannot be played. "
            "Export the clip from the camera again.",
            detail={"frames_decoded": decoded},
        ) from None
    if decoded == 0:
        raise ClipRejected(
            ClipRejectCode.CORRUPT,
            "No frame of the video could be decoded. Export the clip from the camera again.",
        )
    return DecodeReport(frames_decoded=decoded, complete=True)
