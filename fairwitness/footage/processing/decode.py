"""Step 2: decode a sample of the video's keyframes to prove its pictures are real.

``probe`` already demuxed every packet (which catches truncation, an index
that lies about the media data and malformed NAL framing) and decoded the
first frames. This step decodes keyframes spread through the clip, always
including the last one, each checked by the decoder to be a real intra
picture. A stream whose headers lie, or whose data is garbage, fails here.

The keyframe a thumbnail will show can be decoded in the same pass and handed
back (``keep_at_s``), so the thumbnail step does not open and decode the file
again.

What sampling cannot see: damage confined to the slice data of frames that
are not decoded (a few bytes flipped inside one inter frame). Such a clip is
accepted; a player conceals the damage until the next keyframe. Pass
``every_frame=True`` for the exhaustive check (about a full playback's CPU).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import av
import av.error

from fairwitness.footage.processing.errors import ClipRejectCode, ClipRejected
from fairwitness.footage.processing.probe import (
    DEFAULT_LIMITS,
    OPEN_OPTIONS,
    VALIDATION_DECODER_OPTIONS,
    ProbeLimits,
    VideoProbe,
)

DAMAGED_HINT = "Export the clip from the camera again."


@dataclass(frozen=True, slots=True)
class DecodeReport:
    """``frames_decoded`` counts decoded pictures; ``complete`` is True when every
    frame was decoded, False for a sample of ``keyframes_checked`` keyframes.

    ``kept_frame`` is the picture of the keyframe asked for with ``keep_at_s``
    (None when none was asked for), and ``kept_at_s`` its time in seconds.
    """

    frames_decoded: int
    complete: bool
    keyframes_checked: int = 0
    kept_frame: av.VideoFrame | None = field(default=None, compare=False, repr=False)
    kept_at_s: float = 0.0


def keyframes_sampled(keyframe_pts: tuple[int, ...], count: int) -> list[int]:
    """Up to ``count`` keyframe timestamps after the first, evenly spread, the last included.

    The first keyframe is left out: probe decoded the frames that start there.
    """
    later = keyframe_pts[1:]
    if count <= 0 or not later:
        return []
    if len(later) <= count:
        return list(later)
    step = (len(later) - 1) / (count - 1) if count > 1 else 0.0
    picked = {later[round(i * step)] for i in range(count - 1)} | {later[-1]}
    return sorted(picked)


def keyframe_at_or_before(probe_result: VideoProbe, seconds: float) -> int | None:
    """The timestamp of the last keyframe at or before ``seconds``, else of the first.

    None when the probe saw no keyframe with a timestamp (or no time base).
    """
    if not probe_result.keyframe_pts or not probe_result.time_base:
        return None
    limit = seconds / probe_result.time_base
    earlier = [stamp for stamp in probe_result.keyframe_pts if stamp <= limit]
    return max(earlier) if earlier else min(probe_result.keyframe_pts)


def decode_check(
    path: Path,
    *,
    probe_result: VideoProbe,
    limits: ProbeLimits = DEFAULT_LIMITS,
    every_frame: bool = False,
    keep_at_s: float | None = None,
) -> DecodeReport:
    """Decode ``limits.sample_keyframes`` keyframes of ``path`` (or every frame).

    Input: a file that passed ``probe`` and its VideoProbe; ``keep_at_s``
    asks for the picture of the keyframe at or before that time (see
    ``keyframe_at_or_before``), which is then decoded and checked like the
    sample and returned as ``kept_frame`` (with the sample only, not with
    ``every_frame``). Output: DecodeReport. Errors: ClipRejected(CORRUPT)
    when a decoded keyframe is not an intra picture, or the decoder reports
    damaged data.
    """
    if every_frame:
        return _decode_every_frame(path)
    wanted = set(keyframes_sampled(probe_result.keyframe_pts, limits.sample_keyframes))
    kept_at = None if keep_at_s is None else keyframe_at_or_before(probe_result, keep_at_s)
    if kept_at is not None:
        wanted.add(kept_at)
    kept: av.VideoFrame | None = None
    decoded = 0
    at = 0
    try:
        with av.open(str(path), options=OPEN_OPTIONS) as container:
            stream = container.streams.video[0]
            context = stream.codec_context
            context.options = dict(VALIDATION_DECODER_OPTIONS)
            # One demux pass (no seeking, which is inexact in MPEG-TS and AVI);
            # only the chosen keyframes reach the decoder, each on its own.
            for packet in container.demux(stream):
                at = packet.pts if packet.pts is not None else (packet.dts or 0)
                if not packet.size or at not in wanted:
                    continue
                wanted.discard(at)
                frames = context.decode(packet) + context.decode(None)
                context.flush_buffers()
                intra = next((frame for frame in frames if _is_intra(frame)), None)
                if intra is None:
                    raise _damaged(probe_result, at, "a keyframe holds no intra picture")
                if at == kept_at:
                    kept = intra
                decoded += 1
                if not wanted:
                    break
    except (av.error.FFmpegError, ValueError):
        raise _damaged(probe_result, at, "a keyframe does not decode") from None
    if wanted:
        raise _damaged(probe_result, min(wanted), "a keyframe went missing")
    kept_at_s = 0.0
    if kept is not None and kept_at is not None and probe_result.time_base:
        kept_at_s = float(kept_at * probe_result.time_base)
    return DecodeReport(
        frames_decoded=decoded,
        complete=False,
        keyframes_checked=decoded,
        kept_frame=kept,
        kept_at_s=kept_at_s,
    )


def _is_intra(frame: object) -> TypeGuard[av.VideoFrame]:
    """The decoder, not the container, says this picture stands alone."""
    return isinstance(frame, av.VideoFrame) and (
        frame.key_frame or frame.pict_type == av.video.frame.PictureType.I
    )


def _damaged(probe_result: VideoProbe, at: int, why: str) -> ClipRejected:
    seconds = float(at * probe_result.time_base) if probe_result.time_base else 0.0
    return ClipRejected(
        ClipRejectCode.CORRUPT,
        f"The video is damaged near {seconds:.1f} s ({why}); it cannot be played. {DAMAGED_HINT}",
        detail={"at_seconds": round(seconds, 3)},
    )


def _decode_every_frame(path: Path) -> DecodeReport:
    decoded = 0
    try:
        with av.open(str(path)) as container:
            for _frame in container.decode(video=0):
                decoded += 1
    except (av.error.FFmpegError, ValueError):
        raise ClipRejected(
            ClipRejectCode.CORRUPT,
            f"The video is damaged after frame {decoded}; it cannot be played. {DAMAGED_HINT}",
            detail={"frames_decoded": decoded},
        ) from None
    if decoded == 0:
        raise ClipRejected(
            ClipRejectCode.CORRUPT,
            f"No frame of the video could be decoded. {DAMAGED_HINT}",
        )
    return DecodeReport(frames_decoded=decoded, complete=True)
