"""Reads of the neighbor feed. Other neighbors only ever see published posts."""

from __future__ import annotations

import math

import h3
from django.db.models import Count, Prefetch, Q, QuerySet

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.cameras.models import Camera
from fairwitness.core.errors import NotFound
from fairwitness.feed.models import (
    FEED_CELL_RESOLUTION,
    Comment,
    Post,
    ReaderLocation,
    SubmissionState,
)
from fairwitness.moderation.models import Screening

RADIUS_CHOICES_KM: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0)
RADIUS_DEFAULT_KM = 1.0
# Centres of neighbouring resolution-8 cells are about sqrt(3) edges apart.
_CELL_STEP_KM = math.sqrt(3) * h3.average_hexagon_edge_length(FEED_CELL_RESOLUTION, unit="km")


def reader_location(*, reader: User) -> ReaderLocation | None:
    return ReaderLocation.objects.filter(reader=reader).first()


def reader_cell(*, reader: User) -> str | None:
    """The reader's chosen cell, else the cell of their first camera, else None."""
    location = reader_location(reader=reader)
    if location is not None:
        return location.cell
    camera = Camera.objects.filter(owner=reader).order_by("created_at", "id").first()
    if camera is None:
        return None
    # Cameras use the feed's resolution (both about 0.74 km^2).
    return camera.coarse_cell


def cells_within(*, cell: str, radius_km: float) -> list[str]:
    """The cells whose centres lie within about ``radius_km`` of ``cell`` (at least its ring)."""
    rings = max(1, math.ceil(radius_km / _CELL_STEP_KM))
    return sorted(h3.grid_disk(cell, rings))


def feed_posts_near(*, viewer: User, cell: str, radius_km: float) -> QuerySet[Post]:
    """Published posts near ``cell``, newest first, with their published-comment count."""
    return (
        Post.objects.filter(
            state=SubmissionState.PUBLISHED,
            coarse_cell__in=cells_within(cell=cell, radius_km=radius_km),
        )
        .select_related("author")
        .annotate(
            comment_count=Count("comments", filter=Q(comments__state=SubmissionState.PUBLISHED))
        )
        .order_by("-published_at", "-id")
    )


def post_for_viewer(*, viewer: User, post_id: int) -> Post:
    """A published post, or any post of the viewer's own, or any post for a moderator."""
    query = Post.objects.select_related("author")
    if viewer.role_enum is not Role.MODERATOR:
        query = query.filter(Q(state=SubmissionState.PUBLISHED) | Q(author=viewer))
    post = query.filter(pk=post_id).first()
    if post is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return post


def comments_for_viewer(*, viewer: User, post: Post) -> QuerySet[Comment]:
    """Published comments, plus the viewer's own in any state (so they see why)."""
    return (
        post.comments.filter(Q(state=SubmissionState.PUBLISHED) | Q(author=viewer))
        .select_related("author")
        .prefetch_related("screenings")
        .order_by("created_at", "id")
    )


def posts_of_author(*, viewer: User) -> QuerySet[Post]:
    return (
        Post.objects.filter(author=viewer)
        .prefetch_related(Prefetch("screenings", queryset=Screening.objects.order_by("-id")))
        .order_by("-created_at", "-id")
    )
