"""Cameras. The exact location is the owner's; everyone else sees a coarse H3 cell."""

from typing import Any

import h3
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fairwitness.core.models import BaseModel

# H3 resolution 8 cells average about 0.74 km^2: enough to match a request area,
# too coarse to point at a house.
COARSE_CELL_RESOLUTION = 8
# H3 resolution 11 cells average about 2,150 m^2 (edges about 25 m). ``match_cell`` is
# location data as precise as a house: only request matching reads it, and it is shown
# to no one (the owner sees the exact point instead).
MATCH_CELL_RESOLUTION = 11
RETENTION_DAYS_MIN = 1
RETENTION_DAYS_MAX = 180
RETENTION_DAYS_DEFAULT = 30


class Camera(BaseModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cameras"
    )
    name = models.CharField(max_length=80)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    coarse_cell = models.CharField(max_length=16, db_index=True)
    # The resolution-11 H3 cell as its 64-bit integer, so that every cell under a coarser
    # one is a single index range (see fairwitness/requests/matching.py). Never displayed.
    match_cell = models.BigIntegerField(db_index=True)
    retention_days = models.PositiveSmallIntegerField(
        default=RETENTION_DAYS_DEFAULT,
        validators=[MinValueValidator(RETENTION_DAYS_MIN), MaxValueValidator(RETENTION_DAYS_MAX)],
    )
    community_opt_out = models.BooleanField(
        default=False, help_text="Never ask this camera's owner about community requests."
    )
    # Normalised polygons [{"name": str, "points": [[x, y], ...]}] with 0 <= x, y <= 1,
    # in the agent's format: the agent blacks these out before anything is encoded.
    privacy_zones = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="cameras_camera_unique_name"),
            models.CheckConstraint(
                condition=models.Q(retention_days__gte=RETENTION_DAYS_MIN)
                & models.Q(retention_days__lte=RETENTION_DAYS_MAX),
                name="cameras_camera_retention_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Derive ``match_cell`` from the exact location on every save, so it follows any
        change of location and no path can store a camera without it."""
        self.match_cell = match_cell_for(latitude=self.latitude, longitude=self.longitude)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"latitude", "longitude"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "match_cell"}
        super().save(*args, **kwargs)


def match_cell_for(*, latitude: float, longitude: float) -> int:
    """The private resolution-11 cell of a point, as the integer ``match_cell`` stores."""
    return int(h3.str_to_int(h3.latlng_to_cell(latitude, longitude, MATCH_CELL_RESOLUTION)))


class PairingCode(BaseModel):
    """A one-time code an owner types into a device to pair it with one camera.

    Only its SHA-256 is stored. It is usable once (``used_at``) and until ``expires_at``.
    """

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="pairing_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class DeviceCredential(BaseModel):
    """A device's credential for one camera, shown once at pairing.

    Only the SHA-256 of the token (256 random bits) is stored, with its first
    characters (``prefix``) so the owner can tell devices apart. A revoked
    credential (``revoked_at`` set) never authenticates again.
    """

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"
