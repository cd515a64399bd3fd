"""Audit events of clips. Owners' own views and downloads are not logged; agency access is."""

from enum import StrEnum


class FootageEvent(StrEnum):
    CLIP_DELETED = "footage:clip:deleted"
    CLIP_EXPIRED = "footage:clip:expired"
    CLIPS_EXPORTED = "footage:clip:exported"


# How an owner reads these events in their own log (registered with audit in apps.py).
OWNER_WORDS: dict[str, str] = {
    FootageEvent.CLIP_DELETED: "A clip was deleted",
    FootageEvent.CLIP_EXPIRED: "A clip reached the end of its retention period and was deleted",
    FootageEvent.CLIPS_EXPORTED: "Clips were exported",
}
# The same events when the owner did it themselves.
OWNER_OWN_WORDS: dict[str, str] = {
    FootageEvent.CLIP_DELETED: "You deleted a clip",
    FootageEvent.CLIPS_EXPORTED: "You exported your clips",
}
