"""Geodesic areas and containment."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod

from fairwitness.policy.geometry import (
    CircleArea,
    PolygonArea,
    area_contains_point,
    area_sq_m,
    circle_radius_for_area_m,
    region_covers_area,
)
from fairwitness.policy.tests.factories import square


@pytest.mark.parametrize(("lon", "lat"), [(-87.65, 41.9), (0.0, 0.0), (18.07, 59.33)])
def test_circle_area_matches_a_dense_geodesic_polygon(lon: float, lat: float):
    radius = 450.0
    n = 20000
    geod = Geod(ellps="WGS84")
    lons, lats, _ = geod.fwd([lon] * n, [lat] * n, [360 * i / n for i in range(n)], [radius] * n)
    polygon_area = abs(geod.polygon_area_perimeter(lons, lats)[0])
    assert area_sq_m(CircleArea(center=(lon, lat), radius_m=radius)) == pytest.approx(
        polygon_area, rel=1e-6
    )
    assert area_sq_m(CircleArea(center=(lon, lat), radius_m=radius)) == pytest.approx(
        math.pi * radius**2, rel=1e-5
    )


def test_polygon_area_accounts_for_latitude():
    """GIVEN squares of equal degrees WHEN measured THEN the one at 60 deg is about half.

    On WGS84 the ratio is cos(60) / (1 - e^2 sin^2(60))^2, a little over one half.
    """
    at_equator = area_sq_m(square(0.0, 0.0, 0.005))
    at_sixty = area_sq_m(square(0.0, 60.0, 0.005))
    assert at_equator == pytest.approx(1113.2 * 1105.7, rel=1e-3)
    e2 = Geod(ellps="WGS84").es
    expected = 0.5 / (1 - e2 * 0.75) ** 2
    assert at_sixty / at_equator == pytest.approx(expected, rel=1e-4)


def test_polygon_area_does_not_depend_on_ring_direction():
    ring = square(10.0, 50.0, 0.01).exterior
    assert area_sq_m(PolygonArea(exterior=ring[::-1])) == pytest.approx(
        area_sq_m(PolygonArea(exterior=ring))
    )


def test_radius_for_area_inverts_area():
    radius = circle_radius_for_area_m(center_lat=41.9, area_sq_m=647_497.0)
    assert area_sq_m(CircleArea(center=(-87.65, 41.9), radius_m=radius)) == pytest.approx(
        647_497.0, rel=1e-12
    )


def test_circle_contains_points_by_geodesic_distance():
    circle = CircleArea(center=(0.0, 45.0), radius_m=1000.0)
    geod = Geod(ellps="WGS84")
    inside_lon, inside_lat, _ = geod.fwd(0.0, 45.0, 37.0, 999.0)
    outside_lon, outside_lat, _ = geod.fwd(0.0, 45.0, 37.0, 1001.0)
    assert area_contains_point(circle, (inside_lon, inside_lat))
    assert not area_contains_point(circle, (outside_lon, outside_lat))


def test_circle_polygon_contains_the_circle():
    """The polygon standing in for a circle must not cut off any of it."""
    circle = CircleArea(center=(0.0, 45.0), radius_m=1000.0)
    shape = circle.shape()
    geod = Geod(ellps="WGS84")
    for azimuth in range(0, 360, 7):
        lon, lat, _ = geod.fwd(0.0, 45.0, azimuth + 0.5, 1000.0)
        assert area_contains_point(PolygonArea(exterior=tuple(shape.exterior.coords)), (lon, lat))


def test_region_cover_needs_the_whole_area():
    region = (square(0.0, 0.0, 0.01),)
    assert region_covers_area(region, square(0.0, 0.0, 0.005))
    assert region_covers_area(region, square(0.0, 0.0, 0.01))
    assert not region_covers_area(region, square(0.006, 0.0, 0.005))
    assert not region_covers_area((), square(0.0, 0.0, 0.005))


@pytest.mark.parametrize(
    "ring",
    [
        ((0.0, 0.0), (1.0, 0.0), (0.0, 0.0)),
        ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)),
        ((0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)),
        ((0.0, 0.0), (200.0, 0.0), (1.0, 1.0), (0.0, 0.0)),
    ],
)
def test_malformed_polygons_refused(ring: tuple[tuple[float, float], ...]):
    with pytest.raises(ValueError):
        PolygonArea(exterior=ring)


@pytest.mark.parametrize("radius", [0.0, -5.0, math.inf, math.nan, 2_000_000.0])
def test_bad_circle_radius_refused(radius: float):
    with pytest.raises(ValueError):
        CircleArea(center=(0.0, 0.0), radius_m=radius)
