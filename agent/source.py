"""Camera sources read with PyAV: RTSP, HTTP(S), V4L2 devices and files.

Live sources (everything but a file) reconnect with backoff whenever opening fails, the stream
errors out or it ends, until the caller sets the stop event. A file source ends at its end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import av
import av.container
import numpy as np
import numpy.typing as npt

from agent.backoff import Backoff

log = logging.getLogger("agent.source")

# Open/read timeouts in seconds: a camera that stops sending must not hang the agent forever.
OPEN_TIMEOUT = 10.0
READ_TIMEOUT = 10.0
# A live stream's timestamps are re-anchored to the wall clock when they drift this far (seconds),
# e.g. after a camera reboot resets its clock.
MAX_DRIFT = 2.0


class SourceKind(StrEnum):
    RTSP = "source:kind:rtsp"
    HTTP = "source:kind:http"
    V4L2 = "source:kind:v4l2"
    FILE = "source:kind:file"


class SourceError(RuntimeError):
    """A source that cannot be read at all (e.g. a missing file)."""


@dataclass(frozen=True)
class SourceSpec:
    url: str
    kind: SourceKind

    @property
    def live(self) -> bool:
        return self.kind is not SourceKind.FILE


@dataclass(frozen=True)
class Frame:
    """A decoded yuv420p frame with even dimensions and its wall-clock time (epoch seconds).

    `video` belongs to the decoder and may still be a reference picture for later frames, so
    it is never written to: `luma` is a read-only view for motion detection (no copy, which
    matters at 1080p), and `to_yuv420p()` returns a private copy to burn zones into.
    """

    wall_time: float
    video: av.VideoFrame

    @property
    def width(self) -> int:
        return int(self.video.width)

    @property
    def height(self) -> int:
        return int(self.video.height)

    @property
    def luma(self) -> npt.NDArray[np.uint8]:
        plane = self.video.planes[0]
        rows = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(
            self.height, plane.line_size
        )
        view = rows[:, : self.width]
        view.flags.writeable = False
        return view

    def to_yuv420p(self) -> npt.NDArray[np.uint8]:
        """A contiguous copy, shape (h * 3 // 2, w): Y, then U and V, as PyAV lays them out."""
        return np.ascontiguousarray(self.video.to_ndarray(format="yuv420p"), dtype=np.uint8)


def source_spec_parse(url: str) -> SourceSpec:
    """Classify: rtsp(s)://, http(s)://, /dev/video* or v4l2:///dev/videoN, else a file path."""
    lowered = url.lower()
    if lowered.startswith(("rtsp://", "rtsps://")):
        return SourceSpec(url, SourceKind.RTSP)
    if lowered.startswith(("http://", "https://")):
        return SourceSpec(url, SourceKind.HTTP)
    if lowered.startswith("v4l2://"):
        return SourceSpec(url[len("v4l2://") :], SourceKind.V4L2)
    if lowered.startswith("/dev/video"):
        return SourceSpec(url, SourceKind.V4L2)
    if lowered.startswith("file://"):
        return SourceSpec(url[len("file://") :], SourceKind.FILE)
    return SourceSpec(url, SourceKind.FILE)


def source_open(spec: SourceSpec) -> av.container.InputContainer:
    """Open a container with options suited to the source kind."""
    options: dict[str, str] = {}
    fmt: str | None = None
    if spec.kind is SourceKind.RTSP:
        # TCP interleaving survives NAT and lossy Wi-Fi better than UDP, at a little latency.
        options = {"rtsp_transport": "tcp"}
    elif spec.kind is SourceKind.HTTP:
        options = {"reconnect": "1", "reconnect_streamed": "1"}
    elif spec.kind is SourceKind.V4L2:
        fmt = "v4l2"
    timeout = None if spec.kind is SourceKind.FILE else (OPEN_TIMEOUT, READ_TIMEOUT)
    return av.open(spec.url, mode="r", format=fmt, options=options, timeout=timeout)


class StreamClock:
    """Maps stream timestamps to wall-clock times.

    A file is anchored once at `base` (its frames may be read faster than real time). A live
    stream is anchored at the wall clock on its first frame and re-anchored when the stream's
    timeline drifts from the wall clock by more than MAX_DRIFT, so a clip's start time is that
    of the frames, not of when a burst of buffered packets happened to be decoded.
    """

    def __init__(self, *, live: bool, base: float | None, now: Callable[[], float]) -> None:
        self.live = live
        self.base = base
        self.now = now
        self._anchor: tuple[float, float] | None = None

    def wall_time(self, stream_time: float | None) -> float:
        if stream_time is None:
            return self.now()
        if self._anchor is None:
            self._anchor = (self.base if self.base is not None else self.now(), stream_time)
        wall = self._anchor[0] + (stream_time - self._anchor[1])
        if self.live and abs(wall - self.now()) > MAX_DRIFT:
            self._anchor = (self.now(), stream_time)
            wall = self._anchor[0]
        return wall


def video_frame_normalise(frame: av.VideoFrame) -> av.VideoFrame | None:
    """The frame as yuv420p with even dimensions (converting only when needed), or None for an
    empty frame. Cameras mostly send yuv420p already; MJPEG webcams send yuvj422p and such."""
    width, height = frame.width & ~1, frame.height & ~1
    if width == 0 or height == 0:
        return None
    if (width, height) != (frame.width, frame.height) or frame.format.name != "yuv420p":
        frame = frame.reformat(width=width, height=height, format="yuv420p")
    return frame


class FrameSource:
    """Iterates decoded frames from one source, reconnecting live sources with backoff.

    `base_time` anchors a file's first frame on the wall clock (default: when it is opened).
    `realtime` paces a file at its own frame rate, as if it were a camera.
    """

    def __init__(
        self,
        spec: SourceSpec,
        *,
        stop: threading.Event,
        base_time: float | None = None,
        realtime: bool = False,
        backoff: Backoff | None = None,
        opener: Callable[[SourceSpec], Any] = source_open,
        sleep: Callable[[float], Any] | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.spec = spec
        self.stop = stop
        self.base_time = base_time
        self.realtime = realtime
        self.backoff = backoff or Backoff(base=1.0, cap=30.0)
        self.opener = opener
        self.sleep = sleep or stop.wait
        self.now = now
        self.connections = 0

    def frames(self) -> Iterator[Frame]:
        while not self.stop.is_set():
            try:
                container = self.opener(self.spec)
            except (av.FFmpegError, OSError) as exc:
                if not self.spec.live:
                    raise SourceError(f"cannot open {self.spec.url}: {exc}") from exc
                self._wait_reconnect(f"cannot open source: {exc}")
                continue
            self.connections += 1
            log.info("source connected: %s (connection %d)", self.spec.url, self.connections)
            try:
                yield from self._decode(container)
            except av.FFmpegError as exc:
                if not self.spec.live:
                    raise SourceError(f"error decoding {self.spec.url}: {exc}") from exc
                log.warning("source lost: %s", exc)
            finally:
                container.close()
            if not self.spec.live:
                log.info("source ended: %s", self.spec.url)
                return
            if not self.stop.is_set():
                self._wait_reconnect("stream ended")

    def _wait_reconnect(self, reason: str) -> None:
        delay = self.backoff.next_delay()
        log.warning("%s; reconnecting in %.1f s", reason, delay)
        self.sleep(delay)

    def _decode(self, container: Any) -> Iterator[Frame]:
        stream = container.streams.video[0]
        # Frame threading keeps a 1080p decode at camera speed on a small box.
        stream.thread_type = "AUTO"
        clock = StreamClock(live=self.spec.live, base=self.base_time, now=self.now)
        started = self.now()
        first_time: float | None = None
        for av_frame in container.decode(stream):
            if self.stop.is_set():
                return
            converted = video_frame_normalise(av_frame)
            if converted is None:
                continue
            self.backoff.reset()
            stream_time = av_frame.time
            if self.realtime and stream_time is not None:
                first_time = stream_time if first_time is None else first_time
                ahead = (stream_time - first_time) - (self.now() - started)
                if ahead > 0:
                    self.sleep(ahead)
            yield Frame(wall_time=clock.wall_time(stream_time), video=converted)
