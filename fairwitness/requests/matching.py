"""Matching a request area to cameras through H3 cells, then refining exactly.

Cameras store only a coarse H3 cell (resolution 8) for matching. An area becomes
the set of resolution-8 cells that overlap it (H3's "overlap" containment, plus
the cells of the outline's vertices as a guard). The indexed
``coarse_cell IN (...)`` lookup returns the few hundred candidates in those cells,
as plain (id, latitude, longitude) tuples, and a vectorised test keeps those whose
exact position lies inside the area: geodesic distance for a circle, point in
polygon otherwise. This is the same test as the policy's ``area_contains_point``.
"""

from __future__ import annotations

import math
from datetime import datetime

import h3
import numpy as np
import shapely
from django.db import connections
from django.db.models import Exists, OuterRef, QuerySet
from pyproj import Geod

from fairwitness.cameras.models import COARSE_CELL_RESOLUTION, Camera
from fairwitness.footage.models import Clip, ClipState
from fairwitness.policy.geometry import Area, CircleArea
from fairwitness.requests.models import OwnerPreference

_GEOD = Geod(ellps="WGS84")


# A circle's cells come from a 24-gon around it: enough, since any cell the circle
# touches overlaps the polygon that contains it, and far cheaper than the 128-gon.
_CELL_POLYGON_VERTICES = 24
# Points this much nearer or farther than the radius (in the planar estimate below) are
# decided without the exact geodesic; the estimate is off by far less at this scale.
_ESTIMATE_MARGIN = 0.02
_ESTIMATE_MAX_RADIUS_M = 5_000.0


def _outline(area: Area) -> list[tuple[float, float]]:
    if not isinstance(area, CircleArea):
        return list(area.shape().exterior.coords)
    n = _CELL_POLYGON_VERTICES
    outer = area.radius_m / math.cos(math.pi / n)
    azimuths = [360.0 * i / n for i in range(n)]
    lons, lats, _back = _GEOD.fwd([area.center[0]] * n, [area.center[1]] * n, azimuths, [outer] * n)
    ring = list(zip(lons, lats, strict=True))
    return [*ring, ring[0]]


def area_cells(area: Area, *, resolution: int = COARSE_CELL_RESOLUTION) -> set[str]:
    exterior = _outline(area)
    outline = h3.LatLngPoly([(lat, lon) for lon, lat in exterior[:-1]])
    cells = set(h3.h3shape_to_cells_experimental(outline, resolution, contain="overlap"))
    cells.update(h3.latlng_to_cell(lat, lon, resolution) for lon, lat in exterior)
    return cells


def area_contains(area: Area, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """A boolean per point: inside the area, boundary included."""
    if len(lons) == 0:
        return np.zeros(0, dtype=bool)
    if isinstance(area, CircleArea) and area.radius_m > _ESTIMATE_MAX_RADIUS_M:
        centre_lon, centre_lat = (
            np.full(len(lons), area.center[0]),
            np.full(len(lons), area.center[1]),
        )
        return np.asarray(_GEOD.inv(centre_lon, centre_lat, lons, lats)[2]) <= area.radius_m
    if isinstance(area, CircleArea):
        lon0, lat0 = area.center
        north = (lats - lat0) * 111_132.0
        east = (lons - lon0) * 111_320.0 * math.cos(math.radians(lat0))
        estimate = np.hypot(north, east) / area.radius_m
        inside = estimate <= 1 - _ESTIMATE_MARGIN
        unsure = np.flatnonzero(np.abs(estimate - 1) < _ESTIMATE_MARGIN)
        if len(unsure):
            _fwd, _back, distance = _GEOD.inv(
                np.full(len(unsure), lon0), np.full(len(unsure), lat0), lons[unsure], lats[unsure]
            )
            inside[unsure] = np.asarray(distance) <= area.radius_m
        return inside
    return np.asarray(shapely.intersects_xy(area.shape(), lons, lats))


def camera_ids_in_area(*, area: Area, candidates: QuerySet[Camera] | None = None) -> list[int]:
    query = Camera.objects.all() if candidates is None else candidates
    lookup = query.filter(coarse_cell__in=area_cells(area)).values_list(
        "pk", "longitude", "latitude"
    )
    # The queryset's own SQL, fetched as plain tuples: this runs for every request and
    # can return a thousand candidates, where building row objects would dominate.
    sql, params = lookup.query.sql_with_params()
    with connections[lookup.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    table = np.array(rows, dtype=float)
    inside = area_contains(area, table[:, 1], table[:, 2])
    return [int(pk) for pk in table[inside, 0]]


def cameras_in_area(*, area: Area, candidates: QuerySet[Camera] | None = None) -> list[Camera]:
    """Cameras whose exact position lies in ``area`` (boundary included)."""
    ids = camera_ids_in_area(area=area, candidates=candidates)
    query = Camera.objects.all() if candidates is None else candidates
    return list(query.filter(pk__in=ids).order_by("pk")) if ids else []


def cameras_to_ask(*, area: Area, window_start: datetime, window_end: datetime) -> list[Camera]:
    """Cameras in the area that recorded in the window, whose owners did not opt out."""
    recorded = Clip.objects.filter(
        camera=OuterRef("pk"),
        state=ClipState.READY,
        started_at__lt=window_end,
        ended_at__gt=window_start,
    )
    opted_out = OwnerPreference.objects.filter(owner=OuterRef("owner"), community_opt_out=True)
    candidates = (
        Camera.objects.filter(community_opt_out=False)
        .filter(Exists(recorded))
        .exclude(Exists(opted_out))
        .select_related("owner")
    )
    return cameras_in_area(area=area, candidates=candidates)
