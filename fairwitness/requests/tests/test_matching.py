"""H3 matching finds exactly the cameras inside an area, whatever cells they fall in."""

from __future__ import annotations

import random

import h3
import numpy as np
import pytest
from pyproj import Geod

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras.models import (
    COARSE_CELL_RESOLUTION,
    MATCH_CELL_RESOLUTION,
    Camera,
    match_cell_for,
)
from fairwitness.policy.geometry import Area, CircleArea, PolygonArea, area_contains_point
from fairwitness.requests.matching import (
    area_cells,
    area_contains,
    area_match_ranges,
    cameras_in_area,
    cell_range,
    match_resolution,
)

AREAS: list[Area] = [
    CircleArea(center=(-122.65, 45.46), radius_m=455.0),
    CircleArea(center=(-122.6612, 45.4701), radius_m=120.0),
    CircleArea(center=(-122.65, 45.46), radius_m=6000.0),
    CircleArea(center=(24.94, 69.9), radius_m=455.0),
    PolygonArea(
        exterior=(
            (-122.660, 45.455),
            (-122.652, 45.455),
            (-122.652, 45.461),
            (-122.656, 45.458),
            (-122.660, 45.461),
            (-122.660, 45.455),
        )
    ),
]


@pytest.mark.parametrize(
    "area", AREAS, ids=["large-circle", "small-circle", "huge-circle", "far-north", "concave"]
)
def test_every_point_inside_an_area_lies_in_one_of_its_cells(area: Area) -> None:
    rng = random.Random(7)
    minx, miny, maxx, maxy = area.shape().bounds
    cells = area_cells(area)
    lons = np.array([rng.uniform(minx, maxx) for _ in range(4000)])
    lats = np.array([rng.uniform(miny, maxy) for _ in range(4000)])
    inside = area_contains(area, lons, lats)
    assert inside.any()
    for lon, lat, flag in zip(lons, lats, inside, strict=True):
        assert flag == area_contains_point(area, (lon, lat))
        if flag:
            assert h3.latlng_to_cell(lat, lon, COARSE_CELL_RESOLUTION) in cells


@pytest.mark.django_db
def test_cameras_in_area_equals_a_full_scan() -> None:
    rng = random.Random(11)
    owner = person_create(Role.RESIDENT)
    Camera.objects.bulk_create(
        [
            Camera(
                owner=owner,
                name=f"c{i}",
                latitude=(lat := 45.46 + rng.uniform(-0.02, 0.02)),
                longitude=(lon := -122.65 + rng.uniform(-0.03, 0.03)),
                coarse_cell=h3.latlng_to_cell(lat, lon, COARSE_CELL_RESOLUTION),
                match_cell=match_cell_for(latitude=lat, longitude=lon),
            )
            for i in range(600)
        ]
    )
    for area in [a for a in AREAS if a.shape().bounds[1] < 46]:  # the cameras are near 45.46 N
        expected = {
            c.pk
            for c in Camera.objects.all()
            if area_contains_point(area, (c.longitude, c.latitude))
        }
        assert expected
        assert {c.pk for c in cameras_in_area(area=area)} == expected


@pytest.mark.parametrize(
    "area", AREAS, ids=["large-circle", "small-circle", "huge-circle", "far-north", "concave"]
)
def test_every_point_inside_an_area_has_its_match_cell_in_the_areas_ranges(area: Area) -> None:
    rng = random.Random(8)
    minx, miny, maxx, maxy = area.shape().bounds
    ranges = area_match_ranges(area)
    lows = np.array([low for low, _high in ranges])
    highs = np.array([high for _low, high in ranges])
    lons = np.array([rng.uniform(minx, maxx) for _ in range(6000)])
    lats = np.array([rng.uniform(miny, maxy) for _ in range(6000)])
    inside = area_contains(area, lons, lats)
    assert inside.sum() > 1000
    for lon, lat in zip(lons[inside], lats[inside], strict=True):
        cell = match_cell_for(latitude=float(lat), longitude=float(lon))
        assert ((lows <= cell) & (cell <= highs)).any(), (lon, lat)


def test_a_policy_sized_area_is_covered_tightly_at_the_finest_resolution() -> None:
    """0.25 sq mi, the policy's largest community area: resolution-11 ranges that reach
    no camera 150 m beyond the edge (a resolution-8 cell is about 1 km across)."""
    area = CircleArea(center=(-122.65, 45.46), radius_m=455.0)
    assert match_resolution(area) == MATCH_CELL_RESOLUTION
    ranges = area_match_ranges(area)
    assert len(ranges) < 120

    def in_ranges(cell: int) -> bool:
        return any(low <= cell <= high for low, high in ranges)

    geod = Geod(ellps="WGS84")
    for azimuth in range(0, 360, 15):
        for distance, expected in ((450.0, True), (605.0, False)):
            lon, lat, _back = geod.fwd(-122.65, 45.46, azimuth, distance)
            assert in_ranges(match_cell_for(latitude=lat, longitude=lon)) is expected


def test_a_cells_range_holds_exactly_its_resolution_11_descendants() -> None:
    parent = h3.latlng_to_cell(45.46, -122.65, 9)
    low, high = cell_range(int(h3.str_to_int(parent)))
    children = {int(h3.str_to_int(c)) for c in h3.cell_to_children(parent, MATCH_CELL_RESOLUTION)}
    assert all(low <= child <= high for child in children)
    around = h3.grid_disk(h3.latlng_to_cell(45.46, -122.65, MATCH_CELL_RESOLUTION), 12)
    for cell in around:
        number = int(h3.str_to_int(cell))
        assert (low <= number <= high) == (number in children), cell
    with pytest.raises(ValueError, match="finer"):
        cell_range(int(h3.str_to_int(h3.latlng_to_cell(45.46, -122.65, 12))))
