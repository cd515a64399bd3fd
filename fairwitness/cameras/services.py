"""Writes for cameras."""

from __future__ import annotations

import h3
from django.db import IntegrityError, transaction

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.cameras.models import (
    COARSE_CELL_RESOLUTION,
    RETENTION_DAYS_DEFAULT,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
    Camera,
)
from fairwitness.core.errors import ApplicationError, Conflict, PermissionDenied


def camera_register(
    *,
    owner: User,
    name: str,
    latitude: float,
    longitude: float,
    retention_days: int = RETENTION_DAYS_DEFAULT,
) -> Camera:
    """Register a camera for a resident. Its coarse cell is derived, never supplied."""
    if owner.role_enum is not Role.RESIDENT:
        raise PermissionDenied("Only residents register cameras.")
    name = name.strip()
    if not name:
        raise ApplicationError("Give the camera a name, such as 'Front door'.", code="invalid")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ApplicationError(
            "The location is not on Earth: latitude runs -90..90, longitude -180..180.",
            code="invalid_location",
        )
    if not (RETENTION_DAYS_MIN <= retention_days <= RETENTION_DAYS_MAX):
        raise ApplicationError(
            f"Keep clips between {RETENTION_DAYS_MIN} and {RETENTION_DAYS_MAX} days.",
            code="invalid_retention",
        )
    cell = h3.latlng_to_cell(latitude, longitude, COARSE_CELL_RESOLUTION)
    try:
        with transaction.atomic():
            return Camera.objects.create(
                owner=owner,
                name=name,
                latitude=latitude,
                longitude=longitude,
                coarse_cell=cell,
                retention_days=retention_days,
            )
    except IntegrityError:
        raise Conflict(
            f"You already have a camera named {name!r}. Choose another name.",
            code="camera_name_taken",
        ) from None
