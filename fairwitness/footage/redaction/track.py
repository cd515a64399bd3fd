"""From faces detected on some frames to the boxes to cover on every frame.

Detection runs on sampled frames only (every ``stride``-th frame, and the last).
Detections of consecutive samples are linked into tracks (greedy, by overlap or
by nearness of centres), and a track survives up to ``max_gap`` samples in which
the detector missed its face. On every frame, each track covers:

- between two sightings: the box interpolated between them, grown by the distance
  the face moved, so that a face that did not move in a straight line stays covered;
- before its first and after its last sighting, for ``hold`` frames: the nearest
  sighting's box, grown further.

Every box is then grown by ``grow`` of its size on each side. Privacy comes before
tidiness: every allowance errs on covering more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fairwitness.footage.redaction.boxes import Box, box_lerp


@dataclass(frozen=True, slots=True)
class TrackingSettings:
    stride: int = 2
    max_gap: int = 3
    hold: int = 8
    grow: float = 0.3
    link_iou: float = 0.05


@dataclass(slots=True)
class Track:
    """One face's sightings: (frame index, box), in frame order."""

    sightings: list[tuple[int, Box]] = field(default_factory=list)

    @property
    def last(self) -> tuple[int, Box]:
        return self.sightings[-1]


def _linked(track_box: Box, box: Box, *, link_iou: float, samples: int) -> bool:
    """Whether ``box``, ``samples`` samples after ``track_box``, is the same face: they
    overlap, or the centres are within a face's size per sample elapsed."""
    if track_box.iou(box) >= link_iou:
        return True
    (ax, ay), (bx, by) = track_box.centre, box.centre
    reach = max(track_box.width, track_box.height, box.width, box.height) * max(1, samples)
    return abs(ax - bx) <= reach and abs(ay - by) <= reach


def tracks_build(
    detections: list[tuple[int, list[Box]]], *, settings: TrackingSettings
) -> list[Track]:
    """Link per-sample detections (in frame order) into tracks."""
    tracks: list[Track] = []
    open_tracks: list[Track] = []
    for frame, boxes in detections:
        still_open = [
            t for t in open_tracks if frame - t.last[0] <= settings.stride * (settings.max_gap + 1)
        ]
        candidates = sorted(
            (
                (-t.last[1].iou(box), ti, bi)
                for ti, t in enumerate(still_open)
                for bi, box in enumerate(boxes)
                if _linked(
                    t.last[1],
                    box,
                    link_iou=settings.link_iou,
                    samples=(frame - t.last[0]) // settings.stride,
                )
            ),
        )
        used_tracks: set[int] = set()
        used_boxes: set[int] = set()
        for _, ti, bi in candidates:
            if ti in used_tracks or bi in used_boxes:
                continue
            still_open[ti].sightings.append((frame, boxes[bi]))
            used_tracks.add(ti)
            used_boxes.add(bi)
        for bi, box in enumerate(boxes):
            if bi not in used_boxes:
                track = Track(sightings=[(frame, box)])
                tracks.append(track)
                still_open.append(track)
        open_tracks = still_open
    return tracks


def _displacement(a: Box, b: Box) -> float:
    return max(abs(a.x0 - b.x0), abs(a.y0 - b.y0), abs(a.x1 - b.x1), abs(a.y1 - b.y1))


def track_box_at(track: Track, frame: int, *, settings: TrackingSettings) -> Box | None:
    """The box covering ``track``'s face on ``frame``, or None when the track is not there."""
    first_frame, first_box = track.sightings[0]
    last_frame, last_box = track.sightings[-1]
    if frame < first_frame - settings.hold or frame > last_frame + settings.hold:
        return None
    if frame <= first_frame:
        return first_box.grown(factor=settings.grow * 1.5)
    if frame >= last_frame:
        return last_box.grown(factor=settings.grow * 1.5)
    for (fa, a), (fb, b) in zip(track.sightings, track.sightings[1:], strict=False):
        if fa <= frame <= fb:
            t = (frame - fa) / (fb - fa) if fb > fa else 0.0
            moved = _displacement(a, b)
            return box_lerp(a, b, t).grown(factor=settings.grow, pad=moved / 2)
    return None  # pragma: no cover - the sightings span first..last


def frame_boxes(tracks: list[Track], frame: int, *, settings: TrackingSettings) -> list[Box]:
    """Every box to cover on ``frame``."""
    found = (track_box_at(t, frame, settings=settings) for t in tracks)
    return [box for box in found if box is not None]
