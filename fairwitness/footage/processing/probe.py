"""Step 1: probe an uploaded file and decide whether it is an acceptable video.

What is checked, and from what:

- the container and codecs FFmpeg finds. The file is opened without decoding
  (FFmpeg would otherwise decode a frame only to learn the pixel format);
  what the headers claim is then checked against the data;
- every packet of every stream is demuxed: each must lie inside the file,
  together they must not hold more bytes than the file, the video's decode
  timestamps must never go backwards, and length-prefixed H.264/HEVC packets
  must be well-formed sequences of NAL units (structure.py);
- the first frames are decoded in the same pass. The pixel format and size
  reported are those of the decoded frames, not the headers' claims.

Decoding keyframes spread through the clip is decode.py's step.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.error

from fairwitness.footage.processing.errors import ClipRejectCode, ClipRejected
from fairwitness.footage.processing.structure import mp4_layout, nal_framing, nal_framing_error

# Container formats (FFmpeg demuxer names) a camera or Frigate produces. Anything
# else FFmpeg might recognise (images, subtitles, ANSI art...) is refused.
MP4_DEMUXER = "mov,mp4,m4a,3gp,3g2,mj2"
ACCEPTED_CONTAINERS = frozenset({MP4_DEMUXER, "matroska,webm", "avi", "mpegts"})
ACCEPTED_VIDEO_CODECS = frozenset(
    {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "mjpeg", "mpeg2video"}
)
RE_UPLOAD_HINT = "Upload the complete clip file again."
DAMAGED_HINT = "Export the clip from the camera again."
# Stream information from the headers only; the frames decoded below are the truth.
OPEN_OPTIONS = {"skip_frame": "all"}
# Validation decodes skip the deblocking filter: it smooths pictures and
# cannot fail, so it only costs time (about a quarter of an intra picture's).
VALIDATION_DECODER_OPTIONS = {"skip_loop_filter": "all"}


@dataclass(frozen=True, slots=True)
class ProbeLimits:
    """Bounds that keep a hostile file from tying up a worker, and the decode sample.

    ``sample_frames``: frames decoded from the first keyframe on, by probe.
    ``sample_keyframes``: further keyframes decode_check decodes, spread
    evenly through the clip and always including the last one.
    """

    min_side: int = 16
    max_width: int = 7680
    max_height: int = 4320
    max_duration_s: float = 3600.0
    max_fps: float = 240.0
    sample_frames: int = 3
    sample_keyframes: int = 4


DEFAULT_LIMITS = ProbeLimits()


# The version of VideoProbe.as_json's output: bump it when a field changes meaning.
FACTS_VERSION = 1


@dataclass(frozen=True, slots=True)
class VideoProbe:
    """Facts about an accepted clip, read from the bytes, not from headers alone.

    ``packet_count`` is the number of video packets actually demuxed, which is
    the frame count for the codecs accepted here. ``pix_fmt``, ``width`` and
    ``height`` are those of the decoded frames. ``keyframe_pts`` lists the
    keyframe packets' timestamps in ``time_base`` units. ``moov_first`` and
    ``browser_brand`` describe an MP4's box layout (False for other
    containers); ``other_streams`` counts streams besides the first video and
    audio ones; ``packets_without_dts`` counts video packets MP4 could not hold.
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
    keyframe_pts: tuple[int, ...] = ()
    time_base: Fraction | None = None
    other_streams: int = 0
    moov_first: bool = False
    browser_brand: bool = False
    packets_without_dts: int = 0

    def as_json(self) -> dict[str, Any]:
        """These facts as JSON-ready values, for ``from_json`` in another process."""
        data: dict[str, Any] = {field.name: getattr(self, field.name) for field in fields(self)}
        data["keyframe_pts"] = list(self.keyframe_pts)
        if self.time_base is not None:
            data["time_base"] = [self.time_base.numerator, self.time_base.denominator]
        data["version"] = FACTS_VERSION
        return data

    @classmethod
    def from_json(cls, data: object) -> VideoProbe:
        """The facts ``as_json`` wrote; ValueError unless ``data`` holds exactly them.

        A missing or extra field (facts written by another version) is refused
        rather than filled with a default, so the caller probes again instead.
        """
        names = {field.name for field in fields(cls)}
        if not isinstance(data, dict) or data.get("version") != FACTS_VERSION:
            raise ValueError("not probe facts of this version")
        values = {key: value for key, value in data.items() if key != "version"}
        if set(values) != names:
            raise ValueError(f"probe facts hold {sorted(values)}, expected {sorted(names)}")
        stamps, base = values["keyframe_pts"], values["time_base"]
        if not isinstance(stamps, list) or not all(type(stamp) is int for stamp in stamps):
            raise ValueError("keyframe_pts must be a list of integers")
        values["keyframe_pts"] = tuple(stamps)
        if base is not None:
            try:
                numerator, denominator = base
                values["time_base"] = Fraction(int(numerator), int(denominator))
            except (TypeError, ZeroDivisionError) as error:
                raise ValueError(
                    f"time_base must be [numerator, denominator], not {base!r}"
                ) from error
        return cls(**values)


