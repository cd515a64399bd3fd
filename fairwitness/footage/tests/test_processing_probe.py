"""probe and decode_check accept real clips and refuse bad uploads with clear codes."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from fairwitness.footage.processing import (
    ClipRejectCode,
    ClipRejected,
    ProbeLimits,
    VideoProbe,
    decode_check,
    keyframe_at_or_before,
    keyframes_sampled,
    probe,
)
from fairwitness.footage.tests.videos import make_video, nal_units, video_packet_spans


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


def test_probe_facts_survive_json_and_other_versions_are_refused(tmp_path: Path) -> None:
    """The job reads the completion's probe back from a JSON column: every fact must
    come back equal, and facts it cannot trust must be refused (it then probes again)."""
    facts = probe(make_video(tmp_path / "clip.mp4", frames=45, gop=10, audio="aac"))
    stored = json.loads(json.dumps(facts.as_json()))
    assert VideoProbe.from_json(stored) == facts
    assert len(facts.keyframe_pts) == 5 and facts.time_base is not None
    fps_left_out = {key: value for key, value in stored.items() if key != "fps"}
    refused: list[object] = [
        None,
        [],
        {**stored, "version": stored["version"] + 1},
        fps_left_out,
        {**stored, "rotation": 90},
        {**stored, "keyframe_pts": [0, "512"]},
        {**stored, "time_base": [1, 0]},
        {**stored, "time_base": "1/12800"},
        {**stored, "time_base": 12800},
    ]
    for broken in refused:
        with pytest.raises(ValueError):
            VideoProbe.from_json(broken)


def test_vp9_webm_is_accepted(tmp_path: Path) -> None:
    facts = probe(make_video(tmp_path / "clip.webm", codec="libvpx-vp9"))
    assert (facts.container, facts.video_codec) == ("matroska,webm", "vp9")


def test_zero_bytes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    assert_rejected(tmp_path / "empty.mp4", ClipRejectCode.EMPTY)


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    # Seeded: about 1 in 200 random 50 kB inputs happens to look like some container
    # FFmpeg knows, and is refused as an unsupported format instead (the next test).
    (tmp_path / "noise.mp4").write_bytes(random.Random(0).randbytes(50_000))
    assert_rejected(tmp_path / "noise.mp4", ClipRejectCode.NOT_VIDEO)


def test_any_random_bytes_are_refused_with_a_clear_code(tmp_path: Path) -> None:
    codes = set()
    for seed in range(40):
        path = tmp_path / f"noise-{seed}.mp4"
        path.write_bytes(random.Random(seed).randbytes(50_000))
        with pytest.raises(ClipRejected) as caught:
            probe(path)
        assert caught.value.status == 422 and len(caught.value.message) > 20
        codes.add(caught.value.code)
    assert codes <= {ClipRejectCode.NOT_VIDEO, ClipRejectCode.UNSUPPORTED}


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


def test_probe_reads_the_box_layout_of_an_mp4(tmp_path: Path) -> None:
    fast = probe(make_video(tmp_path / "fast.mp4", faststart=True))
    slow = probe(make_video(tmp_path / "slow.mp4"))
    quicktime = probe(make_video(tmp_path / "clip.mov", container="mov", faststart=True))
    assert (fast.moov_first, fast.browser_brand) == (True, True)
    assert (slow.moov_first, slow.browser_brand) == (False, True)
    assert (quicktime.moov_first, quicktime.browser_brand) == (True, False)


def test_keyframes_sampled_spreads_the_sample_and_keeps_the_last() -> None:
    keyframes = tuple(range(0, 1000, 10))
    assert keyframes_sampled(keyframes, 4) == [10, 340, 660, 990]
    assert keyframes_sampled(keyframes[:3], 4) == [10, 20]
    assert keyframes_sampled(keyframes, 1) == [990]
    assert keyframes_sampled((0,), 4) == []


def test_decode_check_decodes_a_sample_of_keyframes_or_every_frame(tmp_path: Path) -> None:
    path = make_video(tmp_path / "clip.mp4", frames=60, gop=10)
    facts = probe(path)
    assert len(facts.keyframe_pts) == 6
    sample = decode_check(path, probe_result=facts, limits=ProbeLimits(sample_keyframes=3))
    assert (sample.keyframes_checked, sample.complete) == (3, False)
    full = decode_check(path, probe_result=facts, every_frame=True)
    assert (full.frames_decoded, full.complete) == (60, True)


def test_decode_check_hands_back_the_keyframe_a_thumbnail_wants(tmp_path: Path) -> None:
    """The clip is red for its first second and green after, a keyframe every second.
    The picture kept is the keyframe at or before the time asked for, decoded and
    checked like the sample; one that is not in the sample is decoded in addition."""
    path = make_video(tmp_path / "clip.mp4", frames=45, fps=15, width=320, height=180, gop=15)
    facts = probe(path)
    assert facts.time_base is not None
    assert [float(stamp * facts.time_base) for stamp in facts.keyframe_pts] == [0.0, 1.0, 2.0]
    assert keyframe_at_or_before(facts, 1.4) == facts.keyframe_pts[1]
    assert keyframe_at_or_before(facts, -1.0) == facts.keyframe_pts[0]
    plain = decode_check(path, probe_result=facts)
    assert (plain.kept_frame, plain.keyframes_checked) == (None, 2)
    for at_s, checked, colour in ((1.4, 2, "green"), (0.5, 3, "red")):
        report = decode_check(path, probe_result=facts, keep_at_s=at_s)
        assert report.keyframes_checked == checked
        assert report.kept_at_s == float(at_s // 1)
        assert report.kept_frame is not None
        assert (report.kept_frame.width, report.kept_frame.height) == (320, 180)
        _blue, green, red = report.kept_frame.to_ndarray(format="bgr24").reshape(-1, 3).mean(0)
        assert (green > red + 50) if colour == "green" else (red > green + 50)


def keyframe_header_damaged(data: bytes, path: Path, which: int) -> bytes:
    """Overwrite the slice headers of keyframe ``which``; NAL framing stays intact."""
    damaged = bytearray(data)
    key = [span for span in video_packet_spans(path) if span.keyframe][which]
    for offset, _length in nal_units(data, key):
        if data[offset] & 0x1F == 5:  # an IDR slice: break the header after its type
            damaged[offset + 1 : offset + 5] = b"\xff\xff\xff\xff"
    return bytes(damaged)


@pytest.mark.parametrize("which", [1, -1])
def test_a_damaged_keyframe_mid_clip_passes_probe_but_fails_decode_check(
    tmp_path: Path, which: int
) -> None:
    """GIVEN an MP4 whose index and NAL framing are intact but a later keyframe's
    slice headers are garbage (a header-only check sees nothing wrong) THEN probe
    accepts it and the keyframe sample reports CORRUPT with where it happened."""
    src = make_video(tmp_path / "clip.mp4", frames=60, gop=15, faststart=True)
    (tmp_path / "bad.mp4").write_bytes(keyframe_header_damaged(src.read_bytes(), src, which))
    facts = probe(tmp_path / "bad.mp4")
    with pytest.raises(ClipRejected) as caught:
        decode_check(tmp_path / "bad.mp4", probe_result=facts)
    assert caught.value.code == ClipRejectCode.CORRUPT
    assert "damaged near" in caught.value.message


@pytest.mark.parametrize("fill", ["zeros", "random"])
def test_a_block_overwritten_in_the_middle_of_the_media_data_is_refused(
    tmp_path: Path, fill: str
) -> None:
    """GIVEN 4 KiB in the middle of mdat overwritten (the index still lists every
    frame, so the headers look fine) THEN probe's NAL framing check refuses it."""
    data = bytearray(make_video(tmp_path / "clip.mp4", frames=60, faststart=True).read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes(4096) if fill == "zeros" else os.urandom(4096)
    (tmp_path / "bad.mp4").write_bytes(bytes(data))
    with av.open(str(tmp_path / "bad.mp4")) as container:
        assert container.streams.video[0].frames == 60  # the headers are intact
    assert_rejected(tmp_path / "bad.mp4", ClipRejectCode.CORRUPT)


def test_bytes_flipped_inside_one_inter_frame_pass_the_sample(tmp_path: Path) -> None:
    """The documented limit of sampling (docs/footage.md): damage confined to the
    slice data of one inter frame passes probe and the keyframe sample, while
    decoding every frame (``every_frame=True``) refuses it. Such a clip is kept;
    a player conceals the damage until the next keyframe."""
    src = make_video(tmp_path / "clip.mp4", frames=60, gop=15, faststart=True)
    data = src.read_bytes()
    damaged = bytearray(data)
    inter = [span for span in video_packet_spans(src) if not span.keyframe][20]
    for offset, length in nal_units(data, inter):
        if data[offset] & 0x1F == 1:  # a non-IDR slice: flip bytes of its data
            for index in range(offset + 4, offset + length, 7):
                damaged[index] ^= 0xFF
    (tmp_path / "bad.mp4").write_bytes(bytes(damaged))
    facts = probe(tmp_path / "bad.mp4")
    assert decode_check(tmp_path / "bad.mp4", probe_result=facts).keyframes_checked == 3
    with pytest.raises(ClipRejected) as caught:
        decode_check(tmp_path / "bad.mp4", probe_result=facts, every_frame=True)
    assert caught.value.code == ClipRejectCode.CORRUPT
