"""Synthetic camera footage with known motion, written with PyAV (used by tests and benchmarks).

The background is static (a gradient with a few fixed shapes); during each Segment a bright
square crosses its region from left to right. Everything else is still, so the ground truth of
"when is there motion" is exactly the list of segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Segment:
    """Motion from `start` to `end` seconds, inside the normalised box (x0, y0, x1, y1)."""

    start: float
    end: float
    region: tuple[float, float, float, float] = (0.1, 0.3, 0.9, 0.7)


def background_make(width: int, height: int) -> npt.NDArray[np.uint8]:
    """A static BGR scene: a dim gradient, a grey 'house' and a white 'window' top-left."""
    ramp = np.linspace(40, 110, width, dtype=np.float32)
    image = np.repeat(np.repeat(ramp[None, :, None], height, axis=0), 3, axis=2).astype(np.uint8)
    cv2.rectangle(image, (width // 2, height // 2), (width * 3 // 4, height - 1), (90, 90, 90), -1)
    cv2.rectangle(image, (0, 0), (width // 5, height // 4), (255, 255, 255), -1)
    return image


def frame_make(
    background: npt.NDArray[np.uint8], t: float, segments: list[Segment], square: float
) -> npt.NDArray[np.uint8]:
    """The scene at time t: the background plus the square of any active segment."""
    image = background.copy()
    height, width = image.shape[:2]
    size = max(4, int(square * height))
    for seg in segments:
        if seg.start <= t < seg.end:
            x0, y0, x1, y1 = seg.region
            progress = (t - seg.start) / (seg.end - seg.start)
            cx = int((x0 + (x1 - x0) * progress) * width)
            cy = int((y0 + y1) / 2 * height)
            top_left = (max(0, cx - size // 2), max(0, cy - size // 2))
            bottom_right = (min(width - 1, cx + size // 2), min(height - 1, cy + size // 2))
            cv2.rectangle(image, top_left, bottom_right, (250, 250, 250), -1)
    return image


def video_write(
    path: Path,
    *,
    duration: float,
    segments: list[Segment],
    width: int = 320,
    height: int = 240,
    fps: int = 15,
    square: float = 0.12,
    crf: int = 20,
) -> Path:
    """Write an H.264 MP4 of the scene; frame n is shown at n / fps seconds."""
    background = background_make(width, height)
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream(
            "libx264", rate=fps, options={"crf": str(crf), "preset": "veryfast"}
        )
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        for n in range(round(duration * fps)):
            image = frame_make(background, n / fps, segments, square)
            frame = av.VideoFrame.from_ndarray(image, format="bgr24")
            frame.pts, frame.time_base = n, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def clip_decode(path: Path) -> tuple[list[float], list[npt.NDArray[np.uint8]]]:
    """Decode a clip: frame times (s, from the clip's start) and RGB frames."""
    times: list[float] = []
    images: list[npt.NDArray[np.uint8]] = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            times.append(float(frame.time or 0.0))
            images.append(np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8))
    return times, images
