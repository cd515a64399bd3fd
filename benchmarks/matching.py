"""Matching cameras to a request area: H3 cells against a full scan, on PostgreSQL.

In a fresh database (created and dropped by this script) it registers N cameras
(default 1,000,000) at random points in a 60 km square, then for random 0.25 sq mi
circles (the policy's largest community area):

- **matched**: ``fairwitness.requests.matching.camera_ids_in_area``, the code the
  community flow uses: an indexed lookup of the private resolution-11 ``match_cell``
  in the ranges of the area's compacted cells, then exact geodesic containment of each
  candidate;
- **scan**: the baseline, one SQL query over every camera with a great-circle
  distance filter (no index can serve it).

It prints p50/p95 latency of both, checks that both find the same cameras, and
prints the ratio of p95 latencies. Target: matched p95 < 20 ms, ratio >= 50.

Run: ``DATABASE_URL=postgres://... python -m benchmarks.matching [cameras] [queries]``.
"""

from __future__ import annotations

import io
import math
import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import h3  # noqa: E402
from django.db import connection, connections  # noqa: E402

from fairwitness.accounts.models import User  # noqa: E402
from fairwitness.cameras.models import (  # noqa: E402
    COARSE_CELL_RESOLUTION,
    Camera,
    match_cell_for,
)
from fairwitness.policy.geometry import CircleArea, circle_radius_for_area_m  # noqa: E402
from fairwitness.policy.wording import SQ_M_PER_SQ_MI  # noqa: E402
from fairwitness.requests.matching import camera_ids_in_area  # noqa: E402

CENTRE = (45.5, -122.65)  # lat, lon
HALF_SIDE_DEG = (0.27, 0.38)  # about 30 km each way
OWNERS = 2000
AREA_SQ_MI = 0.25
SCAN = """
SELECT id, distance FROM (
  SELECT id, 2 * 6371008.8 * asin(sqrt(
      power(sin(radians(latitude - %(lat)s) / 2), 2)
      + cos(radians(%(lat)s)) * cos(radians(latitude))
        * power(sin(radians(longitude - %(lon)s) / 2), 2)
  )) AS distance
  FROM cameras_camera
) AS measured
WHERE distance <= %(radius)s
"""


def populate(count: int, rng: random.Random) -> None:
    owners = User.objects.bulk_create(
        [
            User(username=f"owner{i}", email=f"owner{i}@example.org", password="!")
            for i in range(OWNERS)
        ]
    )
    buffer = io.StringIO()
    for i in range(count):
        lat = CENTRE[0] + rng.uniform(-HALF_SIDE_DEG[0], HALF_SIDE_DEG[0])
        lon = CENTRE[1] + rng.uniform(-HALF_SIDE_DEG[1], HALF_SIDE_DEG[1])
        cell = h3.latlng_to_cell(lat, lon, COARSE_CELL_RESOLUTION)
        match = match_cell_for(latitude=lat, longitude=lon)
        owner = owners[i % OWNERS].pk
        buffer.write(f"now\tnow\t{owner}\tcam{i}\t{lat}\t{lon}\t{cell}\t{match}\t30\tf\t[]\n")
    buffer.seek(0)
    columns = (
        "created_at, updated_at, owner_id, name, latitude, longitude, coarse_cell, match_cell, "
        "retention_days, community_opt_out, privacy_zones"
    )
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY cameras_camera ({columns}) FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        cursor.execute("ANALYZE cameras_camera")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database: this benchmark measures PostgreSQL")
    connection.settings_dict["TEST"]["NAME"] = f"bench_matching_{os.getpid()}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    rng = random.Random(20250301)
    try:
        started = time.perf_counter()
        populate(count, rng)
        took = time.perf_counter() - started
        print(f"registered {Camera.objects.count():,} cameras in {took:.0f} s")
        areas = []
        for _ in range(queries):
            lat = CENTRE[0] + rng.uniform(-0.8, 0.8) * HALF_SIDE_DEG[0]
            lon = CENTRE[1] + rng.uniform(-0.8, 0.8) * HALF_SIDE_DEG[1]
            radius = circle_radius_for_area_m(center_lat=lat, area_sq_m=AREA_SQ_MI * SQ_M_PER_SQ_MI)
            areas.append(CircleArea(center=(lon, lat), radius_m=radius))
        # Each method is timed in its own loop, so neither disturbs the other's caches.
        matched_ms: list[float] = []
        found: list[set[int]] = []
        for area in areas:
            t0 = time.perf_counter()
            found.append(set(camera_ids_in_area(area=area)))
            matched_ms.append((time.perf_counter() - t0) * 1000)
        scan_ms: list[float] = []
        missed = extra = 0
        for n in range(0, queries, 10):  # the scan is slow: time it on every tenth area
            area = areas[n]
            lon, lat = area.center
            t0 = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(SCAN, {"lat": lat, "lon": lon, "radius": area.radius_m * 1.01})
                scanned = dict(cursor.fetchall())
            scan_ms.append((time.perf_counter() - t0) * 1000)
            # The scan measures on a sphere, the match on the ellipsoid; they differ by up
            # to about 0.5 %, so compare away from a 1 % band around the edge.
            inner = {pk for pk, distance in scanned.items() if distance <= area.radius_m * 0.99}
            missed += len(inner - found[n])
            extra += len(found[n] - set(scanned))
        p95_matched, p95_scan = percentile(matched_ms, 0.95), percentile(scan_ms, 0.95)
        print(
            f"areas: {queries} circles of {AREA_SQ_MI} sq mi, "
            f"median {statistics.median(len(f) for f in found):.0f} cameras each"
        )
        print(
            f"matched (H3 cell ranges + containment): p50 {statistics.median(matched_ms):.2f} ms, "
            f"p95 {p95_matched:.2f} ms"
        )
        print(
            f"scan (distance filter, {len(scan_ms)} areas): "
            f"p50 {statistics.median(scan_ms):.1f} ms, p95 {p95_scan:.1f} ms"
        )
        print(f"agreement with the scan: {missed} cameras missed, {extra} extra")
        print(f"ratio scan/matched (p95): {p95_scan / p95_matched:.0f}x")
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
