"""Reads of moderation: the queue, what a moderator sees of an item, monthly counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fairwitness.accounts.models import User
from fairwitness.core.errors import NotFound
from fairwitness.feed.models import Comment, Flag, FlagKind, Post, SubmissionState
from fairwitness.moderation.models import Appeal, AppealState, Review, Screening
from fairwitness.moderation.screening import Outcome

QUEUE_LIMIT = 100
_LATEST_FIRST = Screening.objects.order_by("-created_at", "-id")


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One thing waiting for a moderator. ``kind`` is post, comment or appeal."""

    kind: str
    pk: int
    severity: int
    waiting_since: dt.datetime
    text: str
    reasons: list[str]
    scores: dict[str, float]
    flags: list[str] = field(default_factory=list)


def _latest(screenings: list[Screening]) -> Screening | None:
    return screenings[0] if screenings else None


def moderation_queue(*, viewer: User) -> list[QueueItem]:
    """Held posts, held comments and open appeals, most severe first, then oldest first.

    Appeals against the viewer's own decisions are left out: another moderator
    decides them. Four queries whatever the queue length.
    """
    posts = (
        Post.objects.filter(state=SubmissionState.HELD)
        .prefetch_related(
            Prefetch("screenings", queryset=_LATEST_FIRST),
            Prefetch("flags", queryset=Flag.objects.order_by("created_at")),
        )
        .order_by("-hold_severity", "created_at")[:QUEUE_LIMIT]
    )
    comments = (
        Comment.objects.filter(state=SubmissionState.HELD)
        .prefetch_related(Prefetch("screenings", queryset=_LATEST_FIRST))
        .order_by("-hold_severity", "created_at")[:QUEUE_LIMIT]
    )
    appeals = (
        Appeal.objects.filter(state=AppealState.OPEN)
        .exclude(excluded_moderator=viewer)
        .select_related("post", "comment")
        .order_by("-severity", "created_at")[:QUEUE_LIMIT]
    )
    items: list[QueueItem] = []
    subjects: list[Post | Comment] = [*posts, *comments]
    for subject in subjects:
        latest = _latest(list(subject.screenings.all()))
        flags = (
            [f"flag:{flag.kind}" for flag in subject.flags.all()]
            if isinstance(subject, Post)
            else []
        )
        items.append(
            QueueItem(
                kind="post" if isinstance(subject, Post) else "comment",
                pk=subject.pk,
                severity=subject.hold_severity,
                waiting_since=subject.updated_at,
                text=subject.text,
                reasons=list(latest.reasons) if latest else [],
                scores=dict(latest.scores) if latest else {},
                flags=flags,
            )
        )
    for appeal in appeals:
        target = appeal.post if appeal.post_id is not None else appeal.comment
        assert target is not None
        items.append(
            QueueItem(
                kind="appeal",
                pk=appeal.pk,
                severity=appeal.severity,
                waiting_since=appeal.created_at,
                text=target.text,
                reasons=[],
                scores={},
            )
        )
    items.sort(key=lambda item: (-item.severity, item.waiting_since))
    return items[:QUEUE_LIMIT]


def held_post_for_moderator(*, post_id: int) -> Post:
    post = (
        Post.objects.select_related("author")
        .prefetch_related(
            Prefetch("screenings", queryset=_LATEST_FIRST),
            Prefetch("flags", queryset=Flag.objects.order_by("created_at")),
            Prefetch("reviews", queryset=Review.objects.select_related("moderator")),
        )
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise NotFound("There is no such post.")
    return post


def held_comment_for_moderator(*, comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_related("author", "post")
        .prefetch_related(Prefetch("screenings", queryset=_LATEST_FIRST))
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise NotFound("There is no such comment.")
    return comment


def appeal_for_moderator(*, appeal_id: int) -> Appeal:
    appeal = (
        Appeal.objects.select_related(
            "post", "comment", "appealed_review", "appealed_review__moderator", "author"
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFound("There is no such appeal.")
    return appeal


def latest_screening(*, subject: Post | Comment) -> Screening | None:
    screenings = list(subject.screenings.all())
    return screenings[0] if screenings else None


def appeals_of_author(*, viewer: User, post: Post) -> QuerySet[Appeal]:
    return Appeal.objects.filter(author=viewer, post=post).order_by("-created_at")


def comment_appeals_of_author(*, viewer: User, post: Post) -> dict[int, list[Appeal]]:
    """The viewer's appeals about their comments on ``post``, newest first, by comment id."""
    by_comment: dict[int, list[Appeal]] = {}
    appeals = Appeal.objects.filter(author=viewer, comment__post=post).order_by("-created_at")
    for appeal in appeals:
        assert appeal.comment_id is not None
        by_comment.setdefault(appeal.comment_id, []).append(appeal)
    return by_comment


@dataclass(frozen=True, slots=True)
class ModerationCounts:
    """What moderation did in one calendar month (UTC), for the transparency page.

    ``screened``: submissions screened, by outcome (publish, edit, review, reject).
    ``reviews``: moderators' decisions outside appeals, by decision.
    ``appeals_filed``, ``appeals_overturned``, ``appeals_upheld``: appeals by outcome.
    ``flags``: flags raised, by kind.
    """

    month: dt.date
    screened: dict[str, int]
    reviews: dict[str, int]
    appeals_filed: int
    appeals_overturned: int
    appeals_upheld: int
    flags: dict[str, int]


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=dt.UTC)
    end = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=dt.UTC)
    return start, end


def moderation_counts(*, month: dt.date) -> ModerationCounts:
    """Counts for the month containing ``month`` (any day of it). Public: no text, no names."""
    start, end = _month_bounds(month)
    window = Q(created_at__gte=start, created_at__lt=end)

    def by(query: QuerySet[Any], field_name: str) -> dict[str, int]:
        rows = query.filter(window).values(field_name).annotate(n=Count("id"))
        return {str(row[field_name]): int(row["n"]) for row in rows}

    screened = {outcome.value: 0 for outcome in Outcome} | by(Screening.objects.all(), "outcome")
    reviews = by(Review.objects.filter(appeal__isnull=True), "decision")
    appeals = Appeal.objects.filter(window)
    decided = Review.objects.filter(window, appeal__isnull=False)
    flags = {kind.value: 0 for kind in FlagKind} | by(Flag.objects.all(), "kind")
    return ModerationCounts(
        month=start.date(),
        screened=screened,
        reviews=reviews,
        appeals_filed=appeals.count(),
        appeals_overturned=decided.filter(decision="approve").count(),
        appeals_upheld=decided.filter(decision="reject").count(),
        flags=flags,
    )
