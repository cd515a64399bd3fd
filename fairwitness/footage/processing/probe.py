"""Step 1: probe an uploaded file and decide whether it is an acceptable video."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error

from fairwitness.footage.processing.errors import ClipRejectCode, ClipRejected

# Container formats (FFmpeg demuxer names) a camera or Frigate produces. Anything
# else FFmpeg might recognise (images, subtitles, ANSI art...) is refused.
ACCEPTED_CONTAINERS = frozenset({"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts"})
ACCEPTED_VIDEO_CODECS = frozenset(
    {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mjpeg", "mpeg2video"}
)
RE_UPLOAD_HINT = "Upload the complete clip file again."


@dataclass(frozen=True, slots=True)
class ProbeLimits:
    """Bounds that keep a hostile file from tying up a worker."""

    min_side: int = 16
    max_width: int = 7680
    max_height: int = 4320
    max_duration_s: float = 3600.0
    max_fps: float = 240.0
    sample_frames: int = 5


DEFAULT_LIMITS = ProbeLimits()


@dataclass(frozen=True, slots=True)
class VideoProbe:
    """Facts about an accepted clip, read from the bytes, not from headers alone.

    ``packet_count`` is the number of video packets actually demuxed, which is
    the frame count for the codecs accepted here.
    """

    container: str
    video_codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    duration_s: float
    packet_count: int
    audio_codec: str | None
    size_bytes: int


def _reject(code: ClipRejectCode, message: str) -> ClipRejected:
    return ClipRejected(code, message)


def _open_failure(path: Path) -> ClipRejected:
    with path.open("rb") as handle:
        head = handle.read(12)
    if head[4:8] == b"ftyp":
        return _reject(
            ClipRejectCode.TRUNCATED,
            "The file starts like an MP4 but its index is missing, so the upload "
            f"was probably cut off. {RE_UPLOAD_HINT}",
        )
    return _reject(
        ClipRejectCode.NOT_VIDEO,
        "The file is not a video this server can read. Upload an MP4, WebM, MKV, AVI "
        "or MPEG-TS clip.",
    )


def probe(path: Path, *, limits: ProbeLimits = DEFAULT_LIMITS) -> VideoProbe:
    """Validate the file at ``path`` and describe its video.

    Input: a local file. Output: VideoProbe. Demuxes every video packet (cheap,
    no decoding) to catch truncation, and decodes the first few frames.
    Errors: ClipRejected with code EMPTY, NOT_VIDEO, UNSUPPORTED,
    NO_VIDEO_STREAM, TRUNCATED, CORRUPT, DIMENSIONS or DURATION. The file is
    never modified.
    """
    size = path.stat().st_size
    if size == 0:
        raise _reject(ClipRejectCode.EMPTY, "The file is empty. Upload the clip again.")
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, ValueError):
        raise _open_failure(path) from None
    with container:
        if container.format.name not in ACCEPTED_CONTAINERS:
            raise _reject(
                ClipRejectCode.UNSUPPORTED,
                f"Files of type '{container.format.name}' are not accepted. Upload an "
                "MP4, WebM, MKV, AVI or MPEG-TS clip.",
            )
        if not container.streams.video:
            raise _reject(
                ClipRejectCode.NO_VIDEO_STREAM,
                "The file has no video track. Upload a video clip.",
            )
        stream = container.streams.video[0]
        codec = stream.codec_context.name
        if codec not in ACCEPTED_VIDEO_CODECS:
            raise _reject(
                ClipRejectCode.UNSUPPORTED,
                f"Video encoded as '{codec}' is not accepted. Use H.264, H.265, VP8, "
                "VP9, AV1 or MPEG-4.",
            )
        width, height = stream.codec_context.width, stream.codec_context.height
        if not (
            limits.min_side <= width <= limits.max_width
            and limits.min_side <= height <= limits.max_height
        ):
            raise _reject(
                ClipRejectCode.DIMENSIONS,
                f"The video is {width}x{height} pixels; accepted sizes are "
                f"{limits.min_side}x{limits.min_side} to {limits.max_width}x"
                f"{limits.max_height}.",
            )
        declared_frames = stream.frames
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
        packets, first_pts, end_pts = _demux_all(container, stream, size, limits)
        duration = _duration(container, stream, first_pts, end_pts)
        if declared_frames and packets < declared_frames:
            raise _reject(
                ClipRejectCode.TRUNCATED,
                f"The file holds {packets} of the {declared_frames} frames its index "
                f"lists, so the upload was cut off. {RE_UPLOAD_HINT}",
            )
        if packets == 0 or not 0 < duration <= limits.max_duration_s:
            raise _reject(
                ClipRejectCode.DURATION,
                f"The clip lasts {duration:.1f} s; accepted clips last more than 0 s "
                f"and at most {limits.max_duration_s:.0f} s.",
            )
        fps = float(stream.average_rate or stream.guessed_rate or Fraction(packets) / duration)
        if not 0 < fps <= limits.max_fps:
            raise _reject(
                ClipRejectCode.CORRUPT,
                f"The clip claims {fps:.0f} frames per second, which is not plausible.",
            )
        pix_fmt = stream.codec_context.pix_fmt or ""
    _decode_sample(path, limits.sample_frames)
    return VideoProbe(
        container=container.format.name,
        video_codec=codec,
        pix_fmt=pix_fmt,
        width=width,
        height=height,
        fps=fps,
        duration_s=duration,
        packet_count=packets,
        audio_codec=audio,
        size_bytes=size,
    )


def _demux_all(
    container: av.container.InputContainer,
    stream: av.VideoStream,
    size: int,
    limits: ProbeLimits,
) -> tuple[int, int | None, int | None]:
    """Return (packet count, first pts, end pts) in stream time base units."""
    budget = int(limits.max_duration_s * limits.max_fps) + 1
    packets = 0
    first_pts: int | None = None
    end_pts: int | None = None
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            if packet.pos is not None and packet.pos >= 0 and packet.pos + packet.size > size:
                raise _reject(
                    ClipRejectCode.TRUNCATED,
                    f"The file ends in the middle of a frame. {RE_UPLOAD_HINT}",
                )
            packets += 1
            if packets > budget:
                raise _reject(
                    ClipRejectCode.DURATION,
                    "The clip has more frames than the longest accepted clip could hold.",
                )
            if packet.pts is not None:
                first_pts = packet.pts if first_pts is None else min(first_pts, packet.pts)
                end = packet.pts + (packet.duration or 0)
                end_pts = end if end_pts is None else max(end_pts, end)
    except (av.error.FFmpegError, ValueError):
        raise _reject(
            ClipRejectCode.TRUNCATED,
            f"The file could not be read to its end. {RE_UPLOAD_HINT}",
        ) from None
    return packets, first_pts, end_pts


def _duration(
    container: av.container.InputContainer,
    stream: av.VideoStream,
    first_pts: int | None,
    end_pts: int | None,
) -> float:
    """Seconds from the demuxed packets, else the stream's or container's claim."""
    if first_pts is not None and end_pts is not None and stream.time_base:
        measured = float((end_pts - first_pts) * stream.time_base)
        if measured > 0:
            return measured
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _decode_sample(path: Path, frames: int) -> None:
    """Decode the first ``frames`` frames; raise CORRUPT if none or any fails."""
    decoded = 0
    try:
        with av.open(str(path)) as container:
            for _frame in container.decode(video=0):
                decoded += 1
                if decoded >= frames:
                    break
    except (av.error.FFmpegError, ValueError):
        decoded = -1
    if decoded <= 0:
        raise _reject(
            ClipRejectCode.CORRUPT,
            "The video's first frames cannot be decoded; the file is damaged. "
            "Export the clip from the camera again.",
        )
