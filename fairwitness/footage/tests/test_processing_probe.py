"""probe and decode_check accept real clips and refuse bad uploads with clear codes."""

from __future__ import annotations

import os
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from fairwitness.footage.processing import (
    ClipRejectCode,
    ClipRejected,
    ProbeLimits,
    decode_check,
    probe,
)
from fairwitness.footage.tests.videos import make_video


def assert_rejected(path: Path, code: ClipRejectCode, limits: ProbeLimits | None = None) -> None:
    with pytest.raises(ClipRejected) as caught:
        probe(path) if limits is None else probe(path, limits=limits)
    assert caught.value.code == code
    assert caught.value.status == 422
    assert len(caught.value.message) > 20


def test_h264_mp4_is_described_from_its_bytes(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mp4", frames=45, fps=15, audio="aac")
    facts = probe(path)
    assert (facts.video_codec, facts.pix_fmt, facts.width, facts.height) == (
        "h264",
        "yuv420p",
        160,
        120,
    )
    assert facts.fps == pytest.approx(15)
    assert facts.duration_s == pytest.approx(3.0, abs=0.1)
    assert facts.packet_count == 45
    assert facts.audio_codec == "aac"
    assert facts.size_bytes == path.stat().st_size


def test_vp9_webm_is_accepted(tmp_path: Path) -> None:
    facts = probe(make_video(tmp_path / "clip.webm", codec="libvpx-vp9"))
    assert (facts.container, facts.video_codec) == ("matroska,webm", "vp9")


def test_zero_bytes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    assert_rejected(tmp_path / "empty.mp4", ClipRejectCode.EMPTY)


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "noise.mp4").write_bytes(os.urandom(50_000))
    assert_rejected(tmp_path / "noise.mp4", ClipRejectCode.NOT_VIDEO)


def test_text_renamed_mp4_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("Meeting notes: buy milk.\n" * 2000)
    assert_rejected(tmp_path / "notes.mp4", ClipRejectCode.NOT_VIDEO)


def test_an_image_is_not_a_video(tmp_path: Path) -> None:
    ok, png = cv2.imencode(".png", np.zeros((64, 64, 3), np.uint8))
    assert ok
    (tmp_path / "still.mp4").write_bytes(png.tobytes())
    assert_rejected(tmp_path / "still.mp4", ClipRejectCode.UNSUPPORTED)


def test_audio_only_file_has_no_video_stream(tmp_path: Path) -> None:
    path = tmp_path / "sound.mp4"
    with av.open(str(path), "w") as output:
        stream = output.add_stream("aac", rate=48000)
        for start in range(0, 48000, 1024):
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate, frame.pts = 48000, start
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    assert_rejected(path, ClipRejectCode.NO_VIDEO_STREAM)


@pytest.mark.parametrize("faststart", [False, True])
def test_truncated_mp4_is_refused(tmp_path: Path, faststart: bool) -> None:
    """Cut in half: without faststart the index is lost; with it, the index lists
    frames whose bytes never arrived. Both are TRUNCATED."""
    whole = make_video(tmp_path / "whole.mp4", frames=60, faststart=faststart).read_bytes()
    (tmp_path / "cut.mp4").write_bytes(whole[: len(whole) // 2])
    assert_rejected(tmp_path / "cut.mp4", ClipRejectCode.TRUNCATED)


def test_dimensions_outside_limits_are_refused(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mp4")
    assert_rejected(path, ClipRejectCode.DIMENSIONS, ProbeLimits(max_width=100))
    assert_rejected(path, ClipRejectCode.DIMENSIONS, ProbeLimits(min_side=200))


def test_duration_outside_limits_is_refused(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mp4", frames=45, fps=15)
    assert_rejected(path, ClipRejectCode.DURATION, ProbeLimits(max_duration_s=2.0))
    assert probe(path, limits=ProbeLimits(max_duration_s=3.5)).packet_count == 45


def test_decode_check_decodes_every_frame(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mp4", frames=37)
    report = decode_check(path)
    assert (report.frames_decoded, report.complete) == (37, True)
    bounded = decode_check(path, max_frames=10)
    assert (bounded.frames_decoded, bounded.complete) == (10, False)


def test_decode_check_refuses_damaged_frames(tmp_path: Path) -> None:
    """GIVEN an MP4 whose media data was overwritten mid-file (index intact) THEN
    probe's sample may pass but decode_check reports CORRUPT."""
    data = bytearray(make_video(tmp_path / "clip.mp4", frames=60, faststart=True).read_bytes())
    for offset in range(len(data) // 3, len(data), 97):
        data[offset] ^= 0xFF
    (tmp_path / "bad.mp4").write_bytes(bytes(data))
    with pytest.raises(ClipRejected) as caught:
        decode_check(tmp_path / "bad.mp4")
    assert caught.value.code == ClipRejectCode.CORRUPT
