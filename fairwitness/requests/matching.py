"""Matching a request area to cameras through H3 cells, then refining exactly.

Cameras store only a coarse H3 cell (resolution 8) for matching. An area is
turned into the set of resolution-8 cells it may touch: every cell whose centre
lies inside it, the cells of its vertices, and one ring of neighbours around
those (a cell can touch the area without containing its centre or a vertex;
the ring covers that, since an allowed area is smaller than a cell). The
indexed ``coarse_cell IN (...)`` lookup then returns a handful of candidates,
and each is kept only if its exact position lies inside the area.
"""

from __future__ import annotations

from datetime import datetime

import h3
from django.db.models import Exists, OuterRef, QuerySet

from fairwitness.cameras.models import COARSE_CELL_RESOLUTION, Camera
from fairwitness.footage.models import Clip, ClipState
from fairwitness.policy.geometry import Area, area_contains_point
from fairwitness.requests.models import OwnerPreference


def area_cells(area: Area, *, resolution: int = COARSE_CELL_RESOLUTION) -> set[str]:
    shape = area.shape()
    exterior = list(shape.exterior.coords)
    outer = h3.LatLngPoly([(lat, lon) for lon, lat in exterior])
    cells = set(h3.polygon_to_cells(outer, resolution))
    cells.update(h3.latlng_to_cell(lat, lon, resolution) for lon, lat in exterior)
    centre = shape.centroid
    cells.add(h3.latlng_to_cell(centre.y, centre.x, resolution))
    ring: set[str] = set()
    for cell in cells:
        ring.update(h3.grid_disk(cell, 1))
    return cells | ring


def cameras_in_area(*, area: Area, candidates: QuerySet[Camera] | None = None) -> list[Camera]:
    """Cameras whose exact position lies in ``area`` (boundary included)."""
    query = Camera.objects.all() if candidates is None else candidates
    rows = query.filter(coarse_cell__in=area_cells(area))
    return [c for c in rows if area_contains_point(area, (c.longitude, c.latitude))]


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
