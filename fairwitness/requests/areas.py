"""A stored request area (GeoJSON) as the policy's Area."""

from __future__ import annotations

from fairwitness.policy.geometry import Area
from fairwitness.policy.json_input import json_area
from fairwitness.requests.models import CommunityRequest


def area_of(request: CommunityRequest) -> Area:
    return json_area(request.area, "area")
