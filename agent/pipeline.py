"""The capture pipeline: source -> privacy zones -> motion -> clips in the spool."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from agent.config import AgentConfig
from agent.motion import MotionDetector
from agent.recorder import ClipRecorder
from agent.source import FrameSource
from agent.spool import Spool, SpoolEntry
from agent.zones import ZoneMask, zone_mask_apply, zone_mask_build

log = logging.getLogger("agent.pipeline")


@dataclass
class PipelineStats:
    frames: int = 0
    moving_frames: int = 0
    clips: list[SpoolEntry] = field(default_factory=list)


def capture_run(
    config: AgentConfig, source: FrameSource, spool: Spool, *, stop: threading.Event
) -> PipelineStats:
    """Run until the source ends (a file) or `stop` is set; every clip is committed on exit.

    Order matters: zones are burned into each frame first, so neither the motion detector nor
    the pre-roll buffer nor the encoder ever holds a masked pixel.
    """
    detector = MotionDetector(config.motion)
    recorder = ClipRecorder(config.clip, spool, camera=config.camera)
    stats = PipelineStats()
    mask: ZoneMask | None = None
    try:
        for frame in source.frames():
            if mask is None or mask.luma.shape != (frame.height, frame.width):
                mask = zone_mask_build(config.zones, frame.width, frame.height)
                log.info(
                    "frame size %dx%d, %d privacy zone(s)",
                    frame.width,
                    frame.height,
                    len(config.zones),
                )
            zone_mask_apply(frame.image, mask)
            result = detector.update(frame.luma)
            stats.frames += 1
            stats.moving_frames += result.moving
            entry = recorder.feed(frame, moving=result.moving, triggered=result.triggered)
            if entry is not None:
                stats.clips.append(entry)
            if stop.is_set():
                break
    finally:
        entry = recorder.close()
        if entry is not None:
            stats.clips.append(entry)
    return stats
