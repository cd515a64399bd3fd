"""Audit events of cameras and their devices."""

from enum import StrEnum


class CameraEvent(StrEnum):
    DEVICE_PAIRED = "camera:device:paired"
    DEVICE_REVOKED = "camera:device:revoked"
    # Written once per window and scope, when wrong pairing codes first pass a limit.
    PAIRING_THROTTLED = "camera:pairing:throttled"
    RETENTION_CHANGED = "camera:retention:changed"
