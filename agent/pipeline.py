"""The capture pipeline: source -> privacy zones -> motion -> clips in the spool."""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field

from agent.config import AgentConfig
from agent.motion import MotionDetector
from agent.recorder import ClipRecorder
from agent.source import FrameSource
from agent.spool import Spool, SpoolEntry
from agent.zones import zone_mask_for

log = logging.getLogger("agent.pipeline")


@dataclass
class PipelineStats:
    frames: int = 0
    moving_frames: int = 0
    clip_count: int = 0
    # The most recent clips; bounded so a camera that runs for months does not grow it.
    clips: deque[SpoolEntry] = field(default_factory=lambda: deque(maxlen=256))


def capture_run(
    config: AgentConfig, source: FrameSource, spool: Spool, *, stop: threading.Event
) -> PipelineStats:
    """Run until the source ends (a file) or `stop` is set; every clip is committed on exit.

    Privacy zones are excluded from motion detection here and burned into every frame by the
    clip writer before it is encoded.
    """
    detector = MotionDetector(config.motion)
    recorder = ClipRecorder(config.clip, spool, camera=config.camera, zones=config.zones)
    stats = PipelineStats()
    size: tuple[int, int] | None = None
    try:
        for frame in source.frames():
            mask = zone_mask_for(config.zones, frame.width, frame.height)
            if size != (frame.width, frame.height):
                size = (frame.width, frame.height)
                log.info("frame size %dx%d, %d privacy zone(s)", *size, len(config.zones))
            result = detector.observe(
                frame.luma, frame.wall_time, None if mask.empty else mask.luma
            )
            stats.frames += 1
            stats.moving_frames += result.moving
            entry = recorder.feed(frame, moving=result.moving, triggered=result.triggered)
            if entry is not None:
                stats.clips.append(entry)
                stats.clip_count += 1
            if stop.is_set():
                break
    finally:
        entry = recorder.close()
        if entry is not None:
            stats.clips.append(entry)
            stats.clip_count += 1
    return stats
