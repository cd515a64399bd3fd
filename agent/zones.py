"""Privacy zones burned into YUV 4:2:0 frames before anything else sees them.

Frames travel through the agent as planar yuv420p arrays of shape (h * 3 // 2, w): the Y plane
on top, then U and V (each h/2 x w/2) packed below it, which is PyAV's own ndarray layout. Burning
into this layout means a masked pixel never exists in any colour-converted copy.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from agent.config import Zone

# Limited-range black: Y=16 with neutral chroma decodes to RGB (0, 0, 0).
BLACK_Y = 16
NEUTRAL_C = 128


@dataclass(frozen=True)
class ZoneMask:
    """Boolean masks for one frame size: `luma` is (h, w), `chroma` is (h/2, w/2).

    A chroma sample is masked when any of the four luma pixels it covers is masked, so no colour
    from a masked pixel bleeds into the clip.
    """

    luma: npt.NDArray[np.bool_]
    chroma: npt.NDArray[np.bool_]

    @property
    def empty(self) -> bool:
        return not bool(self.luma.any())


@functools.lru_cache(maxsize=8)
def zone_mask_for(zones: tuple[Zone, ...], width: int, height: int) -> ZoneMask:
    """zone_mask_build, cached: the capture loop asks for the same mask on every frame."""
    return zone_mask_build(zones, width, height)


def zone_mask_build(zones: tuple[Zone, ...], width: int, height: int) -> ZoneMask:
    """Rasterise normalised polygons at a frame size. Width and height must be even."""
    if width % 2 or height % 2:
        raise ValueError(f"yuv420p needs even dimensions, got {width}x{height}")
    canvas = np.zeros((height, width), dtype=np.uint8)
    for zone in zones:
        # Scale to the pixel grid; x=1.0 maps to the far edge so a full-width zone covers it.
        pts = np.array([(x * width, y * height) for x, y in zone.points], dtype=np.float64)
        cv2.fillPoly(canvas, [np.round(pts).astype(np.int32)], color=255)
    luma = canvas.astype(bool)
    chroma = np.asarray(luma.reshape(height // 2, 2, width // 2, 2).any(axis=(1, 3)))
    return ZoneMask(luma=luma, chroma=chroma)


def zone_mask_apply(frame: npt.NDArray[np.uint8], mask: ZoneMask) -> None:
    """Black out the masked pixels of a yuv420p frame in place.

    Precondition: `frame` is C-contiguous with shape (h * 3 // 2, w) matching the mask. The U
    and V planes follow the Y plane back to back, (h/2) x (w/2) samples each; they are addressed
    through a flat view because their rows need not align with the array's rows.
    """
    height, width = mask.luma.shape
    if frame.shape != (height * 3 // 2, width) or not frame.flags.c_contiguous:
        raise ValueError(f"frame shape {frame.shape} does not match mask {width}x{height}")
    if mask.empty:
        return
    np.copyto(frame[:height], BLACK_Y, where=mask.luma)
    flat = frame.reshape(-1)
    plane_size = (height // 2) * (width // 2)
    for start in (height * width, height * width + plane_size):
        plane = flat[start : start + plane_size].reshape(height // 2, width // 2)
        np.copyto(plane, NEUTRAL_C, where=mask.chroma)
