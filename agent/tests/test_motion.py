"""Motion detection against a running-average background."""

from __future__ import annotations

import numpy as np

from agent.config import MotionConfig
from agent.motion import MotionDetector

H, W = 240, 320


def _scene(square: tuple[int, int, int] | None = None, noise: int = 0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    luma = np.tile(np.linspace(40, 120, W, dtype=np.float32), (H, 1))
    if noise:
        luma += rng.integers(-noise, noise + 1, size=(H, W))
    if square is not None:
        x, y, size = square
        luma[y : y + size, x : x + size] = 240
    return np.clip(luma, 0, 255).astype(np.uint8)


def test_a_still_noisy_scene_never_moves():
    detector = MotionDetector(MotionConfig())
    results = [detector.update(_scene(noise=6, seed=i)) for i in range(40)]
    assert not any(r.moving for r in results)


def test_moving_square_triggers_only_after_frames_to_trigger():
    detector = MotionDetector(MotionConfig(frames_to_trigger=3))
    detector.update(_scene())
    results = [detector.update(_scene(square=(20 + 8 * i, 100, 30))) for i in range(5)]
    assert [r.moving for r in results] == [True] * 5
    assert [r.triggered for r in results] == [False, False, True, True, True]
    x, y, w, h = results[0].boxes[0]
    assert 0.03 < x < 0.1 and 0.35 < y < 0.45 and w > 0.05 and h > 0.08


def test_regions_smaller_than_min_area_are_ignored():
    config = MotionConfig(min_area=0.02, frames_to_trigger=1)  # 2% of the frame
    detector = MotionDetector(config)
    detector.update(_scene())
    small = detector.update(_scene(square=(50, 50, 12)))  # ~0.2% plus dilation
    assert not small.moving and 0 < small.area < 0.02
    big = detector.update(_scene(square=(150, 100, 60)))
    assert big.moving and big.area >= 0.02


def test_changes_below_the_threshold_are_ignored():
    detector = MotionDetector(MotionConfig(threshold=40, frames_to_trigger=1))
    base = _scene()
    detector.update(base)
    dimmer = base.copy()
    dimmer[50:150, 50:150] += 20  # a soft shadow, less than the threshold
    assert not detector.update(dimmer).moving


def test_a_new_object_that_stays_fades_into_the_background():
    detector = MotionDetector(MotionConfig(background_alpha=0.2, frames_to_trigger=1))
    detector.update(_scene())
    parked = _scene(square=(100, 100, 40))
    verdicts = [detector.update(parked).moving for _ in range(40)]
    assert verdicts[0] and not verdicts[-1]


def test_motion_under_the_ignore_mask_never_counts():
    ignore = np.zeros((H, W), dtype=bool)
    ignore[:, : W // 2] = True
    detector = MotionDetector(MotionConfig(frames_to_trigger=1))
    detector.update(_scene(), ignore)
    inside = [detector.update(_scene(square=(10 + 8 * i, 100, 40)), ignore) for i in range(8)]
    assert not any(r.moving for r in inside)
    outside = detector.update(_scene(square=(220, 100, 40)), ignore)
    assert outside.moving


def test_observe_runs_the_detector_at_detect_fps_and_reuses_verdicts_between():
    frames = [(n / 30, _scene(square=(10 + 5 * n, 100, 30))) for n in range(30)]
    paced = MotionDetector(MotionConfig(detect_fps=10.0, frames_to_trigger=1))
    verdicts = [paced.observe(luma, t) for t, luma in frames]
    assert paced.runs == 10
    assert verdicts[4] is verdicts[3] and verdicts[5] is verdicts[3]  # run on frame 3, reused
    every = MotionDetector(MotionConfig(detect_fps=0.0))
    for t, luma in frames:
        every.observe(luma, t)
    assert every.runs == 30
