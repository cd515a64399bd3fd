"""Privacy-zone rasterising and burning into yuv420p frames."""

from __future__ import annotations

import av
import numpy as np
import pytest

from agent.config import Zone
from agent.zones import BLACK_Y, NEUTRAL_C, zone_mask_apply, zone_mask_build

LEFT_HALF = Zone("left", ((0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (0.0, 1.0)))


def _planes(frame: np.ndarray, width: int, height: int) -> tuple[np.ndarray, ...]:
    flat = frame.reshape(-1)
    size = (height // 2) * (width // 2)
    u = flat[width * height : width * height + size].reshape(height // 2, width // 2)
    v = flat[width * height + size :].reshape(height // 2, width // 2)
    return frame[:height], u, v


@pytest.mark.parametrize(("width", "height"), [(64, 48), (64, 54)])  # 54: odd chroma row count
def test_masked_pixels_become_black_and_the_rest_is_untouched(width, height):
    rng = np.random.default_rng(1)
    frame = rng.integers(0, 256, size=(height * 3 // 2, width), dtype=np.uint8)
    original = frame.copy()
    mask = zone_mask_build((LEFT_HALF,), width, height)
    zone_mask_apply(frame, mask)
    y, u, v = _planes(frame, width, height)
    y0, u0, v0 = _planes(original, width, height)
    assert (y[:, : width // 2] == BLACK_Y).all()
    assert (u[:, : width // 4] == NEUTRAL_C).all() and (v[:, : width // 4] == NEUTRAL_C).all()
    assert (y[:, width // 2 + 1 :] == y0[:, width // 2 + 1 :]).all()
    assert (u[:, width // 4 + 1 :] == u0[:, width // 4 + 1 :]).all()
    assert (v[:, width // 4 + 1 :] == v0[:, width // 4 + 1 :]).all()


def test_masked_frame_decodes_to_black_rgb_through_pyav():
    width, height = 64, 54
    frame = np.full((height * 3 // 2, width), 235, dtype=np.uint8)  # white
    frame[height:] = NEUTRAL_C
    triangle = Zone("t", ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
    zone_mask_apply(frame, zone_mask_build((triangle,), width, height))
    rgb = av.VideoFrame.from_ndarray(frame, format="yuv420p").to_ndarray(format="rgb24")
    assert rgb[2, 2].max() <= 2 and rgb[5, 30].max() <= 2  # inside the triangle
    assert rgb[height - 3, width - 3].min() >= 250  # the opposite corner stays white


def test_chroma_sample_is_masked_when_any_of_its_pixels_is():
    # A zone exactly one luma pixel wide still blacks out the chroma sample covering it.
    sliver = Zone("s", ((0.5, 0.0), (0.5 + 1 / 64, 0.0), (0.5 + 1 / 64, 1.0), (0.5, 1.0)))
    mask = zone_mask_build((sliver,), 64, 48)
    assert mask.luma[:, 32].all()
    assert mask.chroma[:, 16].all()


def test_no_zones_means_an_empty_mask_and_no_change():
    frame = np.arange(48 * 3 // 2 * 64, dtype=np.uint32).astype(np.uint8).reshape(72, 64)
    before = frame.copy()
    mask = zone_mask_build((), 64, 48)
    zone_mask_apply(frame, mask)
    assert mask.empty and (frame == before).all()


def test_odd_dimensions_and_wrong_shapes_are_refused():
    with pytest.raises(ValueError, match="even"):
        zone_mask_build((), 63, 48)
    with pytest.raises(ValueError, match="does not match"):
        zone_mask_apply(np.zeros((10, 10), np.uint8), zone_mask_build((), 64, 48))
