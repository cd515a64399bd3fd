"""Motion detection on downscaled grayscale frames against a running-average background."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from agent.config import MotionConfig


@dataclass(frozen=True)
class MotionResult:
    """One frame's verdict.

    `area` is the largest changed region as a fraction of the frame; `moving` says whether it
    reached `min_area`; `triggered` says whether `frames_to_trigger` consecutive frames have been
    moving (one noisy frame never starts a clip). `boxes` are (x, y, w, h) in normalised units.
    """

    moving: bool
    triggered: bool
    area: float
    boxes: tuple[tuple[float, float, float, float], ...]


class MotionDetector:
    """Stateful detector; feed it the luma (Y) plane of every frame in order.

    The background is an exponential running average (cv2.accumulateWeighted with
    `background_alpha`), so slow lighting changes fade in while a moving object stands out. The
    first frame only seeds the background. Privacy zones are burned in before frames get here,
    so a masked area is constant and can never register motion.
    """

    def __init__(self, config: MotionConfig) -> None:
        self.config = config
        self._background: npt.NDArray[np.float32] | None = None
        self._streak = 0
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))

    def downscale(self, luma: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
        """Resize to `config.width` wide (keeping aspect) with INTER_AREA, which averages pixels
        and so doubles as noise reduction."""
        height, width = luma.shape
        target_w = min(self.config.width, width)
        target_h = max(1, round(height * target_w / width))
        small = cv2.resize(luma, (target_w, target_h), interpolation=cv2.INTER_AREA)
        return np.asarray(cv2.GaussianBlur(small, (5, 5), 0), dtype=np.uint8)

    def update(self, luma: npt.NDArray[np.uint8]) -> MotionResult:
        """Compare one frame against the background, then fold it into the background."""
        small = self.downscale(luma)
        if self._background is None or self._background.shape != small.shape:
            self._background = small.astype(np.float32)
            self._streak = 0
            return MotionResult(moving=False, triggered=False, area=0.0, boxes=())
        diff = cv2.absdiff(small, cv2.convertScaleAbs(self._background))
        cv2.accumulateWeighted(small, self._background, self.config.background_alpha)
        _, binary = cv2.threshold(diff, self.config.threshold, 255, cv2.THRESH_BINARY)
        binary = cv2.dilate(binary, self._kernel, iterations=2)
        contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        total = float(small.shape[0] * small.shape[1])
        largest = 0.0
        boxes: list[tuple[float, float, float, float]] = []
        for contour in contours:
            area = cv2.contourArea(contour) / total
            if area >= self.config.min_area:
                x, y, w, h = cv2.boundingRect(contour)
                sh, sw = small.shape
                boxes.append((x / sw, y / sh, w / sw, h / sh))
            largest = max(largest, area)
        moving = largest >= self.config.min_area
        self._streak = self._streak + 1 if moving else 0
        return MotionResult(
            moving=moving,
            triggered=self._streak >= self.config.frames_to_trigger,
            area=largest,
            boxes=tuple(boxes),
        )
