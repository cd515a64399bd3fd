"""Privacy zones: normalised polygons the agent blacks out before encoding."""

from __future__ import annotations

import json
from typing import Any

from fairwitness.core.errors import ApplicationError

MAX_ZONES = 16
MAX_POINTS = 64
EXAMPLE = '[{"name": "neighbour\'s window", "points": [[0, 0], [0.25, 0], [0.25, 0.3]]}]'


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(
        f"{message} Zones are a list like {EXAMPLE}, with x and y from 0 to 1.",
        code="invalid_zones",
    )


def privacy_zones_parse(text: str) -> list[dict[str, Any]]:
    """Zones from the JSON text an owner typed; an empty text means no zones."""
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except ValueError:
        raise _invalid("The zones are not valid JSON.") from None
    if not isinstance(value, list):
        raise _invalid("The zones must be a list.")
    return privacy_zones_clean(value)


def privacy_zones_clean(zones: Any) -> list[dict[str, Any]]:
    """Checked zones ``[{"name": str, "points": [[x, y], ...]}]``: 3..64 points in [0, 1]."""
    if not isinstance(zones, list) or len(zones) > MAX_ZONES:
        raise _invalid(f"Give at most {MAX_ZONES} zones as a list.")
    cleaned: list[dict[str, Any]] = []
    for number, zone in enumerate(zones, start=1):
        if isinstance(zone, list):
            zone = {"points": zone}
        if not isinstance(zone, dict):
            raise _invalid(f"Zone {number} must be an object with points.")
        points = zone.get("points")
        if not isinstance(points, list) or not 3 <= len(points) <= MAX_POINTS:
            raise _invalid(f"Zone {number} needs 3 to {MAX_POINTS} points.")
        clean_points: list[list[float]] = []
        for point in points:
            if (
                not isinstance(point, list | tuple)
                or len(point) != 2
                or not all(
                    isinstance(c, int | float) and not isinstance(c, bool) and 0 <= c <= 1
                    for c in point
                )
            ):
                raise _invalid(f"Zone {number} has a point that is not [x, y] within 0..1.")
            clean_points.append([float(point[0]), float(point[1])])
        name = zone.get("name", f"zone {number}")
        if not isinstance(name, str):
            raise _invalid(f"Zone {number}'s name must be text.")
        cleaned.append({"name": name.strip()[:80] or f"zone {number}", "points": clean_points})
    return cleaned
