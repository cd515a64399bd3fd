"""Reading the pieces of a JSON request description: times, windows, GeoJSON.

Every reader takes the value and the path of its key (e.g. ``window.start``)
and raises PolicyInputError with a message naming that path, so that bad
input is always explained and never ends in a traceback.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from fairwitness.core.errors import ApplicationError
from fairwitness.policy.facts import Window
from fairwitness.policy.geometry import Area, CircleArea, LonLat, PolygonArea


class PolicyInputError(ApplicationError):
    """A request description that cannot be evaluated; ``message`` says why."""

    status = 400
    code = "invalid_input"


def json_object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PolicyInputError(f"{path} must be a JSON object, got {_kind(value)}")
    return value


def json_keys(data: dict[str, Any], path: str, *, required: set[str], optional: set[str]) -> None:
    """No unknown keys (a typo must not silently drop a fact), no missing ones."""
    unknown = sorted(set(data) - required - optional)
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        raise PolicyInputError(f"{_at(path, unknown[0])} is not a known key here; known: {allowed}")
    missing = sorted(required - set(data))
    if missing:
        raise PolicyInputError(f"{_at(path, missing[0])} is required")


def json_text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyInputError(f"{path} must be a non-empty string, got {_kind(value)}")
    return value


def json_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyInputError(f"{path} must be true or false, got {_kind(value)}")
    return value


def json_text_list(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise PolicyInputError(f"{path} must be a list of strings, got {_kind(value)}")
    return tuple(json_text(item, f"{path}[{i}]") for i, item in enumerate(value))


def json_time(value: Any, path: str) -> datetime:
    """An ISO-8601 time with a zone offset or Z, e.g. 2025-03-01T14:00:00Z."""
    text = json_text(value, path)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise PolicyInputError(f"{path} is not an ISO-8601 time: {text!r}") from exc
    if moment.tzinfo is None:
        raise PolicyInputError(f"{path} needs a time zone, e.g. {text}Z or {text}+00:00")
    return moment


def json_window(value: Any, path: str) -> Window:
    data = json_object(value, path)
    json_keys(data, path, required={"start", "end"}, optional=set())
    start = json_time(data["start"], f"{path}.start")
    end = json_time(data["end"], f"{path}.end")
    if end <= start:
        raise PolicyInputError(f"{path}.end must be after {path}.start")
    return Window(start=start, end=end)


def _position(value: Any, path: str) -> LonLat:
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(_is_number(v) for v in value)
    ):
        raise PolicyInputError(f"{path} must be a position [longitude, latitude]")
    return (float(value[0]), float(value[1]))


def _polygon(coordinates: Any, path: str) -> PolygonArea:
    if not isinstance(coordinates, list) or not coordinates:
        raise PolicyInputError(f"{path} must be a list of linear rings")
    rings: list[tuple[LonLat, ...]] = []
    for r, ring in enumerate(coordinates):
        if not isinstance(ring, list):
            raise PolicyInputError(f"{path}[{r}] must be a list of positions")
        rings.append(tuple(_position(p, f"{path}[{r}][{i}]") for i, p in enumerate(ring)))
    try:
        return PolygonArea(exterior=rings[0], holes=tuple(rings[1:]))
    except ValueError as exc:
        raise PolicyInputError(f"{path}: {exc}") from exc


def _geometry(value: Any, path: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Unwrap a Feature: (geometry, properties, geometry's path)."""
    data = json_object(value, path)
    if data.get("type") == "Feature":
        properties = data.get("properties") or {}
        geometry = json_object(data.get("geometry"), f"{path}.geometry")
        return geometry, json_object(properties, f"{path}.properties"), f"{path}.geometry"
    return data, data, path


def json_area(value: Any, path: str) -> Area:
    """A GeoJSON Polygon, or a Point with a ``radius_m`` in metres.

    The radius may sit in a Feature's properties or on the Point itself.
    """
    geometry, properties, gpath = _geometry(value, path)
    kind = geometry.get("type")
    if kind == "Polygon":
        return _polygon(geometry.get("coordinates"), f"{gpath}.coordinates")
    if kind == "Point":
        center = _position(geometry.get("coordinates"), f"{gpath}.coordinates")
        radius: Any = properties.get("radius_m", geometry.get("radius_m"))
        if not _is_number(radius):
            raise PolicyInputError(f"{path} is a Point, so it needs a number radius_m (metres)")
        try:
            return CircleArea(center=center, radius_m=float(radius))
        except ValueError as exc:
            raise PolicyInputError(f"{path}: {exc}") from exc
    raise PolicyInputError(
        f"{path} must be a GeoJSON Polygon or a Point with radius_m, got {kind!r}"
    )


def json_region(value: Any, path: str) -> tuple[PolygonArea, ...]:
    """A GeoJSON Polygon or MultiPolygon (bare or in a Feature)."""
    geometry, _properties, gpath = _geometry(value, path)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return (_polygon(coordinates, f"{gpath}.coordinates"),)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise PolicyInputError(f"{gpath}.coordinates must be a list of polygons")
        return tuple(
            _polygon(polygon, f"{gpath}.coordinates[{i}]") for i, polygon in enumerate(coordinates)
        )
    raise PolicyInputError(f"{path} must be a GeoJSON Polygon or MultiPolygon, got {kind!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string" if value.strip() else "an empty string"
    if isinstance(value, list):
        return "a list"
    return "an object"
