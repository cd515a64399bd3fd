"""Motion-detection throughput of the edge agent against decoding alone, on 1080p H.264.

Usage: python benchmarks/motion.py [VIDEO]   (default: generate a 20 s 1080p30 clip in a temp dir)

Both passes decode the same file the same way (PyAV, frame threading). The motion pass adds
what the agent does for every frame: normalise it to yuv420p, wrap it as an agent Frame, and
run the detector (320 px luma, running average, one privacy zone ignored) on a zero-copy view of
the luma plane, at the default detect_fps (10 detector runs per second of video; the figure
for running it on every frame is printed too). Each pass runs three times, interleaved; the
best run counts. For information it also times the extra work while a clip is being recorded
(copy the frame and burn the zone; encoding not included).
The last line is motion fps / decode fps (target >= 0.85).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.config import MotionConfig, Zone
from agent.motion import MotionDetector
from agent.source import Frame, video_frame_normalise
from agent.tests.synthetic import Segment, video_write
from agent.zones import zone_mask_apply, zone_mask_for

ZONE = Zone("bench", ((0.0, 0.0), (0.25, 0.0), (0.25, 0.3), (0.0, 0.3)))


def decode_only(path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    frames = 0
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for _ in container.decode(stream):
            frames += 1
    return frames, time.perf_counter() - start


def decode_and_detect(path: Path, *, every_frame: bool, burn: bool) -> tuple[int, float, int]:
    start = time.perf_counter()
    frames = moving = 0
    detector = MotionDetector(MotionConfig(detect_fps=0.0) if every_frame else MotionConfig())
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for av_frame in container.decode(stream):
            video = video_frame_normalise(av_frame)
            assert video is not None
            frame = Frame(wall_time=frames / 30, video=video)
            mask = zone_mask_for((ZONE,), frame.width, frame.height)
            moving += detector.observe(frame.luma, frame.wall_time, mask.luma).moving
            if burn:
                zone_mask_apply(frame.to_yuv420p(), mask)
            frames += 1
    return frames, time.perf_counter() - start, moving


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            path = Path(sys.argv[1])
        else:
            path = Path(tmp) / "bench-1080p.mp4"
            print("generating 20 s of 1080p30 H.264 ...", flush=True)
            video_write(
                path,
                duration=20.0,
                fps=30,
                width=1920,
                height=1080,
                crf=23,
                segments=[Segment(3.0, 7.0), Segment(12.0, 15.0)],
            )
        decode_best = detect_best = every_best = burn_best = 0.0
        moving = 0
        for _ in range(3):
            frames, seconds = decode_only(path)
            decode_best = max(decode_best, frames / seconds)
            frames, seconds, moving = decode_and_detect(path, every_frame=False, burn=False)
            detect_best = max(detect_best, frames / seconds)
            frames, seconds, _ = decode_and_detect(path, every_frame=True, burn=False)
            every_best = max(every_best, frames / seconds)
            frames, seconds, _ = decode_and_detect(path, every_frame=False, burn=True)
            burn_best = max(burn_best, frames / seconds)
        print(f"file: {path.name}, {frames} frames, {moving} with motion")
        print(f"decode only:                      {decode_best:8.1f} frames/s")
        print(
            f"decode + motion (every frame):    {every_best:8.1f} frames/s, "
            f"ratio {every_best / decode_best:.3f}"
        )
        print(f"decode + motion + copy/burn zone: {burn_best:8.1f} frames/s (while recording)")
        print(f"decode + motion (detect_fps 10):  {detect_best:8.1f} frames/s")
        print(f"ratio {detect_best / decode_best:.3f}")


if __name__ == "__main__":
    main()
