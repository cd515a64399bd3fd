"""A small inline SVG drawing of a request area: no map tiles, nothing fetched elsewhere."""

from __future__ import annotations

import math

from django.utils.html import format_html
from django.utils.safestring import SafeString

from fairwitness.requests.areas import area_of
from fairwitness.requests.models import CommunityRequest

SIZE = 240


def area_svg(request: CommunityRequest) -> SafeString:
    """The area's outline, north up, scaled to fit, with a 100 m scale bar."""
    shape = area_of(request).shape()
    points = list(shape.exterior.coords)
    lat0 = shape.centroid.y
    kx = 111_320 * math.cos(math.radians(lat0))  # metres per degree of longitude
    ky = 110_540.0
    xs = [lon * kx for lon, _ in points]
    ys = [lat * ky for _, lat in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = (SIZE - 40) / span
    left, top = min(xs), max(ys)
    path = " ".join(
        f"{20 + (x - left) * scale:.1f},{20 + (top - y) * scale:.1f}"
        for x, y in zip(xs, ys, strict=True)
    )
    bar = 100 * scale
    return format_html(
        '<svg class="area-map" viewBox="0 0 {s} {s}" width="{s}" height="{s}" role="img" '
        'aria-label="Outline of the request area"><rect width="{s}" height="{s}" fill="#eef3f7"/>'
        '<polygon points="{p}" fill="#e0703a55" stroke="#c0392b" stroke-width="2"/>'
        '<line x1="20" y1="{y}" x2="{x2}" y2="{y}" stroke="#333" stroke-width="2"/>'
        '<text x="20" y="{ty}" font-size="11">100 m</text>'
        '<text x="{n}" y="14" font-size="11">N ↑</text></svg>',
        s=SIZE,
        p=path,
        y=SIZE - 8,
        x2=f"{20 + bar:.1f}",
        ty=SIZE - 12,
        n=SIZE - 30,
    )