@dataclass(slots=True)
class _Demuxed:
    packets: int = 0
    first_pts: int | None = None
    end_pts: int | None = None
    without_dts: int = 0
    fed: int = 0
    frame: av.VideoFrame | None = None
    malformed: str | None = None


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


def _dimensions_check(width: int, height: int, limits: ProbeLimits) -> None:
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


def probe(path: Path, *, limits: ProbeLimits = DEFAULT_LIMITS) -> VideoProbe:
    """Validate the file at ``path`` and describe its video.

    Input: a local file. Output: VideoProbe. One pass over the file: every
    packet demuxed and checked (see the module docstring), the first
    ``limits.sample_frames`` frames decoded. Errors: ClipRejected with code
    EMPTY, NOT_VIDEO, UNSUPPORTED, NO_VIDEO_STREAM, TRUNCATED, CORRUPT,
    DIMENSIONS or DURATION. The file is never modified.
    """
    size = path.stat().st_size
    if size == 0:
        raise _reject(ClipRejectCode.EMPTY, "The file is empty. Upload the clip again.")
    try:
        container = av.open(str(path), mode="r", options=OPEN_OPTIONS)
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
        declared_width, declared_height = stream.codec_context.width, stream.codec_context.height
        if declared_width or declared_height:
            _dimensions_check(declared_width, declared_height, limits)
        declared_frames = stream.frames
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
        other_streams = len(container.streams) - 1 - (1 if audio else 0)
        keyframes: list[int] = []
        demuxed = _demux_all(container, stream, size, limits, keyframes)
        duration = _duration(container, stream, demuxed.first_pts, demuxed.end_pts)
        if declared_frames and demuxed.packets < declared_frames:
            raise _reject(
                ClipRejectCode.TRUNCATED,
                f"The file holds {demuxed.packets} of the {declared_frames} frames its "
                f"index lists, so the upload was cut off. {RE_UPLOAD_HINT}",
            )
        if demuxed.malformed is not None:
            raise _reject(
                ClipRejectCode.CORRUPT,
                f"The video is damaged ({demuxed.malformed}). {DAMAGED_HINT}",
            )
        if demuxed.packets == 0 or not 0 < duration <= limits.max_duration_s:
            raise _reject(
                ClipRejectCode.DURATION,
                f"The clip lasts {duration:.1f} s; accepted clips last more than 0 s "
                f"and at most {limits.max_duration_s:.0f} s.",
            )
        declared_rate = stream.average_rate or stream.guessed_rate
        fps = demuxed.packets / duration if demuxed.packets > 1 else float(declared_rate or 0)
        if not 0 < fps <= limits.max_fps:
            raise _reject(
                ClipRejectCode.CORRUPT,
                f"The clip claims {fps:.0f} frames per second, which is not plausible.",
            )
        time_base = stream.time_base
    frame = demuxed.frame
    if frame is None:
        raise _reject(
            ClipRejectCode.CORRUPT,
            f"The video's first frames cannot be decoded; the file is damaged. {DAMAGED_HINT}",
        )
    _dimensions_check(frame.width, frame.height, limits)
    layout = mp4_layout(path) if container.format.name == MP4_DEMUXER else None
    return VideoProbe(
        container=container.format.name,
        video_codec=codec,
        pix_fmt=frame.format.name,
        width=frame.width,
        height=frame.height,
        fps=fps,
        duration_s=duration,
        packet_count=demuxed.packets,
        audio_codec=audio,
        size_bytes=size,
        keyframe_pts=tuple(keyframes),
        time_base=time_base,
        other_streams=other_streams,
        moov_first=layout is not None and layout.moov_first,
        browser_brand=layout is not None and layout.browser_brand,
        packets_without_dts=demuxed.without_dts,
    )


