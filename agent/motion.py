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
    first frame only seeds the background. Pixels under `ignore` (the privacy zones) are held
    at zero in both the frame and the background, so they can never register motion.
    """

    def __init__(self, config: MotionConfig) -> None:
        self.config = config
        self._background: npt.NDArray[np.float32] | None = None
        self._streak = 0
        self._kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
        self._ignore: tuple[int, npt.NDArray[np.bool_]] | None = None
        self._last: tuple[float, MotionResult] | None = None
        self.runs = 0

    def observe(
        self,
        luma: npt.NDArray[np.uint8],
        wall_time: float,
        ignore: npt.NDArray[np.bool_] | None = None,
    ) -> MotionResult:
        """`update` at most `detect_fps` times per second of video; in between, the previous
        verdict stands. `frames_to_trigger` therefore counts detector runs."""
        if self._last is not None and self.config.detect_fps > 0:
            last_time, last_result = self._last
            # A 1 ms allowance so 30 fps video with detect_fps 10 runs on every third frame.
            if 0 <= wall_time - last_time < 1.0 / self.config.detect_fps - 0.001:
                return last_result
        result = self.update(luma, ignore)
        self._last = (wall_time, result)
        return result

    def _size(self, luma: npt.NDArray[np.uint8]) -> tuple[int, int]:
        height, width = luma.shape
        target_w = min(self.config.width, width)
        return target_w, max(1, round(height * target_w / width))

    def downscale(self, luma: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
        """Resize to `config.width` wide (keeping aspect), then blur.

        INTER_NEAREST rather than INTER_AREA: at 1080p the area filter costs ~2.5 ms a frame in
        OpenCV 5 against ~0.1 ms, and the Gaussian blur on the small image does the noise
        reduction that area averaging would have done.
        """
        small = cv2.resize(luma, self._size(luma), interpolation=cv2.INTER_NEAREST)
        return np.asarray(cv2.GaussianBlur(small, (5, 5), 0), dtype=np.uint8)

    def _ignore_small(
        self, ignore: npt.NDArray[np.bool_], size: tuple[int, int]
    ) -> npt.NDArray[np.bool_]:
        # Cached by identity: the caller passes the same cached zone mask on every frame.
        if self._ignore is None or self._ignore[0] != id(ignore):
            scaled = cv2.resize(ignore.astype(np.uint8), size, interpolation=cv2.INTER_AREA)
            grown = cv2.dilate((scaled > 0).astype(np.uint8), self._kernel) > 0
            self._ignore = (id(ignore), np.asarray(grown, dtype=np.bool_))
        return self._ignore[1]

    def update(
        self, luma: npt.NDArray[np.uint8], ignore: npt.NDArray[np.bool_] | None = None
    ) -> MotionResult:
        """Compare one frame against the background, then fold it into the background.

        `ignore` is a full-size boolean mask of pixels that must never count as motion.
        """
        self.runs += 1
        small = self.downscale(luma)
        if ignore is not None and ignore.any():
            small[self._ignore_small(ignore, (small.shape[1], small.shape[0]))] = 0
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
