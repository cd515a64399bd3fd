"""Axis-aligned boxes in source-frame pixels: the only thing redaction keeps about a face.

A Box is four numbers. Nothing here (or anywhere in redaction) describes what is
inside a box: no landmarks, no crops, no features.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def grown(self, *, factor: float, pad: float = 0.0) -> Box:
        """This box widened by ``factor`` of its size on each side, plus ``pad`` pixels."""
        dx = self.width * factor + pad
        dy = self.height * factor + pad
        return Box(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def iou(self, other: Box) -> float:
        ix = max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))
        inter = ix * iy
        total = self.width * self.height + other.width * other.height - inter
        return inter / total if total > 0 else 0.0

    def covers(self, other: Box) -> bool:
        return (
            self.x0 <= other.x0
            and self.y0 <= other.y0
            and self.x1 >= other.x1
            and self.y1 >= other.y1
        )

    def scaled(self, sx: float, sy: float) -> Box:
        return Box(self.x0 * sx, self.y0 * sy, self.x1 * sx, self.y1 * sy)

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.x1, 1), round(self.y1, 1)]


def box_lerp(a: Box, b: Box, t: float) -> Box:
    """The box ``t`` of the way from ``a`` to ``b`` (0 <= t <= 1)."""
    return Box(
        a.x0 + (b.x0 - a.x0) * t,
        a.y0 + (b.y0 - a.y0) * t,
        a.x1 + (b.x1 - a.x1) * t,
        a.y1 + (b.y1 - a.y1) * t,
    )


@dataclass(frozen=True, slots=True)
class ManualBox:
    """A box the owner drew over a time range: fractions of the frame (0..1), seconds.

    Covered on every frame whose time is in ``[start_s, end_s]``, whatever the detector
    found there.
    """

    start_s: float
    end_s: float
    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        if not (0 <= self.start_s <= self.end_s):
            raise ValueError("a box's time range must start at 0 or later and not end before it")
        if not (0 <= self.x < 1 and 0 <= self.y < 1 and self.width > 0 and self.height > 0):
            raise ValueError("a box must lie inside the frame and have a size")

    def at(self, seconds: float, *, frame_size: tuple[int, int]) -> Box | None:
        if not (self.start_s <= seconds <= self.end_s):
            return None
        w, h = frame_size
        return Box(
            self.x * w,
            self.y * h,
            min(1.0, self.x + self.width) * w,
            min(1.0, self.y + self.height) * h,
        )

    def as_json(self) -> dict[str, float]:
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "x": self.x,
            "y": self.y,
            "width": self.width,
            "height": self.height,
        }

    @classmethod
    def from_json(cls, data: dict[str, float]) -> ManualBox:
        return cls(
            start_s=float(data["start_s"]),
            end_s=float(data["end_s"]),
            x=float(data["x"]),
            y=float(data["y"]),
            width=float(data["width"]),
            height=float(data["height"]),
        )
