"""Reads of moderation: the queue, what a moderator sees of an item, monthly counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from fairwitness.accounts.models import User
from fairwitness.core.errors import NotFound
from fairwitness.moderation.models import Appeal, AppealState, Review, Screening
from fairwitness.moderation.screening import Outcome
from fairwitness.moderation.services import appeal_subject
from fairwitness.moderation.submissions import (
    Submission,
    SubmissionKind,
    SubmissionState,
    submission_kind,
    submission_kind_of,
    submission_kinds,
)

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


def moderation_queue(*, viewer: User) -> list[QueueItem]:
    """Held submissions of every registered kind and open appeals, most severe first,
    then oldest first.

    Appeals against the viewer's own decisions are left out: another moderator
    decides them. A fixed number of queries whatever the queue length.
    """
    subjects: list[tuple[SubmissionKind, Submission]] = []
    for kind in submission_kinds():
        held = (
            kind.held_rows()
            .filter(state=SubmissionState.HELD)
            .prefetch_related(Prefetch("screenings", queryset=_LATEST_FIRST))
            .order_by("-hold_severity", "created_at")[:QUEUE_LIMIT]
        )
        subjects.extend((kind, row) for row in held)
    appeals = (
        Appeal.objects.filter(state=AppealState.OPEN)
        .exclude(excluded_moderator=viewer)
        .select_related(*(kind.name for kind in submission_kinds()))
        .order_by("-severity", "created_at")[:QUEUE_LIMIT]
    )
    items: list[QueueItem] = []
    for kind, subject in subjects:
        latest = latest_screening(subject=subject)
        items.append(
            QueueItem(
                kind=kind.name,
                pk=subject.pk,
                severity=subject.hold_severity,
                waiting_since=subject.updated_at,
                text=subject.text,
                reasons=list(latest.reasons) if latest else [],
                scores=dict(latest.scores) if latest else {},
                flags=kind.queue_flags(subject),
            )
        )
    for appeal in appeals:
        items.append(
            QueueItem(
                kind="appeal",
                pk=appeal.pk,
                severity=appeal.severity,
                waiting_since=appeal.created_at,
                text=appeal_subject(appeal).text,
                reasons=[],
                scores={},
            )
        )
    items.sort(key=lambda item: (-item.severity, item.waiting_since))
    return items[:QUEUE_LIMIT]


def submission_for_moderator(*, kind: str, pk: int) -> Submission:
    """One submission of the registered ``kind`` as a moderator opens it, with its
    screenings (newest first) and what the kind's moderator view reads.

    ``NotFound`` when there is no such row (or no such kind).
    """
    try:
        found = submission_kind(kind)
    except LookupError:
        raise NotFound("There is no such item.") from None
    row: Submission | None = (
        found.moderator_rows()
        .prefetch_related(Prefetch("screenings", queryset=_LATEST_FIRST))
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound(f"There is no such {kind}.")
    return row


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


def latest_screening(*, subject: Submission) -> Screening | None:
    """The newest screening of ``subject`` (prefetched newest first, or queried so)."""
    screenings = list(subject.screenings.all())
    return screenings[0] if screenings else None


def appeals_of_author(*, viewer: User, subject: Submission) -> QuerySet[Appeal]:
    """The viewer's appeals about ``subject`` (a row of a registered kind), newest first."""
    return Appeal.objects.filter(
        author=viewer, **{submission_kind_of(subject).name: subject}
    ).order_by("-created_at")


@dataclass(frozen=True, slots=True)
class ModerationCounts:
    """What moderation did in one calendar month (UTC), for the transparency page.

    ``screened``: submissions screened, by outcome (publish, edit, review, reject).
    ``reviews``: moderators' decisions outside appeals, by decision.
    ``appeals_filed``, ``appeals_overturned``, ``appeals_upheld``: appeals by outcome.
    ``flags``: flags raised, by flag kind (as the flaggable submission kinds count them).
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
    flags: dict[str, int] = {}
    for kind in submission_kinds():
        if kind.flag_counts is not None:
            for flag_kind, n in kind.flag_counts(start, end).items():
                flags[flag_kind] = flags.get(flag_kind, 0) + n
    return ModerationCounts(
        month=start.date(),
        screened=screened,
        reviews=reviews,
        appeals_filed=appeals.count(),
        appeals_overturned=decided.filter(decision="approve").count(),
        appeals_upheld=decided.filter(decision="reject").count(),
        flags=flags,
    )
