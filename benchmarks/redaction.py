"""Release-copy redaction: this project's pipeline against deface at its defaults, same clip.

Usage: python benchmarks/redaction.py [--frames N] [--skip-long]

The clip is made by committed code (``fairwitness/footage/tests/face_clips.py``: the
astronaut and the cameraman of scikit-image's sample photos, moving, changing scale and
partly hidden by a bar), 1280x720 at 15 fps; its face boxes are labelled by the same code
(hand-measured on the photos and carried through every paste), so nothing but code is
committed. Both pipelines read the same MP4 and write an H.264 MP4:

- project: ``video_redact`` with the release settings (what every release copy runs);
- deface 1.5.0 at its defaults (``deface.deface.video_detect``: CenterFace on every frame
  at full resolution, threshold 0.2, mask scale 1.3, elliptical blur, imageio-ffmpeg).

Recall: a labelled face counts as covered on a frame when at least 90 % of its visible
pixels (those the bar does not hide) are covered. For the project that is read from its
output (the fill's black); for deface from the boxes it blurs (recorded by a wrapper around
its detector that returns what it returns), counting the whole scaled rectangle although
deface blurs only the inscribed ellipse: this favours deface. Each pipeline runs once after
a warm-up on a short clip. Then the project's release-copy time of a 20 s 1080p15 clip.

The last line is ``ratio project fps / deface fps: X`` (targets: recall at least deface's,
X >= 2).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fairwitness.footage.redaction import Box, video_redact
from fairwitness.footage.tests.face_clips import face_clip_write, frames_read

COVERED = 0.9


def _visible(original: np.ndarray, label: Box) -> np.ndarray:
    region = original[int(label.y0) : int(label.y1), int(label.x0) : int(label.x1)].astype(int)
    bar = (np.abs(region - 128).max(axis=2) < 12) & (np.ptp(region, axis=2) < 8)
    return ~bar


def recall_from_output(source: Path, output: Path, labels: list[list[Box]]) -> float:
    hit = total = 0
    for original, made, faces in zip(frames_read(source), frames_read(output), labels, strict=True):
        for label in faces:
            visible = _visible(original, label)
            region = made[int(label.y0) : int(label.y1), int(label.x0) : int(label.x1)]
            black = region.max(axis=2) < 40
            total += 1
            hit += (visible.any() and black[visible].mean() >= COVERED) or not visible.any()
    return hit / max(1, total)


def recall_from_boxes(
    source: Path, boxes: list[list[tuple[int, int, int, int]]], labels: list[list[Box]]
) -> float:
    hit = total = 0
    for original, found, faces in zip(frames_read(source), boxes, labels, strict=True):
        mask = np.zeros(original.shape[:2], dtype=bool)
        for x0, y0, x1, y1 in found:
            mask[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = True
        for label in faces:
            visible = _visible(original, label)
            region = mask[int(label.y0) : int(label.y1), int(label.x0) : int(label.x1)]
            total += 1
            hit += (visible.any() and region[visible].mean() >= COVERED) or not visible.any()
    return hit / max(1, total)


def run_project(source: Path, target: Path) -> float:
    start = time.perf_counter()
    video_redact(source=source, target=target)
    return time.perf_counter() - start


def run_deface(source: Path, target: Path) -> tuple[float, list[list[tuple[int, int, int, int]]]]:
    from deface.centerface import CenterFace
    from deface.deface import scale_bb, video_detect

    recorded: list[list[tuple[int, int, int, int]]] = []
    detector = CenterFace(in_shape=None, backend="auto")

    class Recording:
        """deface's own detector; records the boxes it blurs (mask scale 1.3, its default)."""

        def __call__(self, frame: np.ndarray, threshold: float) -> Any:
            dets, lms = detector(frame, threshold=threshold)
            recorded.append(
                [tuple(int(v) for v in scale_bb(*d[:4].astype(int), mask_scale=1.3)) for d in dets]  # type: ignore[misc]
            )
            return dets, lms

    start = time.perf_counter()
    video_detect(
        ipath=str(source),
        opath=str(target),
        centerface=Recording(),
        threshold=0.2,
        enable_preview=False,
        cam=False,
        nested=False,
        replacewith="blur",
        mask_scale=1.3,
        ellipse=True,
        draw_scores=False,
        ffmpeg_config={"codec": "libx264"},
    )
    return time.perf_counter() - start, recorded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=45)
    parser.add_argument("--skip-long", action="store_true", help="skip the 20 s 1080p clip")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        warm = work / "warm.mp4"
        face_clip_write(warm, frames=4, width=320, height=240)
        run_project(warm, work / "warm-project.mp4")
        run_deface(warm, work / "warm-deface.mp4")

        source = work / "faces.mp4"
        labels = face_clip_write(source, frames=args.frames, width=1280, height=720)
        faces = sum(len(f) for f in labels)
        print(f"clip: {args.frames} frames 1280x720 15 fps, {faces} labelled faces")
        project_s = run_project(source, work / "project.mp4")
        project_recall = recall_from_output(source, work / "project.mp4", labels)
        deface_s, boxes = run_deface(source, work / "deface.mp4")
        deface_recall = recall_from_boxes(source, boxes, labels)
        project_fps, deface_fps = args.frames / project_s, args.frames / deface_s
        print(f"project: recall {project_recall:.3f}, {project_fps:.2f} fps ({project_s:.1f} s)")
        print(f"deface:  recall {deface_recall:.3f}, {deface_fps:.2f} fps ({deface_s:.1f} s)")
        if not args.skip_long:
            long_clip = work / "long.mp4"
            face_clip_write(long_clip, frames=300, width=1920, height=1080, fps=15)
            seconds = run_project(long_clip, work / "long-project.mp4")
            print(f"release copy of a 20 s 1080p15 clip (300 frames): {seconds:.1f} s")
        print(f"ratio project fps / deface fps: {project_fps / deface_fps:.2f}")


if __name__ == "__main__":
    main()
