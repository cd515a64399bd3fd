"""Audit events of cameras and their devices."""

from enum import StrEnum


class CameraEvent(StrEnum):
    DEVICE_PAIRED = "camera:device:paired"
    DEVICE_REVOKED = "camera:device:revoked"
    # Written once per window and scope, when wrong pairing codes first pass a limit.
    PAIRING_THROTTLED = "camera:pairing:throttled"
    RETENTION_CHANGED = "camera:retention:changed"


# How an owner reads these events in their own log (registered with audit in apps.py).
OWNER_WORDS: dict[str, str] = {
    CameraEvent.DEVICE_PAIRED: "A device was paired with your camera",
    CameraEvent.DEVICE_REVOKED: "A device of your camera was revoked",
    CameraEvent.RETENTION_CHANGED: "Your camera's retention period was changed",
}
# The same events when the owner did it themselves.
OWNER_OWN_WORDS: dict[str, str] = {
    CameraEvent.DEVICE_PAIRED: "You paired a device with your camera",
    CameraEvent.DEVICE_REVOKED: "You revoked a device of your camera",
    CameraEvent.RETENTION_CHANGED: "You changed your camera's retention period",
}
