"""normalise, thumbnail and the whole pipeline on real generated videos."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from fairwitness.footage.processing import (
    STEPS,
    AudioOutcome,
    ClipRejected,
    NormaliseMode,
    ProcessingStep,
    browser_ready,
    clip_process,
    normalise,
    normalise_mode,
    pipeline,
    probe,
    thumbnail,
)
from fairwitness.footage.tests.videos import (
    count_frames,
    make_video,
    top_level_atoms,
    video_packets,
)


def assert_playable_mp4(path: Path, frames: int) -> None:
    """H.264 yuv420p, moov before mdat (faststart), every frame decodes."""
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat"), atoms
    facts = probe(path)
    assert (facts.container, facts.video_codec, facts.pix_fmt) == (
        "mov,mp4,m4a,3gp,3g2,mj2",
        "h264",
        "yuv420p",
    )
    assert count_frames(path) == frames


def test_h264_mp4_is_remuxed_without_reencoding(tmp_path: Path) -> None:
    """GIVEN an H.264 MP4 with its index at the end WHEN normalised THEN every video
    packet is byte-identical, and the index moved to the front."""
    src = make_video(tmp_path / "in.mp4", frames=40)
    assert top_level_atoms(src)[-1] == "moov"
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    assert result.mode is NormaliseMode.REMUX
    assert result.video_packets == 40
    assert video_packets(result.path) == video_packets(src)
    assert_playable_mp4(result.path, 40)


def test_remux_copies_aac_audio(tmp_path: Path) -> None:
    src = make_video(tmp_path / "in.mp4", frames=30, audio="aac")
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    assert (result.mode, result.audio) == (NormaliseMode.REMUX, AudioOutcome.COPIED)
    with av.open(str(result.path)) as output:
        assert [s.codec_context.name for s in output.streams] == ["h264", "aac"]


@pytest.mark.parametrize(
    ("name", "codec", "pix_fmt"),
    [
        ("in.webm", "libvpx-vp9", "yuv420p"),
        ("in.mp4", "mpeg4", "yuv420p"),
        ("in.mkv", "libx264", "yuv444p"),
    ],
)
def test_other_video_is_transcoded_to_h264(
    tmp_path: Path, name: str, codec: str, pix_fmt: str
) -> None:
    src = make_video(tmp_path / name, codec=codec, pix_fmt=pix_fmt, frames=30)
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    assert result.mode is NormaliseMode.TRANSCODE
    assert_playable_mp4(result.path, 30)
    assert probe(result.path).duration_s == pytest.approx(probe(src).duration_s, abs=0.1)


def test_h264_in_matroska_is_transcoded_with_every_frame(tmp_path: Path) -> None:
    """Matroska leaves decode timestamps out around B-frames; copying such packets
    once dropped the keyframe and produced an MP4 with no decodable frame."""
    src = make_video(tmp_path / "in.mkv", frames=40, audio="aac")
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    assert (result.mode, result.audio) == (NormaliseMode.TRANSCODE, AudioOutcome.COPIED)
    assert_playable_mp4(result.path, 40)


def test_remux_falls_back_to_transcode_when_timestamps_are_missing(tmp_path: Path) -> None:
    """GIVEN a probe that allows a remux but packets without decode timestamps
    WHEN normalised THEN the output is a transcode with every frame."""
    src = make_video(tmp_path / "in.mkv", frames=40)
    as_if_mp4 = dataclasses.replace(probe(src), container="mov,mp4,m4a,3gp,3g2,mj2")
    assert normalise_mode(as_if_mp4) is NormaliseMode.REMUX
    result = normalise(src, tmp_path / "out.mp4", probe_result=as_if_mp4)
    assert result.mode is NormaliseMode.TRANSCODE
    assert_playable_mp4(result.path, 40)


def test_transcode_drops_non_aac_audio(tmp_path: Path) -> None:
    src = make_video(tmp_path / "in.webm", codec="libvpx-vp9", audio="libopus")
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    assert result.audio is AudioOutcome.DROPPED
    with av.open(str(result.path)) as output:
        assert [s.type for s in output.streams] == ["video"]


def test_odd_dimensions_are_made_even(tmp_path: Path) -> None:
    src = make_video(tmp_path / "in.mkv", codec="mpeg4", width=161, height=121, frames=10)
    result = normalise(src, tmp_path / "out.mp4", probe_result=probe(src))
    facts = probe(result.path)
    assert (facts.width, facts.height) == (160, 120)


def test_thumbnail_is_a_320_px_jpeg_of_the_keyframe_at_one_second(tmp_path: Path) -> None:
    """The generated clip is red for its first second and green after, with a
    keyframe every second: the picture taken at 1 s must be green, proving the
    seek landed on the keyframe asked for rather than the first one."""
    src = make_video(tmp_path / "in.mp4", frames=45, fps=15, width=320, height=180, gop=15)
    thumb = thumbnail(src, tmp_path / "t.jpg", duration_s=3.0)
    assert thumb.at_s == pytest.approx(1.0)
    data = thumb.path.read_bytes()
    assert data[:3] == b"\xff\xd8\xff"
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    assert image.shape == (180, 320, 3) == (thumb.height, thumb.width, 3)
    _blue, green, red = image.reshape(-1, 3).mean(axis=0)
    assert green > red + 50


def test_thumbnail_uses_the_keyframe_before_the_wanted_time(tmp_path: Path) -> None:
    """A short clip's wanted time is its middle; with one keyframe, that keyframe
    (the first, red picture) is used, and only it is decoded."""
    src = make_video(tmp_path / "in.mp4", frames=10, fps=15, width=640, height=480)
    thumb = thumbnail(src, tmp_path / "t.jpg", duration_s=10 / 15)
    assert thumb.at_s == 0.0
    image = cv2.imdecode(np.frombuffer(thumb.path.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    assert image.shape[:2] == (240, 320)
    _blue, green, red = image.reshape(-1, 3).mean(axis=0)
    assert red > green + 50


@pytest.mark.parametrize(("name", "codec"), [("in.mp4", "libx264"), ("in.webm", "libvpx-vp9")])
def test_the_thumbnail_is_made_from_the_picture_decode_check_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, codec: str
) -> None:
    """GIVEN a clip (kept as uploaded, or transcoded) WHEN processed THEN the thumbnail
    is the keyframe at 1 s that decode_check decoded: the file is not opened again for
    it, and it is a 320 px JPEG of the green picture, not the red first one."""
    src = make_video(tmp_path / name, codec=codec, frames=45, fps=15, width=640, height=360, gop=15)
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def no_second_decode(*args: object, **kwargs: object) -> None:
        raise AssertionError("the thumbnail decoded the file again")

    monkeypatch.setattr(pipeline, "thumbnail", no_second_decode)
    processed = clip_process(source=src, scratch_dir=scratch)
    thumb = processed.thumbnail
    assert thumb.path == scratch / "thumbnail.jpg" and thumb.at_s == pytest.approx(1.0)
    data = thumb.path.read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and data[-2:] == b"\xff\xd9"
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    assert image.shape == (180, 320, 3) == (thumb.height, thumb.width, 3)
    _blue, green, red = image.reshape(-1, 3).mean(axis=0)
    assert green > red + 50


def test_without_keyframe_times_the_thumbnail_decodes_its_own_keyframe(tmp_path: Path) -> None:
    src = make_video(tmp_path / "in.mp4", frames=30, fps=15, width=320, height=180)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    facts = dataclasses.replace(probe(src), keyframe_pts=())
    processed = clip_process(source=src, scratch_dir=scratch, upload_probe=facts)
    assert processed.decode.kept_frame is None
    assert processed.thumbnail.at_s == 0.0 and processed.thumbnail.width == 320
    assert processed.thumbnail.path.read_bytes()[:3] == b"\xff\xd8\xff"


def test_clip_process_runs_every_step_in_order(tmp_path: Path) -> None:
    src = make_video(tmp_path / "in.webm", codec="libvpx-vp9", frames=30, gop=10)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    seen: list[ProcessingStep] = []
    processed = clip_process(source=src, scratch_dir=scratch, on_step=seen.append)
    assert tuple(seen) == STEPS
    assert processed.upload.video_codec == "vp9"
    assert processed.decode.keyframes_checked == len(processed.upload.keyframe_pts) - 1 == 2
    assert processed.normalised.mode is NormaliseMode.TRANSCODE
    assert sorted(p.name for p in scratch.iterdir()) == ["clip.mp4", "thumbnail.jpg"]
    assert_playable_mp4(processed.normalised.path, 30)


@pytest.mark.parametrize("audio", [None, "aac"])
def test_a_browser_ready_mp4_is_kept_as_it_is(tmp_path: Path, audio: str | None) -> None:
    """GIVEN a faststart H.264 MP4 (with AAC or no audio) WHEN processed THEN the
    upload itself is what gets stored: no copy, no remux, not even a scratch file."""
    src = make_video(tmp_path / "in.mp4", frames=30, audio=audio, faststart=True)
    before = src.read_bytes()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    processed = clip_process(source=src, scratch_dir=scratch)
    assert processed.normalised.mode is NormaliseMode.KEEP
    assert processed.normalised.path == src and src.read_bytes() == before
    assert processed.normalised.audio is (AudioOutcome.COPIED if audio else AudioOutcome.NONE)
    assert processed.video == processed.upload
    assert sorted(p.name for p in scratch.iterdir()) == ["thumbnail.jpg"]
    assert_playable_mp4(processed.normalised.path, 30)


@pytest.mark.parametrize(
    ("name", "container", "faststart", "audio"),
    [
        ("index-at-end.mp4", None, False, None),
        ("quicktime.mov", "mov", True, None),
        ("opus-audio.mp4", None, True, "libopus"),
    ],
)
def test_an_mp4_a_browser_may_not_play_as_it_is_is_remuxed(
    tmp_path: Path, name: str, container: str | None, faststart: bool, audio: str | None
) -> None:
    src = make_video(
        tmp_path / name, frames=30, container=container, faststart=faststart, audio=audio
    )
    facts = probe(src)
    assert not browser_ready(facts)
    assert normalise_mode(facts) is NormaliseMode.REMUX
    result = normalise(src, tmp_path / "out.mp4", probe_result=facts)
    assert result.path == tmp_path / "out.mp4"
    assert_playable_mp4(result.path, 30)


def test_clip_process_stops_at_probe_for_bad_bytes(tmp_path: Path) -> None:
    (tmp_path / "in.mp4").write_bytes(os.urandom(4096))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    seen: list[ProcessingStep] = []
    with pytest.raises(ClipRejected):
        clip_process(source=tmp_path / "in.mp4", scratch_dir=scratch, on_step=seen.append)
    assert seen == [ProcessingStep.PROBE]
    assert list(scratch.iterdir()) == []
