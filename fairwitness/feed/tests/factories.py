"""Factories for feed tests: residents with a feed area, and posts in any state."""

from __future__ import annotations

from typing import Any

import h3
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.feed import services
from fairwitness.feed.models import FEED_CELL_RESOLUTION, Post, SubmissionState

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
