"""Screenings, moderators' reviews and authors' appeals of posts and comments.

Each row concerns exactly one post or one comment (a check constraint holds
this). An ``Appeal`` asks for another moderator: ``excluded_moderator`` is
whoever made the decision appealed, and ``appeal_decide`` refuses them.

Appeal states: ``open -> upheld | overturned``; an appeal is decided once.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import models
from django.db.models import Q

from fairwitness.core.models import BaseModel
from fairwitness.moderation.screening import Outcome


def _one_subject(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(post__isnull=False, comment__isnull=True))
        | Q(post__isnull=True, comment__isnull=False),
        name=name,
    )


class Screening(BaseModel):
    """The screening pipeline's verdict on one submission of a post or comment."""

    post = models.ForeignKey(
        "feed.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    comment = models.ForeignKey(
        "feed.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    outcome = models.CharField(max_length=16, choices=[(o.value, o.value) for o in Outcome])
    reasons = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    messages = models.JSONField(default=list)
    model_version = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [_one_subject("moderation_screening_one_subject")]

    def __str__(self) -> str:
        return f"screening {self.pk}: {self.outcome}"


class ReviewDecision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    EDIT = "edit"

    @property
    def label(self) -> str:
        return {
            ReviewDecision.APPROVE: "Approve and publish",
            ReviewDecision.REJECT: "Reject",
            ReviewDecision.EDIT: "Ask the author to edit",
        }[self]


class Review(BaseModel):
    """A moderator's decision; with ``appeal`` set it is the decision on that appeal."""

    post = models.ForeignKey(
        "feed.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.ForeignKey(
        "feed.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="moderation_reviews"
    )
    decision = models.CharField(max_length=16, choices=[(d.value, d.label) for d in ReviewDecision])
    reason_codes = models.JSONField(default=list)
    note = models.TextField(blank=True)
    appeal = models.OneToOneField(
        "moderation.Appeal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decision_review",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [_one_subject("moderation_review_one_subject")]

    def __str__(self) -> str:
        return f"review {self.pk}: {self.decision}"


class AppealState(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Appeal(BaseModel):
    post = models.ForeignKey(
        "feed.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    comment = models.ForeignKey(
        "feed.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_appeals"
    )
    statement = models.TextField()
    appealed_review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )
    # The moderator of the appealed decision; None when the screen decided alone.
    excluded_moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        max_length=16, choices=[(s.value, s.value) for s in AppealState], default=AppealState.OPEN
    )
    severity = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            _one_subject("moderation_appeal_one_subject"),
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(state=AppealState.OPEN),
                name="moderation_appeal_one_open_per_post",
            ),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(state=AppealState.OPEN),
                name="moderation_appeal_one_open_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.state})"
