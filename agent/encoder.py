"""H.264 clip encoding with PyAV: libx264, yuv420p, MP4 with the moov atom up front."""

from __future__ import annotations

import contextlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from agent.source import Frame
from agent.zones import ZoneMask, zone_mask_apply

# Millisecond timestamps keep a live camera's variable frame timing in the clip.
TIME_BASE = Fraction(1, 1000)


class ClipWriter:
    """Encodes frames into one MP4 file, burning the privacy zones into each one first.

    The burn happens on a private copy of the frame right before it is encoded, so no pixel
    under a zone ever reaches the encoder or the disk. Contract: call `write` with
    non-decreasing wall times, then `close` exactly once. Frame
    timestamps are relative to the first frame; a frame whose millisecond timestamp would not
    advance is given the next millisecond, because MP4 needs strictly increasing timestamps.
    `faststart` moves the index to the front so a browser can start playing before the end.
    """

    def __init__(
        self,
        path: Path,
        *,
        width: int,
        height: int,
        fps: float,
        preset: str,
        crf: int,
        mask: ZoneMask,
    ) -> None:
        self.path = path
        self.mask = mask
        self.width = width
        self.height = height
        self._container = av.open(
            str(path), mode="w", format="mp4", options={"movflags": "faststart"}
        )
        rate = Fraction(round(fps * 1000), 1000) if fps > 0 else Fraction(30)
        self._stream = self._container.add_stream(
            "libx264", rate=rate, options={"preset": preset, "crf": str(crf)}
        )
        self._stream.width = width
        self._stream.height = height
        self._stream.pix_fmt = "yuv420p"
        self._stream.codec_context.time_base = TIME_BASE
        self._first: float | None = None
        self._last_pts = -1
        self.frames = 0
        self.first_time: float | None = None
        self.last_time: float | None = None

    def write(self, source: Frame) -> None:
        image = source.to_yuv420p()
        zone_mask_apply(image, self.mask)
        self.write_image(image, source.wall_time)

    def write_image(self, image: npt.NDArray[np.uint8], wall_time: float) -> None:
        """Encode an already-masked yuv420p array (h * 3 // 2, w)."""
        if self._first is None:
            self._first = wall_time
            self.first_time = wall_time
        pts = max(round((wall_time - self._first) * 1000), self._last_pts + 1)
        self._last_pts = pts
        frame = av.VideoFrame.from_ndarray(image, format="yuv420p")
        frame.pts = pts
        frame.time_base = TIME_BASE
        self._container.mux(self._stream.encode(frame))
        self.frames += 1
        self.last_time = wall_time

    def close(self) -> None:
        """Flush the encoder and finish the file (writes the moov atom)."""
        self._container.mux(self._stream.encode(None))
        self._container.close()

    def abort(self) -> None:
        """Close without caring whether the file is valid; the caller deletes it."""
        with contextlib.suppress(av.FFmpegError, OSError):
            self._container.close()
