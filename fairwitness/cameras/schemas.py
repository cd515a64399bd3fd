from typing import Any

from ninja import Field, Schema

from fairwitness.cameras.models import (
    RETENTION_DAYS_DEFAULT,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
)
from fairwitness.core.input_bounds import PlainText


class CameraIn(Schema):
    name: PlainText = Field(min_length=1, max_length=80)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    retention_days: int = Field(
        default=RETENTION_DAYS_DEFAULT, ge=RETENTION_DAYS_MIN, le=RETENTION_DAYS_MAX
    )


class CameraOut(Schema):
    id: int
    name: str
    latitude: float
    longitude: float
    coarse_cell: str
    retention_days: int
    community_opt_out: bool


class PairIn(Schema):
    code: PlainText = Field(min_length=1, max_length=64)
    name: PlainText = Field(default="", max_length=80)


class PairOut(Schema):
    token: str
    camera_id: int
    camera_name: str
    privacy_zones: list[dict[str, object]]


class DeviceCameraOut(Schema):
    camera_id: int
    camera_name: str
    privacy_zones: list[dict[str, object]]


class ErrorOut(Schema):
    """The project's error shape (see fairwitness/core/api.py), for the OpenAPI description."""

    error: str
    message: str
    detail: Any = None
