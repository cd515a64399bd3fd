"""Clip cutting: pre-roll, post-roll and max length, on hand-made frames."""

from __future__ import annotations

from collections.abc import Callable

import av
import numpy as np

from agent.config import ClipConfig
from agent.recorder import ClipRecorder
from agent.source import Frame
from agent.tests.synthetic import clip_decode

W, H, FPS = 64, 48, 8  # 1/8 s is exact in binary, so frame times compare exactly


def _frame(t: float) -> Frame:
    image = np.full((H * 3 // 2, W), 128, dtype=np.uint8)
    image[:H] = int(t * FPS) % 200 + 20
    return Frame(wall_time=t, video=av.VideoFrame.from_ndarray(image, format="yuv420p"))


def _feed(recorder: ClipRecorder, seconds: float, moving: Callable[[float], bool]) -> None:
    for n in range(round(seconds * FPS)):
        t = 1000.0 + n / FPS
        recorder.feed(_frame(t), moving=moving(t), triggered=moving(t))
    recorder.close()


def test_max_length_splits_long_motion_into_back_to_back_clips(spool):
    """GIVEN motion from 1 s to 9 s and a 3 s maximum clip length
    THEN the clips follow each other with no frame lost or repeated."""
    recorder = ClipRecorder(
        ClipConfig(pre_roll=0.5, post_roll=1.0, max_length=3.0), spool, camera="porch"
    )
    _feed(recorder, 12.0, lambda t: 1001.0 <= t < 1009.0)
    frames = [len(clip_decode(e.clip_path)[0]) for e in recorder.committed]
    starts = [e.manifest["started_at"] for e in recorder.committed]
    # From the pre-roll at 0.5 s to the post-roll's end at 9.875 s: 76 frames, 24 per 3 s.
    assert frames == [24, 24, 24, 4]
    assert starts[0].endswith("16:40.500Z") and starts == sorted(starts)


def test_pre_roll_only_holds_the_configured_seconds(spool):
    recorder = ClipRecorder(
        ClipConfig(pre_roll=2.0, post_roll=0.5, max_length=60.0), spool, camera="porch"
    )
    _feed(recorder, 8.0, lambda t: 1005.0 <= t < 1006.0)
    [entry] = recorder.committed
    times, _ = clip_decode(entry.clip_path)
    assert entry.manifest["started_at"].endswith("16:43.000Z")  # 5 s - 2 s pre-roll
    assert len(times) == 16 + 8 + 4  # pre-roll 2 s, motion 1 s, post-roll 0.5 s
    assert entry.manifest["duration"] == 3.5


def test_a_clip_open_at_the_end_of_the_source_is_committed(spool):
    recorder = ClipRecorder(
        ClipConfig(pre_roll=0.0, post_roll=5.0, max_length=60.0), spool, camera="porch"
    )
    _feed(recorder, 2.0, lambda t: t >= 1001.0)
    assert (
        len(recorder.committed) == 1
        and spool.pending()[0].upload_id == recorder.committed[0].upload_id
    )
