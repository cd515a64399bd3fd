"""Burning a visible watermark into every frame of a clip (PyAV decode/encode, OpenCV text).

Contract of ``watermark_burn``: reads an MP4/MOV at ``source``, writes an H.264 MP4 at
``target`` with the same frame count, size and rate, every frame carrying ``lines`` in
a dark band at the top-left. Raises WatermarkError (nothing usable written) if the
source has no video stream or cannot be decoded.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np


class WatermarkError(Exception):
    pass


def _draw(image: np.ndarray, lines: list[str]) -> np.ndarray:
    height, width = image.shape[:2]
    scale = max(0.35, min(width, height) / 480)
    thickness = max(1, round(scale * 1.5))
    step = int(22 * scale) + 4
    band = step * len(lines) + 6
    image[:band, :] = (image[:band, :] * 0.35).astype(np.uint8)
    for row, text in enumerate(lines):
        origin = (6, step * (row + 1))
        cv2.putText(
            image, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thickness
        )
    return image


def watermark_burn(*, source: Path, target: Path, lines: list[str]) -> int:
    """Returns the number of frames written."""
    try:
        with av.open(str(source)) as container:
            if not container.streams.video:
                raise WatermarkError("the clip has no video stream")
            stream_in = container.streams.video[0]
            rate = stream_in.average_rate or Fraction(15)
            written = 0
            with av.open(str(target), mode="w", format="mp4") as output:
                stream_out = output.add_stream("libx264", rate=rate)
                assert isinstance(stream_out, av.VideoStream)
                stream_out.width = stream_in.codec_context.width
                stream_out.height = stream_in.codec_context.height
                stream_out.pix_fmt = "yuv420p"
                for frame in container.decode(stream_in):
                    image = _draw(frame.to_ndarray(format="bgr24"), lines)
                    marked = av.VideoFrame.from_ndarray(image, format="bgr24")
                    for packet in stream_out.encode(marked):
                        output.mux(packet)
                    written += 1
                for packet in stream_out.encode(None):
                    output.mux(packet)
    except av.error.FFmpegError as exc:
        raise WatermarkError(f"the clip could not be decoded: {exc}") from exc
    if written == 0:
        raise WatermarkError("the clip has no frames")
    return written
