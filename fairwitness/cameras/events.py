"""Audit events of cameras and their devices."""

from enum import StrEnum


class CameraEvent(StrEnum):
    DEVICE_PAIRED = "camera:device:paired"
    DEVICE_REVOKED = "camera:device:revoked"
    RETENTION_CHANGED = "camera:retention:changed"
