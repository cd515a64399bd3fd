"""Reads of the neighbor feed. Other neighbors only ever see published posts."""

from __future__ import annotations

import math
from typing import NamedTuple

import h3
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.cameras.models import Camera
from fairwitness.core.errors import NotFound
from fairwitness.feed.models import FEED_CELL_RESOLUTION, Comment, Post, PostClip, ReaderLocation
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.selectors import PLAYBACK_FIELDS, clip_list_visible_to
from fairwitness.moderation.models import Appeal, ReviewDecision, Screening
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.submissions import SubmissionState

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


def _playable_attachments() -> QuerySet[PostClip]:
    """Attachments whose clip can be played now: ready, and not past its retention."""
    return (
        PostClip.objects.filter(clip__state=ClipState.READY, clip__expires_at__gt=timezone.now())
        .select_related("clip")
        .order_by("position", "id")
    )


def feed_posts_near(*, viewer: User, cell: str, radius_km: float) -> QuerySet[Post]:
    """Published posts near ``cell``, newest first, with their published-comment count
    and, as ``shown_clips``, the attachments whose clips can be played now."""
    return (
        Post.objects.filter(
            state=SubmissionState.PUBLISHED,
            coarse_cell__in=cells_within(cell=cell, radius_km=radius_km),
        )
        .select_related("author")
        .prefetch_related(
            Prefetch("post_clips", queryset=_playable_attachments(), to_attr="shown_clips")
        )
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
        .prefetch_related("screenings", "reviews")
        .order_by("created_at", "id")
    )


def posts_of_author(*, viewer: User) -> QuerySet[Post]:
    return (
        Post.objects.filter(author=viewer)
        .prefetch_related(Prefetch("screenings", queryset=Screening.objects.order_by("-id")))
        .order_by("-created_at", "-id")
    )


def comment_of_author(*, viewer: User, comment_id: int) -> Comment:
    """One of the viewer's own comments, in any state, with its post."""
    comment = Comment.objects.select_related("post").filter(pk=comment_id, author=viewer).first()
    if comment is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return comment


class EditRequest(NamedTuple):
    """Why a submission was sent back to its author, in plain words."""

    by_moderator: bool
    messages: list[str]


def edit_request(*, subject: Post | Comment) -> EditRequest | None:
    """Why a post or comment waits for its author's edit; None when it does not.

    The newer of its last screening and its last review sent it back. Reads
    ``screenings`` and ``reviews`` through their newest-first default order, so a
    prefetch (as ``comments_for_viewer`` does) saves the queries.
    """
    if subject.state != SubmissionState.NEEDS_EDIT:
        return None
    screening = next(iter(subject.screenings.all()), None)
    review = next(iter(subject.reviews.all()), None)
    if (
        review is not None
        and review.decision == ReviewDecision.EDIT
        and (screening is None or review.created_at >= screening.created_at)
    ):
        labels = {reason.value: reason.label for reason in ReviewReason}
        return EditRequest(
            by_moderator=True,
            messages=[labels.get(code, code) for code in review.reason_codes],
        )
    return EditRequest(by_moderator=False, messages=list(screening.messages) if screening else [])


def comment_appeals_of_author(*, viewer: User, post: Post) -> dict[int, list[Appeal]]:
    """The viewer's appeals about their comments on ``post``, newest first, by comment id."""
    by_comment: dict[int, list[Appeal]] = {}
    appeals = Appeal.objects.filter(author=viewer, comment__post=post).order_by("-created_at")
    for appeal in appeals:
        assert appeal.comment_id is not None
        by_comment.setdefault(appeal.comment_id, []).append(appeal)
    return by_comment


def comments_live(*, post: Post) -> QuerySet[Comment]:
    """The published comments of a post, oldest first."""
    return (
        post.comments.filter(state=SubmissionState.PUBLISHED)
        .select_related("author")
        .order_by("created_at", "id")
    )


def clips_choosable(*, author: User) -> QuerySet[Clip]:
    """The author's clips that could be shown with a post: ready, within retention."""
    return clip_list_visible_to(viewer=author).filter(
        state=ClipState.READY, expires_at__gt=timezone.now()
    )


# A moderator may play a post's clips once it was submitted: to review it, or an appeal.
MODERATED_STATES = frozenset(
    {
        SubmissionState.HELD,
        SubmissionState.PUBLISHED,
        SubmissionState.REJECTED,
        SubmissionState.REMOVED,
    }
)


def _clip_post_visible(viewer: User) -> Q:
    """Which posts' clips ``viewer`` may play, as a condition on a Post.

    Readers: published posts. The author, who owns the clips: their own posts in
    every state. Moderators: posts that were submitted (``MODERATED_STATES``).
    """
    if viewer.role_enum is Role.MODERATOR:
        return Q(state__in=MODERATED_STATES)
    return Q(state=SubmissionState.PUBLISHED) | Q(author=viewer)


def post_clips_visible(*, viewer: User, post: Post) -> list[PostClip]:
    """The attachments of ``post`` whose clips ``viewer`` may play with it, in order.

    The post must pass ``_clip_post_visible``; deleted and expired clips are left out.
    """
    if not Post.objects.filter(_clip_post_visible(viewer), pk=post.pk).exists():
        return []
    return list(_playable_attachments().filter(post=post))


def post_clip_for_playback(*, viewer: User, post_id: int, clip_id: int) -> Clip:
    """The clip, loaded for playback, if it is shown with the post and ``viewer`` may play it.

    That is: the clip is attached to the post, ready and within its retention,
    and the post passes ``_clip_post_visible`` (for residents: published, or
    their own). NotFound otherwise, without saying which check failed.
    """
    posts = Post.objects.filter(_clip_post_visible(viewer), pk=post_id)
    clip = (
        Clip.objects.select_related("camera", "key")
        .only(*PLAYBACK_FIELDS)
        .filter(
            pk=clip_id,
            state=ClipState.READY,
            expires_at__gt=timezone.now(),
            post_attachments__post__in=posts,
        )
        .order_by()
        .first()
    )
    if clip is None:
        raise NotFound("No such clip on this post, or it can no longer be played.")
    return clip
