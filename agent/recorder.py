"""Cutting clips: pre-roll ring buffer, post-roll after motion ends, and a maximum length.

The pre-roll buffer holds references to decoded frames (memory only; roughly 3 MB per 1080p
frame, so 3 s at 30 fps is ~280 MB). Privacy zones are burned in by the ClipWriter as each
frame is encoded; nothing unmasked is ever written to disk.

State machine (one instance per source):

    idle --triggered--> recording      the pre-roll frames, then the live ones, go to a new clip
    recording --no motion for post_roll--> idle          the clip is committed to the spool
    recording --clip reached max_length--> recording     the clip is committed and the next frame
                                                         starts a new one (no frame is lost)
    any --close()--> idle                                end of source: the open clip is committed
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from agent.config import ClipConfig, Zone
from agent.encoder import ClipWriter
from agent.source import Frame
from agent.spool import PendingClip, Spool, SpoolEntry
from agent.zones import zone_mask_for

log = logging.getLogger("agent.recorder")

WriterFactory = Callable[[PendingClip, Frame, float], ClipWriter]


@dataclass
class _OpenClip:
    pending: PendingClip
    writer: ClipWriter


class ClipRecorder:
    """Feeds masked frames into clips and commits finished clips to the spool."""

    def __init__(
        self,
        config: ClipConfig,
        spool: Spool,
        *,
        camera: str,
        zones: tuple[Zone, ...] = (),
        writer_factory: WriterFactory | None = None,
    ) -> None:
        self.config = config
        self.zones = zones
        self.spool = spool
        self.camera = camera
        self.writer_factory = writer_factory or self._writer_default
        self._preroll: deque[Frame] = deque()
        self._times: deque[float] = deque(maxlen=30)
        self._open: _OpenClip | None = None
        self._recording = False
        self._last_motion = 0.0
        # The most recent clips, for callers and tests; bounded so a long run does not grow.
        self.committed: deque[SpoolEntry] = deque(maxlen=256)

    @property
    def recording(self) -> bool:
        return self._recording

    def fps_estimate(self) -> float:
        """Frames per second over the last 30 frames (30 if too few frames were seen)."""
        if len(self._times) < 2 or self._times[-1] <= self._times[0]:
            return 30.0
        return (len(self._times) - 1) / (self._times[-1] - self._times[0])

    def _writer_default(self, pending: PendingClip, frame: Frame, fps: float) -> ClipWriter:
        return ClipWriter(
            pending.clip_path,
            width=frame.width,
            height=frame.height,
            fps=fps,
            preset=self.config.preset,
            crf=self.config.crf,
            mask=zone_mask_for(self.zones, frame.width, frame.height),
        )

    def feed(self, frame: Frame, *, moving: bool, triggered: bool) -> SpoolEntry | None:
        """Take the next frame with its motion verdict; returns an entry when a clip finished."""
        now = frame.wall_time
        self._times.append(now)
        if not self._recording:
            self._preroll.append(frame)
            while self._preroll and self._preroll[0].wall_time < now - self.config.pre_roll:
                self._preroll.popleft()
            if not triggered:
                return None
            log.info("motion start")
            self._recording = True
            self._last_motion = now
            # The pre-roll buffer already ends with this frame.
            for buffered in self._preroll:
                self._write(buffered)
            self._preroll.clear()
            return None
        if moving:
            self._last_motion = now
        if now - self._last_motion >= self.config.post_roll:
            self._write(frame)
            log.info("motion stop")
            self._recording = False
            return self._commit()
        first = self._open.writer.first_time if self._open is not None else None
        if first is not None and now - first >= self.config.max_length:
            log.info(
                "clip reached max length %.0f s; continuing in a new clip", self.config.max_length
            )
            entry = self._commit()
            self._write(frame)
            return entry
        self._write(frame)
        return None

    def close(self) -> SpoolEntry | None:
        """Commit the open clip, if any (call at the end of the source or on shutdown)."""
        self._recording = False
        self._preroll.clear()
        return self._commit() if self._open is not None else None

    def _write(self, frame: Frame) -> None:
        if self._open is None:
            pending = self.spool.clip_begin()
            writer = self.writer_factory(pending, frame, self.fps_estimate())
            self._open = _OpenClip(pending=pending, writer=writer)
        self._open.writer.write(frame)

    def _commit(self) -> SpoolEntry | None:
        clip, self._open = self._open, None
        if clip is None:
            return None
        writer = clip.writer
        try:
            writer.close()
        except Exception:
            log.exception("encoding failed; clip %s discarded", clip.pending.upload_id)
            writer.abort()
            self.spool.clip_discard(clip.pending)
            return None
        assert writer.first_time is not None and writer.last_time is not None
        duration = writer.last_time - writer.first_time + 1.0 / self.fps_estimate()
        entry = self.spool.clip_commit(
            clip.pending, started_at=writer.first_time, duration=duration, camera=self.camera
        )
        log.info(
            "clip written: %s, %.1f s, %d frames, %.1f KiB",
            entry.upload_id,
            duration,
            writer.frames,
            entry.size / 1024,
        )
        self.committed.append(entry)
        return entry
