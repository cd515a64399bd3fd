"""Step 3: produce a browser-playable MP4 (H.264 yuv420p, faststart)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

import av
import av.error

from fairwitness.footage.processing.errors import ClipProcessingFailed
from fairwitness.footage.processing.probe import MP4_DEMUXER, VideoProbe

# Containers whose H.264 packets the MP4 muxer can copy as they are. Matroska
# is left out: it omits decode timestamps around B-frames, which MP4 requires.
REMUXABLE_CONTAINERS = frozenset({MP4_DEMUXER})
# "faststart" rewrites the file so the moov index precedes mdat: a browser can
# start playing and seeking before it has the whole file.
MP4_OPTIONS = {"movflags": "+faststart"}
X264_OPTIONS = {"preset": "veryfast", "crf": "23"}


class _RemuxNotPossible(Exception):
    """A packet lacks what MP4 needs; the caller transcodes instead."""


class NormaliseMode(StrEnum):
    KEEP = "keep"
    REMUX = "remux"
    TRANSCODE = "transcode"


class AudioOutcome(StrEnum):
    NONE = "none"
    COPIED = "copied"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class NormaliseResult:
    path: Path
    mode: NormaliseMode
    audio: AudioOutcome
    video_packets: int


def browser_ready(probe_result: VideoProbe) -> bool:
    """True when the upload already is what a remux would make, so it is stored as is.

    Every fact comes from the file's bytes: the box layout (an ISO/MP4 brand,
    the index before the media data), the decoded pictures (H.264, yuv420p),
    and the demuxed packets (each with a decode timestamp). AAC or no audio,
    and no other track (a remux would drop it).
    """
    return (
        probe_result.container == MP4_DEMUXER
        and probe_result.browser_brand
        and probe_result.moov_first
        and probe_result.video_codec == "h264"
        and probe_result.pix_fmt == "yuv420p"
        and probe_result.audio_codec in (None, "aac")
        and probe_result.other_streams == 0
        and probe_result.packets_without_dts == 0
    )


def normalise_mode(probe_result: VideoProbe) -> NormaliseMode:
    """KEEP a browser-ready upload; REMUX other H.264 yuv420p MP4s; else TRANSCODE."""
    if browser_ready(probe_result):
        return NormaliseMode.KEEP
    if (
        probe_result.video_codec == "h264"
        and probe_result.pix_fmt == "yuv420p"
        and probe_result.container in REMUXABLE_CONTAINERS
    ):
        return NormaliseMode.REMUX
    return NormaliseMode.TRANSCODE


def normalise(src: Path, dst: Path, *, probe_result: VideoProbe) -> NormaliseResult:
    """Make ``src`` a faststart MP4 a browser can play; ``result.path`` is that file.

    Input: a file that passed ``probe`` and ``decode_check``, its VideoProbe,
    and a destination path (overwritten). Output: NormaliseResult. A
    browser-ready upload is kept: ``result.path`` is ``src`` itself and
    ``dst`` is not written (no copy of the bytes is made). Remuxing
    copies every video packet unchanged (falling back to a transcode if a
    packet has no decode timestamp); transcoding encodes H.264 yuv420p
    (libx264, CRF 23) at even dimensions, keeping frame timestamps. AAC audio
    is copied; other audio is dropped rather than re-encoded.
    Errors: ClipProcessingFailed if FFmpeg fails (``dst`` is then removed).
    """
    mode = normalise_mode(probe_result)
    if mode is NormaliseMode.KEEP:
        audio = AudioOutcome.COPIED if probe_result.audio_codec else AudioOutcome.NONE
        return NormaliseResult(
            path=src, mode=mode, audio=audio, video_packets=probe_result.packet_count
        )
    try:
        if mode is NormaliseMode.REMUX:
            try:
                audio, packets = _remux(src, dst)
            except _RemuxNotPossible:
                mode = NormaliseMode.TRANSCODE
        if mode is NormaliseMode.TRANSCODE:
            audio, packets = _transcode(src, dst)
    except (av.error.FFmpegError, ValueError) as error:
        dst.unlink(missing_ok=True)
        raise ClipProcessingFailed(
            "The clip could not be converted to a playable video. It was kept "
            "unprocessed; try again later.",
            detail={"mode": str(mode), "ffmpeg": type(error).__name__},
        ) from error
    return NormaliseResult(path=dst, mode=mode, audio=audio, video_packets=packets)


def _remux(src: Path, dst: Path) -> tuple[AudioOutcome, int]:
    with (
        av.open(str(src)) as source,
        av.open(str(dst), mode="w", format="mp4", options=MP4_OPTIONS) as target,
    ):
        video_in = source.streams.video[0]
        streams: dict[int, av.stream.Stream] = {
            video_in.index: target.add_stream_from_template(video_in)
        }
        audio = AudioOutcome.NONE
        if source.streams.audio:
            audio_in = source.streams.audio[0]
            if audio_in.codec_context.name == "aac":
                streams[audio_in.index] = target.add_stream_from_template(audio_in)
                audio = AudioOutcome.COPIED
            else:
                audio = AudioOutcome.DROPPED
        packets = 0
        for packet in source.demux(*[source.streams[i] for i in streams]):
            # The demuxer ends each stream with an empty flush packet.
            if packet.size == 0:
                continue
            if packet.dts is None:
                # Dropping it could drop a keyframe and leave nothing decodable.
                raise _RemuxNotPossible
            is_video = packet.stream.index == video_in.index
            packet.stream = streams[packet.stream.index]
            target.mux(packet)
            packets += is_video
    return audio, packets


def _transcode(src: Path, dst: Path) -> tuple[AudioOutcome, int]:
    with (
        av.open(str(src)) as source,
        av.open(str(dst), mode="w", format="mp4", options=MP4_OPTIONS) as target,
    ):
        video_in = source.streams.video[0]
        rate: Fraction | int = video_in.average_rate or video_in.guessed_rate or 30
        video_out = target.add_stream("libx264", rate=rate, options=X264_OPTIONS)
        # yuv420p subsamples chroma 2x2, so H.264 needs even dimensions.
        width = video_in.codec_context.width // 2 * 2
        height = video_in.codec_context.height // 2 * 2
        video_out.width, video_out.height, video_out.pix_fmt = width, height, "yuv420p"
        if video_in.time_base is not None:
            # Encode in the source's time base so frame timestamps carry over as is.
            video_out.codec_context.time_base = video_in.time_base
        audio = AudioOutcome.DROPPED if source.streams.audio else AudioOutcome.NONE
        audio_out = None
        if source.streams.audio and source.streams.audio[0].codec_context.name == "aac":
            audio_out = target.add_stream_from_template(source.streams.audio[0])
            audio = AudioOutcome.COPIED
        packets = 0
        wanted = [video_in] + ([source.streams.audio[0]] if audio_out is not None else [])
        for packet in source.demux(*wanted):
            if audio_out is not None and packet.stream.index != video_in.index:
                if packet.dts is not None and packet.size:
                    packet.stream = audio_out
                    target.mux(packet)
                continue
            for frame in packet.decode():
                if not isinstance(frame, av.VideoFrame):
                    continue
                out_frame = frame.reformat(width=width, height=height, format="yuv420p")
                out_frame.pts, out_frame.time_base = frame.pts, frame.time_base
                for encoded in video_out.encode(out_frame):
                    target.mux(encoded)
                    packets += 1
        for encoded in video_out.encode(None):
            target.mux(encoded)
            packets += 1
    return audio, packets
