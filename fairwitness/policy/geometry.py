"""Areas on the Earth: request areas, jurisdictions, camera positions.

Coordinates are (longitude, latitude) in degrees on WGS84, in GeoJSON order.
Areas are measured geodesically on the WGS84 ellipsoid. Containment tests
(area inside jurisdiction, camera inside polygon) treat polygon edges as
straight lines in longitude/latitude, as GeoJSON does; at neighbourhood scale
the difference from geodesic edges is centimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyproj import Geod
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

LonLat = tuple[float, float]

_GEOD = Geod(ellps="WGS84")
# Vertices of the polygon that stands in for a circle in containment tests.
_CIRCLE_VERTICES = 128


def _lonlat_check(point: LonLat) -> None:
    lon, lat = point
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError(f"coordinates must be finite numbers, got {point}")
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValueError(
            f"coordinates must be [longitude, latitude] within [-180, 180] and [-90, 90], "
            f"got {list(point)}"
        )


@dataclass(frozen=True)
class PolygonArea:
    """A polygon; rings are closed (first point repeated last) with 4+ points.

    Raises ValueError on construction if the rings are malformed or the
    polygon is not valid (e.g. its edges cross).
    """

    exterior: tuple[LonLat, ...]
    holes: tuple[tuple[LonLat, ...], ...] = ()

    def __post_init__(self) -> None:
        for ring in (self.exterior, *self.holes):
            if len(ring) < 4 or ring[0] != ring[-1]:
                raise ValueError(
                    "a polygon ring needs at least 4 positions and must end where it starts"
                )
            for point in ring:
                _lonlat_check(point)
        if not self.shape().is_valid:
            raise ValueError("the polygon is not valid: its edges cross or its rings overlap")

    def shape(self) -> Polygon:
        return Polygon(self.exterior, self.holes)


@dataclass(frozen=True)
class CircleArea:
    """A geodesic circle: every point within ``radius_m`` metres of ``center``."""

    center: LonLat
    radius_m: float

    def __post_init__(self) -> None:
        _lonlat_check(self.center)
        if not (math.isfinite(self.radius_m) and self.radius_m > 0):
            raise ValueError(f"a circle's radius must be a positive number, got {self.radius_m}")
        if self.radius_m > 1_000_000:
            raise ValueError("a circle's radius must be at most 1,000 km")

    def shape(self) -> Polygon:
        """A polygon that contains the circle: its edges touch the circle.

        Vertices lie at radius r / cos(pi / n), so the polygon is never smaller
        than the circle and an area inside a jurisdiction is never overstated.
        """
        n = _CIRCLE_VERTICES
        outer = self.radius_m / math.cos(math.pi / n)
        azimuths = [360.0 * i / n for i in range(n)]
        lons, lats, _back = _GEOD.fwd(
            [self.center[0]] * n, [self.center[1]] * n, azimuths, [outer] * n
        )
        ring = list(zip(lons, lats, strict=True))
        return Polygon([*ring, ring[0]])


Area = PolygonArea | CircleArea


def _gaussian_radius_m(lat_deg: float) -> float:
    """Radius of the sphere with WGS84's Gaussian curvature at this latitude."""
    a = _GEOD.a
    e2 = _GEOD.es
    s2 = math.sin(math.radians(lat_deg)) ** 2
    meridional = a * (1 - e2) / (1 - e2 * s2) ** 1.5
    normal = a / math.sqrt(1 - e2 * s2)
    return math.sqrt(meridional * normal)


def area_sq_m(area: Area) -> float:
    """Geodesic area in square metres.

    A polygon is measured with geodesic edges on WGS84 (Karney's algorithm in
    pyproj). A circle's area is that of a geodesic disk on the sphere with the
    ellipsoid's Gaussian curvature at its centre, 2 pi R^2 (1 - cos(r / R));
    for neighbourhood-sized circles this equals the ellipsoidal value to well
    under a part per million, and tends to pi r^2 as r shrinks.
    """
    if isinstance(area, CircleArea):
        radius = _gaussian_radius_m(area.center[1])
        # 1 - cos x written as 2 sin^2(x / 2): no cancellation for small x.
        return 4 * math.pi * radius**2 * math.sin(area.radius_m / (2 * radius)) ** 2
    measured, _perimeter = _GEOD.geometry_area_perimeter(area.shape())
    return abs(measured)


def circle_radius_for_area_m(*, center_lat: float, area_sq_m: float) -> float:
    """The radius whose circle at this latitude has the given area (inverse of area_sq_m).

    Lets a map offer the largest circle the policy allows.
    """
    radius = _gaussian_radius_m(center_lat)
    return 2 * radius * math.asin(math.sqrt(area_sq_m / (4 * math.pi * radius**2)))


def area_contains_point(area: Area, point: LonLat) -> bool:
    """Whether a point lies in the area, boundary included."""
    if isinstance(area, CircleArea):
        _fwd, _back, distance = _GEOD.inv(area.center[0], area.center[1], point[0], point[1])
        return bool(distance <= area.radius_m)
    return bool(area.shape().covers(Point(point)))


def region_covers_area(region: tuple[PolygonArea, ...], area: Area) -> bool:
    """Whether the area lies wholly inside the union of the region's polygons."""
    if not region:
        return False
    union: BaseGeometry = unary_union([polygon.shape() for polygon in region])
    return bool(union.covers(area.shape()))
