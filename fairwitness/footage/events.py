"""Audit events of clips. Owners' own views and downloads are not logged; agency access is."""

from enum import StrEnum


class FootageEvent(StrEnum):
    CLIP_DELETED = "footage:clip:deleted"
    CLIP_EXPIRED = "footage:clip:expired"
    CLIPS_EXPORTED = "footage:clip:exported"
