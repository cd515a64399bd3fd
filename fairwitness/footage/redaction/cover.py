"""Covering boxes irreversibly: a solid fill of the luma and chroma planes.

The pixels under a box are replaced, not filtered, so nothing of the face can be
recovered from the release copy (a blur can be partly undone; a fill cannot).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from fairwitness.footage.redaction.boxes import Box

# Video-range black.
LUMA_FILL = 16
CHROMA_FILL = 128


def _even_bounds(box: Box, width: int, height: int) -> tuple[int, int, int, int] | None:
    """The box rounded outward to even pixels (chroma is subsampled 2x2) and clipped."""
    x0 = max(0, math.floor(box.x0 / 2) * 2)
    y0 = max(0, math.floor(box.y0 / 2) * 2)
    x1 = min(width, math.ceil(box.x1 / 2) * 2)
    y1 = min(height, math.ceil(box.y1 / 2) * 2)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1


def yuv420_cover(image: np.ndarray, boxes: Iterable[Box]) -> int:
    """Fill ``boxes`` in a yuv420p image as PyAV lays it out (``(h * 3 // 2, w)``: the
    Y plane, then U and V each as ``h // 4`` rows), in place; returns how many were drawn."""
    height = image.shape[0] * 2 // 3
    width = image.shape[1]
    luma = image[:height]
    chroma_size = (height // 2) * (width // 2)
    flat = image[height:].reshape(-1)
    u_plane = flat[:chroma_size].reshape(height // 2, width // 2)
    v_plane = flat[chroma_size : 2 * chroma_size].reshape(height // 2, width // 2)
    drawn = 0
    for box in boxes:
        bounds = _even_bounds(box, width, height)
        if bounds is None:
            continue
        x0, y0, x1, y1 = bounds
        luma[y0:y1, x0:x1] = LUMA_FILL
        u_plane[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = CHROMA_FILL
        v_plane[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = CHROMA_FILL
        drawn += 1
    return drawn