def _demux_all(
    container: av.container.InputContainer,
    stream: av.VideoStream,
    size: int,
    limits: ProbeLimits,
    keyframes: list[int],
) -> _Demuxed:
    """Demux every packet once, check it, and decode the first frames on the way.

    Appends the video keyframes' timestamps to ``keyframes``.
    """
    budget = int(limits.max_duration_s * limits.max_fps) + 1
    framing = nal_framing(stream.codec_context.name, stream.codec_context.extradata)
    stream.codec_context.options = dict(VALIDATION_DECODER_OPTIONS)
    state = _Demuxed()
    total_bytes = 0
    last_dts: int | None = None
    try:
        for packet in container.demux():
            if packet.size == 0:  # each stream's end-of-stream marker
                continue
            if packet.pos is not None and packet.pos >= 0 and packet.pos + packet.size > size:
                raise _reject(
                    ClipRejectCode.TRUNCATED,
                    f"The file ends in the middle of a frame. {RE_UPLOAD_HINT}",
                )
            total_bytes += packet.size
            if packet.stream.index != stream.index:
                continue
            state.packets += 1
            if state.packets > budget:
                raise _reject(
                    ClipRejectCode.DURATION,
                    "The clip has more frames than the longest accepted clip could hold.",
                )
            if packet.dts is None:
                state.without_dts += 1
            elif last_dts is not None and packet.dts < last_dts:
                raise _reject(
                    ClipRejectCode.CORRUPT,
                    f"The video's timestamps run backwards; the file is damaged. {DAMAGED_HINT}",
                )
            else:
                last_dts = packet.dts
            stamp = packet.pts if packet.pts is not None else packet.dts
            if stamp is not None:
                state.first_pts = stamp if state.first_pts is None else min(state.first_pts, stamp)
                end = stamp + (packet.duration or 0)
                state.end_pts = end if state.end_pts is None else max(state.end_pts, end)
                if packet.is_keyframe:
                    keyframes.append(stamp)
            if framing is not None:
                with memoryview(packet) as view:
                    problem = nal_framing_error(framing, view)
                if problem is not None and state.malformed is None:
                    # Reported after the truncation checks: a cut file's last
                    # packet is malformed too, and "cut off" is the better answer.
                    state.malformed = f"frame {state.packets} is malformed: {problem}"
            if state.fed < limits.sample_frames and (state.fed or packet.is_keyframe):
                _sample_decode(stream, packet, state, flush=state.fed + 1 == limits.sample_frames)
    except (av.error.FFmpegError, ValueError):
        raise _reject(
            ClipRejectCode.TRUNCATED,
            f"The file could not be read to its end. {RE_UPLOAD_HINT}",
        ) from None
    if 0 < state.fed < limits.sample_frames:
        _sample_decode(stream, None, state, flush=True)
    if total_bytes > size:
        raise _reject(
            ClipRejectCode.CORRUPT,
            "The file's index lists more media bytes than the file holds; it is damaged. "
            f"{DAMAGED_HINT}",
        )
    return state


def _sample_decode(
    stream: av.VideoStream, packet: av.Packet | None, state: _Demuxed, *, flush: bool
) -> None:
    """Decode one packet of the first-frames sample (and drain the decoder at its end)."""
    try:
        frames = stream.codec_context.decode(packet) if packet is not None else []
        if packet is not None:
            state.fed += 1
        if flush:
            frames += stream.codec_context.decode(None)
    except (av.error.FFmpegError, ValueError):
        raise _reject(
            ClipRejectCode.CORRUPT,
            f"The video's first frames cannot be decoded; the file is damaged. {DAMAGED_HINT}",
        ) from None
    for frame in frames:
        if isinstance(frame, av.VideoFrame) and state.frame is None:
            state.frame = frame


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
