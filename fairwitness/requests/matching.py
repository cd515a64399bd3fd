"""Matching a request area to cameras through H3 cells, then refining exactly.

Cameras store a private resolution-11 H3 cell (``match_cell``, as its 64-bit integer)
for matching. An area becomes the set of cells that overlap it (H3's "overlap"
containment, plus the cells of the outline's vertices as a guard), at resolution 11
for a small area and coarser for a large one. The cells are compacted and each becomes
one range of integers: an H3 index keeps its digits from the coarsest down, so every
resolution-11 cell under a coarser cell lies in one contiguous range and no other does.
The indexed ``match_cell BETWEEN lo AND hi OR ...`` lookup returns the candidates, as
plain (id, longitude, latitude) tuples, and a vectorised test keeps those whose exact
position lies inside the area: geodesic distance for a circle, point in polygon
otherwise. This is the same test as the policy's ``area_contains_point``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import h3
import numpy as np
import shapely
from django.db import connections
from django.db.models import BooleanField, Exists, Expression, F, OuterRef, QuerySet
from h3.api import basic_int as h3i
from pyproj import Geod

from fairwitness.cameras.models import COARSE_CELL_RESOLUTION, MATCH_CELL_RESOLUTION, Camera
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
# Cover an area with about this many cells at most before compaction: resolution 11 for
# the policy's community areas, coarser (so, more candidates) for a larger area.
_MAX_COVER_CELLS = 2_000
# An H3 index: 4 resolution bits at bit 52, then 15 digits of 3 bits, the coarsest first.
_RESOLUTION_SHIFT = 52
_RESOLUTION_MASK = 0xF << _RESOLUTION_SHIFT
_DIGIT_BITS = 3
_FINEST = 15


def _outline(area: Area, *, margin_m: float = 0.0) -> list[tuple[float, float]]:
    """The area's exterior ring (lon, lat); a circle's as a 24-gon containing the circle
    widened by ``margin_m``."""
    if not isinstance(area, CircleArea):
        return list(area.shape().exterior.coords)
    n = _CELL_POLYGON_VERTICES
    outer = (area.radius_m + margin_m) / math.cos(math.pi / n)
    azimuths = [360.0 * i / n for i in range(n)]
    lons, lats, _back = _GEOD.fwd([area.center[0]] * n, [area.center[1]] * n, azimuths, [outer] * n)
    ring = list(zip(lons, lats, strict=True))
    return [*ring, ring[0]]


def area_cells(area: Area, *, resolution: int = COARSE_CELL_RESOLUTION) -> set[str]:
    """Every cell at ``resolution`` that overlaps the area."""
    exterior = _outline(area)
    outline = h3.LatLngPoly([(lat, lon) for lon, lat in exterior[:-1]])
    cells = set(h3.h3shape_to_cells_experimental(outline, resolution, contain="overlap"))
    cells.update(h3.latlng_to_cell(lat, lon, resolution) for lon, lat in exterior)
    return cells


def match_resolution(area: Area) -> int:
    """The finest resolution, at most the stored one, that covers ``area`` in few cells.

    The area's bounding box (never smaller than the area, whatever its shape) stands in
    for its size.
    """
    if isinstance(area, CircleArea):
        square_m = (2 * area.radius_m) ** 2
    else:
        lons, lats = zip(*_outline(area), strict=True)
        north_m = (max(lats) - min(lats)) * 111_132.0
        east_m = (max(lons) - min(lons)) * 111_320.0 * math.cos(math.radians(min(map(abs, lats))))
        square_m = north_m * east_m
    resolution = MATCH_CELL_RESOLUTION
    while resolution > 0 and square_m / h3.average_hexagon_area(resolution, "m^2") > (
        _MAX_COVER_CELLS
    ):
        resolution -= 1
    return resolution


def _cover(area: Area, resolution: int) -> list[int]:
    """Cells at ``resolution`` (as integers) holding every point of the area.

    A circle: the cells whose centre lies within the radius plus twice the average edge
    (an upper bound on any hexagon's centre-to-vertex distance at that resolution), so
    every cell that overlaps the circle; this centre fill is several times faster than
    H3's overlap fill. A polygon: H3's overlap fill (``area_cells``).
    """
    if isinstance(area, CircleArea):
        margin = 2 * h3.average_hexagon_edge_length(resolution, "m")
        ring = _outline(area, margin_m=margin)[:-1]
        shape = h3.LatLngPoly([(lat, lon) for lon, lat in ring])
        cells = set(h3i.h3shape_to_cells(shape, resolution))
        cells.add(h3i.latlng_to_cell(area.center[1], area.center[0], resolution))
    else:
        cells = {int(h3.str_to_int(cell)) for cell in area_cells(area, resolution=resolution)}
    if resolution < MATCH_CELL_RESOLUTION:
        # A point's resolution-11 cell may descend from a neighbour of the coarser cell
        # the point lies in (H3's children overhang their parent): add the neighbours.
        cells = {near for cell in cells for near in h3i.grid_disk(cell, 1)}
    return list(cells)


def cell_range(cell: int) -> tuple[int, int]:
    """The ``match_cell`` integers of every resolution-11 cell under ``cell`` (inclusive).

    The resolution field is set to 11 and the digits below the cell's resolution run from
    all zeros to all ones: a stored cell lies in the range exactly when it is under ``cell``.
    """
    resolution = h3i.get_resolution(cell)
    if resolution > MATCH_CELL_RESOLUTION:
        raise ValueError(f"cell {cell:x} is finer than the stored resolution")
    index = (cell & ~_RESOLUTION_MASK) | (MATCH_CELL_RESOLUTION << _RESOLUTION_SHIFT)
    low_bits = (1 << (_DIGIT_BITS * (_FINEST - resolution))) - 1
    return index & ~low_bits, index | low_bits


def area_match_ranges(area: Area) -> list[tuple[int, int]]:
    """Sorted, merged ``match_cell`` ranges that hold every camera in ``area``."""
    cells = h3i.compact_cells(_cover(area, match_resolution(area)))
    merged: list[tuple[int, int]] = []
    for low, high in sorted(cell_range(cell) for cell in cells):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


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


class InRanges(Expression):
    """``column BETWEEN low AND high OR ...``: true when the column lies in a range.

    One string join to compile, where the same condition as ``Q`` objects costs Django
    milliseconds for the few dozen ranges of an area. No ranges match nothing.
    """

    conditional = True

    def __init__(self, column: str, ranges: list[tuple[int, int]]) -> None:
        super().__init__(output_field=BooleanField())
        self.column: Any = F(column)
        self.ranges = ranges

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        if not self.ranges:
            return "1 = 0", ()
        column, params = compiler.compile(self.column)
        # The bounds are integers computed here, written into the SQL as literals: with a
        # placeholder each, binding them costs more than running the query.
        clauses = [f"{column} BETWEEN {int(low)} AND {int(high)}" for low, high in self.ranges]
        return "(" + " OR ".join(clauses) + ")", tuple(params) * len(clauses)


def camera_ids_in_area(*, area: Area, candidates: QuerySet[Camera] | None = None) -> list[int]:
    query = Camera.objects.all() if candidates is None else candidates
    ranges = area_match_ranges(area)
    lookup = (
        query.filter(InRanges("match_cell", ranges))
        .order_by()
        .values_list("pk", "longitude", "latitude")
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
