"""End to end on a file source: synthetic video in, clips in the spool out."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from agent.config import AgentConfig, ClipConfig, MotionConfig, Zone
from agent.pipeline import PipelineStats, capture_run
from agent.source import FrameSource, source_spec_parse
from agent.spool import Spool, SpoolEntry
from agent.tests.synthetic import Segment, clip_decode, video_write

BASE = 1_700_000_000.0
FPS = 15
PRE, POST = 1.0, 1.5


def _run(video: Path, spool: Spool, zones: tuple[Zone, ...] = ()) -> PipelineStats:
    config = AgentConfig(
        motion=MotionConfig(frames_to_trigger=3),
        clip=ClipConfig(pre_roll=PRE, post_roll=POST, max_length=60.0),
        zones=zones,
    )
    source = FrameSource(source_spec_parse(str(video)), stop=threading.Event(), base_time=BASE)
    return capture_run(config, source, spool, stop=threading.Event())


def _span(entry: SpoolEntry) -> tuple[float, float]:
    """The clip's [first, last] frame times in seconds of the source video, from its manifest
    start time and its decoded frame times."""
    started = datetime.fromisoformat(entry.manifest["started_at"].replace("Z", "+00:00"))
    times, _ = clip_decode(entry.clip_path)
    start = started.timestamp() - BASE
    return start + times[0], start + times[-1]


@pytest.fixture(scope="module")
def two_segment_clips(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[float, float]]:
    root = tmp_path_factory.mktemp("pipeline")
    video = video_write(
        root / "scene.mp4",
        duration=16.0,
        fps=FPS,
        segments=[Segment(3.0, 5.0), Segment(10.0, 12.0)],
    )
    spool = Spool(root / "spool")
    stats = _run(video, spool)
    assert [e.upload_id for e in stats.clips] == [e.upload_id for e in spool.pending()]
    return [_span(entry) for entry in stats.clips]


def test_each_motion_segment_gets_one_clip_with_pre_and_post_roll(two_segment_clips):
    """GIVEN a still scene with motion at 3-5 s and 10-12 s
    WHEN the pipeline reads it
    THEN there are two clips, each starting at least the pre-roll before its segment's trigger
    and ending at least the post-roll after its segment."""
    assert len(two_segment_clips) == 2
    for (start, end), (seg_start, seg_end) in zip(
        two_segment_clips, [(3, 5), (10, 12)], strict=True
    ):
        # Triggering takes frames_to_trigger frames; the pre-roll reaches back before that.
        assert seg_start - PRE - 0.1 <= start <= seg_start, (start, seg_start)
        assert end >= seg_end + POST - 2 / FPS, (end, seg_end)
        assert end <= seg_end + POST + 1.0, (end, seg_end)


def test_no_clip_covers_the_quiet_stretches(two_segment_clips):
    quiet = [(0.0, 1.7), (7.3, 8.7), (14.3, 16.0)]
    for start, end in two_segment_clips:
        for q_start, q_end in quiet:
            assert end < q_start or start > q_end, ((start, end), (q_start, q_end))


def test_privacy_zone_is_black_in_the_clip_and_motion_inside_it_is_ignored(tmp_path):
    """GIVEN a zone over the left third holding a bright 'window', motion inside the zone at
    2-4 s, and motion outside it at 8-10 s
    WHEN the pipeline reads it
    THEN only the outside motion makes a clip, and every decoded frame of it is near-black
    inside the zone while the rest of the picture is not."""
    inside = Segment(2.0, 4.0, region=(0.05, 0.1, 0.28, 0.5))
    outside = Segment(8.0, 10.0, region=(0.45, 0.3, 0.95, 0.7))
    video = video_write(tmp_path / "zone.mp4", duration=13.0, fps=FPS, segments=[inside, outside])
    zone = Zone("neighbour", ((0.0, 0.0), (1 / 3, 0.0), (1 / 3, 1.0), (0.0, 1.0)))
    spool = Spool(tmp_path / "spool")
    stats = _run(video, spool, zones=(zone,))

    assert len(stats.clips) == 1
    start, end = _span(stats.clips[0])
    assert start > inside.end + 1.0 and start <= outside.start and end >= outside.end

    _, images = clip_decode(stats.clips[0].clip_path)
    width = images[0].shape[1]
    zone_cols = slice(0, width // 3 - 2)  # a 2 px margin for the codec's edge ringing
    for image in images:
        assert int(image[:, zone_cols].max()) <= 24
        assert float(image[:, width // 2 :].mean()) > 40


def test_without_a_zone_the_same_window_is_bright(tmp_path):
    """Control for the test above: the masked pixels really were bright in the source."""
    video = video_write(tmp_path / "plain.mp4", duration=6.0, fps=FPS, segments=[Segment(2, 3)])
    stats = _run(video, Spool(tmp_path / "spool"))
    _, images = clip_decode(stats.clips[0].clip_path)
    assert int(np.max(images[0][:, : images[0].shape[1] // 3 - 2])) > 200
