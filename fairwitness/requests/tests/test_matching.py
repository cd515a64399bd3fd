"""H3 matching finds exactly the cameras inside an area, whatever cells they fall in."""

from __future__ import annotations

import random

import h3
import numpy as np
import pytest

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras.models import COARSE_CELL_RESOLUTION, Camera
from fairwitness.policy.geometry import Area, CircleArea, PolygonArea, area_contains_point
from fairwitness.requests.matching import area_cells, area_contains, cameras_in_area

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
