"""Factories for feed tests: residents with a feed area, posts in any state, clip rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import h3
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_register
from fairwitness.feed import services
from fairwitness.feed.models import FEED_CELL_RESOLUTION, Post, PostClip
from fairwitness.footage.models import Clip, ClipState
from fairwitness.moderation.submissions import SubmissionState

HOME = (45.4600, -122.6500)


def cell_at(latitude: float, longitude: float) -> str:
    return h3.latlng_to_cell(latitude, longitude, FEED_CELL_RESOLUTION)


def resident_at(latitude: float = HOME[0], longitude: float = HOME[1], **kwargs: Any) -> User:
    """A resident whose feed area is the cell of the given point."""
    person = person_create(Role.RESIDENT, **kwargs)
    services.reader_location_set(reader=person, latitude=latitude, longitude=longitude)
    return person


def post_make(
    *,
    author: User,
    text: str = "Lost grey cat near the park, answers to Miso.",
    cell: str | None = None,
    state: SubmissionState = SubmissionState.PUBLISHED,
    category: str = "lost_and_found",
    **fields: Any,
) -> Post:
    """A post stored directly in ``state`` (no screening): for feed and queue fixtures."""
    return Post.objects.create(
        author=author,
        text=text,
        category=category,
        coarse_cell=cell or cell_at(*HOME),
        state=state,
        published_at=timezone.now() if state == SubmissionState.PUBLISHED else None,
        **fields,
    )


def camera_of(owner: User, name: str = "Porch") -> Camera:
    return camera_register(owner=owner, name=name, latitude=HOME[0], longitude=HOME[1])


def clip_row(
    owner: User,
    *,
    state: str = ClipState.READY,
    expires_in: timedelta = timedelta(days=7),
    camera: Camera | None = None,
) -> Clip:
    """A clip row without footage, for choice and visibility rules (not for playback)."""
    started = timezone.now() - timedelta(hours=1)
    return Clip.objects.create(
        camera=camera or Camera.objects.filter(owner=owner).first() or camera_of(owner),
        started_at=started,
        ended_at=started + timedelta(seconds=10),
        duration_seconds=10,
        state=state,
        upload_sha256="0" * 64,
        upload_size=1,
        expires_at=timezone.now() + expires_in,
    )


def clip_attach(post: Post, clip: Clip) -> PostClip:
    """Attach directly, bypassing the audited choice: for read-side fixtures only."""
    return PostClip.objects.create(post=post, clip=clip)
