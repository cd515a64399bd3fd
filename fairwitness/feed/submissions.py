"""The feed's posts and comments as moderation's submission kinds (registered in apps.py).

Moderation screens and queues them without importing the feed: what it needs
to know about a post or a comment is described here and handed to it in
``FeedConfig.ready()`` (``fairwitness.moderation.submissions``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from fairwitness.accounts.models import User
from fairwitness.audit.subjects import Subject
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import Comment, Flag, FlagKind, Post
from fairwitness.feed.selectors import post_clips_visible
from fairwitness.moderation.models import Review
from fairwitness.moderation.submissions import ScreenInput, SubmissionKind

_FLAGS_OLDEST_FIRST = Prefetch("flags", queryset=Flag.objects.order_by("created_at"))


def _post_screen_input(post: Post) -> ScreenInput:
    return ScreenInput(category=post.category, description=post.description())


def _post_queue_flags(post: Post) -> list[str]:
    return [f"flag:{flag.kind}" for flag in post.flags.all()]


def _post_moderator_view(viewer: User, post: Post) -> dict[str, object]:
    return {
        "flags": list(post.flags.all()),
        "clips": post_clips_visible(viewer=viewer, post=post),
        # The post's own part of the moderator pages: its description and its clips.
        "subject_template": "feed/_moderated_post.html",
    }


def _post_moderator_rows() -> QuerySet[Post]:
    return Post.objects.select_related("author").prefetch_related(
        _FLAGS_OLDEST_FIRST,
        Prefetch("reviews", queryset=Review.objects.select_related("moderator")),
    )


def _flag_counts(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    rows = (
        Flag.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {kind.value: 0 for kind in FlagKind} | {str(r["kind"]): int(r["n"]) for r in rows}


def _no_flags(_row: Any) -> list[str]:
    return []


POST_KIND = SubmissionKind(
    name="post",
    model=Post,
    published_event=FeedEvent.POST_PUBLISHED,
    audit_ref=lambda post: [Subject("post", post.pk)],
    screen_input=_post_screen_input,
    held_rows=lambda: Post.objects.prefetch_related(_FLAGS_OLDEST_FIRST),
    moderator_rows=_post_moderator_rows,
    queue_flags=_post_queue_flags,
    moderator_view=_post_moderator_view,
    not_appealable=(
        "Only a rejected or removed post can be appealed. Edit it instead if you were asked to."
    ),
    flag_counts=_flag_counts,
)

COMMENT_KIND = SubmissionKind(
    name="comment",
    model=Comment,
    published_event=FeedEvent.COMMENT_PUBLISHED,
    audit_ref=lambda comment: [Subject("comment", comment.pk), Subject("post", comment.post_id)],
    screen_input=lambda _comment: ScreenInput(),
    held_rows=lambda: Comment.objects.all(),
    moderator_rows=lambda: Comment.objects.select_related("author", "post"),
    queue_flags=_no_flags,
    moderator_view=lambda _viewer, _comment: {"flags": []},
    not_appealable="Only a rejected or removed comment can be appealed.",
)
