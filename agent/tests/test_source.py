"""Source classification, clocks and reconnection with backoff."""

from __future__ import annotations

import random
import threading

import av
import pytest

from agent.backoff import Backoff
from agent.source import (
    FrameSource,
    SourceError,
    SourceKind,
    SourceSpec,
    StreamClock,
    source_open,
    source_spec_parse,
)
from agent.tests.synthetic import Segment, video_write


@pytest.mark.parametrize(
    ("url", "kind", "target"),
    [
        ("rtsp://cam.local:554/stream1", SourceKind.RTSP, "rtsp://cam.local:554/stream1"),
        ("https://cam.local/mjpeg", SourceKind.HTTP, "https://cam.local/mjpeg"),
        ("/dev/video0", SourceKind.V4L2, "/dev/video0"),
        ("v4l2:///dev/video2", SourceKind.V4L2, "/dev/video2"),
        ("file:///srv/clip.mp4", SourceKind.FILE, "/srv/clip.mp4"),
        ("clip.mp4", SourceKind.FILE, "clip.mp4"),
    ],
)
def test_source_urls_are_classified(url, kind, target):
    spec = source_spec_parse(url)
    assert (spec.kind, spec.url) == (kind, target)
    assert spec.live == (kind is not SourceKind.FILE)


def test_live_source_reconnects_with_backoff_and_resets_after_frames(tmp_path):
    """GIVEN a live source whose first two connection attempts fail and whose stream then ends
    THEN the agent waits with growing delays, reads the frames, and after a good connection the
    delay starts again from the base."""
    video = video_write(
        tmp_path / "v.mp4", duration=1.0, fps=10, segments=[Segment(0.2, 0.6)], width=64, height=48
    )
    attempts = {"n": 0}

    def opener(spec: SourceSpec):
        attempts["n"] += 1
        if attempts["n"] <= 2:
            raise OSError("connection refused")
        return av.open(str(video))

    stop = threading.Event()
    sleeps: list[float] = []
    source = FrameSource(
        SourceSpec("rtsp://cam/stream", SourceKind.RTSP),
        stop=stop,
        backoff=Backoff(base=1.0, cap=30.0, rng=random.Random(3)),
        opener=opener,
        sleep=sleeps.append,
    )
    frames = 0
    for _ in source.frames():
        frames += 1
        if frames == 15:  # partway through the second successful connection
            stop.set()
    assert source.connections == 2 and frames == 15
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0
    assert 0.5 <= sleeps[2] <= 1.0  # after frames arrived, backoff starts over
    assert len(sleeps) == 3


def test_a_missing_file_is_an_error_not_a_retry(tmp_path):
    source = FrameSource(
        source_spec_parse(str(tmp_path / "none.mp4")), stop=threading.Event(), opener=source_open
    )
    with pytest.raises(SourceError, match="cannot open"):
        list(source.frames())


def test_file_frames_are_timed_from_the_base_and_keep_even_yuv420p_layout(tmp_path):
    video = video_write(tmp_path / "v.mp4", duration=1.0, fps=10, segments=[], width=64, height=48)
    source = FrameSource(source_spec_parse(str(video)), stop=threading.Event(), base_time=1000.0)
    frames = list(source.frames())
    assert len(frames) == 10
    assert [round(f.wall_time, 3) for f in frames[:3]] == [1000.0, 1000.1, 1000.2]
    assert frames[0].to_yuv420p().shape == (72, 64) and frames[0].luma.shape == (48, 64)
    assert not frames[0].luma.flags.writeable  # the decoder's picture must stay untouched


def test_live_clock_follows_stream_time_and_reanchors_after_a_jump():
    wall = {"t": 500.0}
    clock = StreamClock(live=True, base=None, now=lambda: wall["t"])
    assert clock.wall_time(10.0) == 500.0
    wall["t"] = 500.7  # frames decoded in a burst still get their own spacing
    assert clock.wall_time(10.5) == pytest.approx(500.5)
    wall["t"] = 501.0
    assert clock.wall_time(3600.0) == 501.0  # the camera's clock jumped: re-anchor
    assert clock.wall_time(3600.2) == pytest.approx(501.2)
