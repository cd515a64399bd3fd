"""Step 4: a small JPEG still of the clip for lists and the player poster."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import av.error
import cv2

from fairwitness.footage.processing.errors import ClipProcessingFailed

JPEG_QUALITY = 80


@dataclass(frozen=True, slots=True)
class Thumbnail:
    path: Path
    width: int
    height: int
    at_s: float


def thumbnail(
    src: Path, dst: Path, *, duration_s: float, width: int = 320, at_s: float = 1.0
) -> Thumbnail:
    """Write a JPEG of the frame at ``at_s`` seconds, or the middle of a shorter clip.

    Input: a decodable video (normally the normalised MP4) and its duration.
    Output: Thumbnail; the image is ``width`` pixels wide with the video's
    aspect ratio (height rounded to even). Errors: ClipProcessingFailed if no
    frame can be decoded or the JPEG cannot be written.
    """
    target = min(at_s, duration_s / 2)
    try:
        image = _frame_at(src, target)
    except (av.error.FFmpegError, ValueError) as error:
        raise ClipProcessingFailed(
            "The clip's preview image could not be made.", detail={"step": "thumbnail"}
        ) from error
    if image is None:
        raise ClipProcessingFailed(
            "The clip has no frame to make a preview image from.", detail={"step": "thumbnail"}
        )
    source_height, source_width = image.shape[:2]
    height = max(2, round(source_height * width / source_width / 2) * 2)
    scaled = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", scaled, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ClipProcessingFailed(
            "The clip's preview image could not be encoded.", detail={"step": "thumbnail"}
        )
    dst.write_bytes(encoded.tobytes())
    return Thumbnail(path=dst, width=width, height=height, at_s=target)


def _frame_at(src: Path, seconds: float) -> cv2.typing.MatLike | None:
    """BGR pixels of the first frame at or after ``seconds`` (else the last frame)."""
    with av.open(str(src)) as container:
        stream = container.streams.video[0]
        if stream.time_base and seconds > 0:
            # Seeking lands on the keyframe before the target; decode forward.
            container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            last = frame
            if frame.time is None or frame.time >= seconds:
                break
        if last is None:
            return None
        return last.to_ndarray(format="bgr24")
