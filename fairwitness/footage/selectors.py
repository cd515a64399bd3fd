"""Reads of clips. Every read takes the viewer: only the owner sees a clip, unless a
registered access check (agency grants, added by the requests app) allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import groupby
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.core.errors import NotFound
from fairwitness.footage.models import Clip, ClipState

# Checks other apps register (e.g. "viewer holds a live grant for this clip"). Each
# answers True to allow; a check must do its own logging of the access it allows.
ClipAccessCheck = Callable[[User, Clip], bool]
CLIP_ACCESS_CHECKS: list[ClipAccessCheck] = []


def clip_access_check_register(check: ClipAccessCheck) -> None:
    """Let another app allow non-owners to play a clip (call from AppConfig.ready)."""
    if check not in CLIP_ACCESS_CHECKS:
        CLIP_ACCESS_CHECKS.append(check)


def clip_list_visible_to(*, viewer: User) -> QuerySet[Clip]:
    """The viewer's own clips that are not deleted, newest first."""
    return (
        Clip.objects.filter(camera__owner=viewer)
        .exclude(state=ClipState.DELETED)
        .select_related("camera")
        .order_by("-started_at", "-id")
    )


def clips_by_day(clips: QuerySet[Clip]) -> list[tuple[date, list[Clip]]]:
    """Clips grouped by their local start day, newest day first."""
    return [
        (day, list(items))
        for day, items in groupby(clips, key=lambda c: timezone.localtime(c.started_at).date())
    ]


def clip_get_owned(*, viewer: User, clip_id: int) -> Clip:
    """One of the viewer's own clips (any state but deleted), or NotFound."""
    clip = clip_list_visible_to(viewer=viewer).filter(pk=clip_id).first()
    if clip is None:
        raise NotFound("No such clip among yours.")
    return clip


PLAYBACK_FIELDS = (
    "id",
    "state",
    "started_at",
    "blob_name",
    "thumbnail_name",
    "camera__id",
    "camera__owner_id",
    "camera__name",
    "key__id",
    "key__wrapped",
)


def clip_get_for_playback(*, viewer: User, clip_id: int) -> Clip:
    """A ready clip the viewer may play: their own, or one a registered check allows.

    NotFound otherwise (whether the clip exists is not revealed).
    """
    # One query, only the columns playback needs: this runs before every Range request.
    clip = (
        Clip.objects.select_related("camera", "key")
        .only(*PLAYBACK_FIELDS)
        .filter(pk=clip_id, state=ClipState.READY)
        .order_by()
        .first()
    )
    if clip is None:
        raise NotFound("No such clip, or it is not ready to play.")
    if clip.camera.owner_id == viewer.pk:
        return clip
    if any(check(viewer, clip) for check in CLIP_ACCESS_CHECKS):
        return clip
    raise NotFound("No such clip, or it is not ready to play.")


def clip_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    """The viewer's clips, whose entries their own log shows (registered with audit)."""
    return Clip.objects.filter(camera__owner=viewer).values("pk")
