"""Writes of moderation: screening a submission, reviews, appeals.

Every outcome is audited in the same transaction: reason codes in the public
fields, the submitted text only in the private details.

Callers pass a row of a registered submission kind (the feed's posts and
comments) as ``subject``; the kinds and the state machine are in
``fairwitness.moderation.submissions``. Moderation never imports the feed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject as AuditSubject
from fairwitness.core.errors import Conflict, NotFound, PermissionDenied
from fairwitness.moderation.events import ModerationEvent
from fairwitness.moderation.models import (
    Appeal,
    AppealState,
    Review,
    ReviewDecision,
    Screening,
)
from fairwitness.moderation.reasons import review_reasons_check, severity_of
from fairwitness.moderation.screening import Outcome, post_screen
from fairwitness.moderation.screening.version import screening_model_version
from fairwitness.moderation.submissions import (
    Submission,
    SubmissionState,
    submission_kind_of,
    submission_kinds,
)

Subject = Submission

STATE_FOR_OUTCOME: dict[Outcome, SubmissionState] = {
    Outcome.PUBLISH: SubmissionState.PUBLISHED,
    Outcome.EDIT: SubmissionState.NEEDS_EDIT,
    Outcome.REVIEW: SubmissionState.HELD,
    Outcome.REJECT: SubmissionState.REJECTED,
}
# Moderation's own events per kind; publishing is audited with the kind's own event.
_HOLD_EVENTS: dict[str, dict[Outcome, StrEnum]] = {
    "post": {
        Outcome.EDIT: ModerationEvent.POST_EDIT_REQUESTED,
        Outcome.REVIEW: ModerationEvent.POST_HELD,
        Outcome.REJECT: ModerationEvent.POST_REJECTED,
    },
    "comment": {
        Outcome.EDIT: ModerationEvent.COMMENT_EDIT_REQUESTED,
        Outcome.REVIEW: ModerationEvent.COMMENT_HELD,
        Outcome.REJECT: ModerationEvent.COMMENT_REJECTED,
    },
}
_REVIEWED_EVENTS: dict[str, StrEnum] = {
    "post": ModerationEvent.POST_REVIEWED,
    "comment": ModerationEvent.COMMENT_REVIEWED,
}


def _screen_event(subject: Subject, outcome: Outcome) -> StrEnum:
    kind = submission_kind_of(subject)
    if outcome is Outcome.PUBLISH:
        return kind.published_event
    return _HOLD_EVENTS[kind.name][outcome]


def subject_ref(subject: Subject, **more: int) -> list[AuditSubject]:
    """How the log names a submission (as its kind says: post 12, or comment 7 of post 12),
    then ``more``."""
    named = submission_kind_of(subject).audit_ref(subject)
    return named + [AuditSubject(kind, pk) for kind, pk in more.items()]


def _subject_fields(subject: Subject) -> dict[str, Any]:
    return {submission_kind_of(subject).name: subject}


def _state_set(subject: Subject, state: SubmissionState, *, severity: int = 0) -> None:
    subject.state = state
    subject.hold_severity = severity if state is SubmissionState.HELD else 0
    fields = ["state", "hold_severity", "updated_at"]
    if state is SubmissionState.PUBLISHED and subject.published_at is None:
        subject.published_at = timezone.now()
        fields.append("published_at")
    subject.save(update_fields=fields)


@transaction.atomic
def submission_screen(*, subject: Subject, actor: User) -> Screening:
    """Screen a saved post or comment, store the Screening and move it to its state.

    Raises ``ScreeningInputError`` for empty or huge text before anything is
    written; the caller's transaction then rolls back whatever it saved.
    """
    given = submission_kind_of(subject).screen_input(subject)
    category = given.category
    verdict = post_screen(text=subject.text, category=category, description=given.description)
    reasons = [str(reason) for reason in verdict.reasons]
    row = Screening.objects.create(
        **_subject_fields(subject),
        outcome=verdict.outcome,
        reasons=reasons,
        scores={key: round(value, 4) for key, value in verdict.scores.items()},
        messages=list(verdict.messages),
        model_version=screening_model_version(),
    )
    _state_set(subject, STATE_FOR_OUTCOME[verdict.outcome], severity=severity_of(reasons))
    category_field = {"category": category} if category else {}
    audit_record(
        event=_screen_event(subject, verdict.outcome),
        actor=actor,
        subject=subject_ref(subject),
        public={"outcome": str(verdict.outcome), "reason_codes": reasons, **category_field},
        private={"text": subject.text, "scores": row.scores, "model_version": row.model_version},
    )
    return row


def _require_moderator(user: User) -> None:
    if user.role_enum is not Role.MODERATOR:
        raise PermissionDenied("Only moderators decide on posts and appeals.")


_DECISION_STATE: dict[ReviewDecision, SubmissionState] = {
    ReviewDecision.APPROVE: SubmissionState.PUBLISHED,
    ReviewDecision.REJECT: SubmissionState.REJECTED,
    ReviewDecision.EDIT: SubmissionState.NEEDS_EDIT,
}


@transaction.atomic
def review_decide(
    *,
    moderator: User,
    subject: Subject,
    decision: ReviewDecision | str,
    reason_codes: list[str],
    note: str = "",
) -> Review:
    """A moderator decides on a held post or comment: approve, reject or ask for an edit.

    A flagged post that a moderator rejects is ``removed`` rather than ``rejected``
    when it had been live, so the author and the report can tell the two apart.
    """
    _require_moderator(moderator)
    decision = ReviewDecision(decision)
    reasons = review_reasons_check(approve=decision is ReviewDecision.APPROVE, codes=reason_codes)
    kind = submission_kind_of(subject)
    locked: Subject = kind.model._default_manager.select_for_update().get(pk=subject.pk)
    if locked.state != SubmissionState.HELD:
        raise Conflict(
            "This item is no longer waiting for review; reload the queue.", code="review_not_held"
        )
    review = Review.objects.create(
        **_subject_fields(locked),
        moderator=moderator,
        decision=decision,
        reason_codes=[str(r) for r in reasons],
        note=note.strip()[:2000],
    )
    state = _DECISION_STATE[decision]
    if state is SubmissionState.REJECTED and locked.published_at is not None:
        state = SubmissionState.REMOVED
    _state_set(locked, state)
    subject.refresh_from_db()
    audit_record(
        event=_REVIEWED_EVENTS[kind.name],
        actor=moderator,
        subject=subject_ref(locked),
        public={
            "decision": str(decision),
            "reason_codes": review.reason_codes,
            "status": state.value,
        },
        private={"text": locked.text, "note": review.note},
    )
    return review


APPEALABLE = frozenset({SubmissionState.REJECTED, SubmissionState.REMOVED})
STATEMENT_MAX_LENGTH = 2000


@transaction.atomic
def appeal_file(*, author: User, subject: Subject, statement: str) -> Appeal:
    """The author asks another moderator to look at a rejection or removal.

    Works alike for posts and comments: the moderator of the last decision on
    the subject becomes ``excluded_moderator``, and ``appeal_decide`` refuses them.
    """
    if subject.author_id != author.pk:
        raise NotFound("Nothing is here, or you may not see it.")
    if subject.state not in APPEALABLE:
        raise Conflict(submission_kind_of(subject).not_appealable, code="appeal_not_allowed")
    statement = statement.strip()
    if not statement or len(statement) > STATEMENT_MAX_LENGTH:
        raise Conflict(
            f"Say in up to {STATEMENT_MAX_LENGTH:,} characters why the decision was wrong.",
            code="appeal_statement_invalid",
        )
    fields = _subject_fields(subject)
    if Appeal.objects.filter(**fields, state=AppealState.OPEN).exists():
        raise Conflict("Your appeal is already waiting for a moderator.", code="appeal_open")
    last_review = Review.objects.filter(**fields).order_by("-created_at", "-id").first()
    screening = Screening.objects.filter(**fields).order_by("-created_at", "-id").first()
    appeal = Appeal.objects.create(
        **fields,
        author=author,
        statement=statement,
        appealed_review=last_review,
        excluded_moderator=last_review.moderator if last_review else None,
        severity=severity_of(screening.reasons if screening else []),
    )
    audit_record(
        event=ModerationEvent.APPEAL_FILED,
        actor=author,
        subject=subject_ref(subject, appeal=appeal.pk),
        public={"status": AppealState.OPEN.value},
        private={
            "statement": statement,
            "appealed_review": last_review.pk if last_review else None,
        },
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *, moderator: User, appeal: Appeal, overturn: bool, reason_codes: list[str], note: str = ""
) -> Review:
    """Decide an appeal. The moderator of the appealed decision may not decide it."""
    _require_moderator(moderator)
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.excluded_moderator_id == moderator.pk:
        raise PermissionDenied(
            "You made the decision being appealed; another moderator must decide this appeal.",
            code="appeal_needs_another_moderator",
        )
    if locked.state != AppealState.OPEN:
        raise Conflict("This appeal has already been decided.", code="appeal_decided")
    reasons = review_reasons_check(approve=overturn, codes=reason_codes)
    subject = appeal_subject(locked)
    decision = ReviewDecision.APPROVE if overturn else ReviewDecision.REJECT
    review = Review.objects.create(
        **_subject_fields(subject),
        moderator=moderator,
        decision=decision,
        reason_codes=[str(r) for r in reasons],
        note=note.strip()[:2000],
        appeal=locked,
    )
    locked.state = AppealState.OVERTURNED if overturn else AppealState.UPHELD
    locked.save(update_fields=["state", "updated_at"])
    if overturn:
        _state_set(subject, SubmissionState.PUBLISHED)
    appeal.refresh_from_db()
    audit_record(
        event=ModerationEvent.APPEAL_DECIDED,
        actor=moderator,
        subject=subject_ref(subject, appeal=locked.pk),
        public={"outcome": locked.state, "reason_codes": review.reason_codes},
        private={"note": review.note},
    )
    return review


def appeal_subject(appeal: Appeal) -> Subject:
    """The submission an appeal is about (its foreign key named after the submission's kind)."""
    for kind in submission_kinds():
        row: Subject | None = getattr(appeal, kind.name, None)
        if row is not None:
            return row
    raise LookupError(f"appeal {appeal.pk} names no submission of a registered kind")


def submission_hold(*, subject: Subject, codes: list[str]) -> None:
    """Take a live post or comment off the feed and into the queue (e.g. after a flag).

    The caller audits why; this only moves the state.
    """
    _state_set(subject, SubmissionState.HELD, severity=severity_of(codes))


def moderator_cleared(*, subject: Subject) -> bool:
    """A moderator has approved this submission, by review or by appeal."""
    return Review.objects.filter(
        **_subject_fields(subject), decision=ReviewDecision.APPROVE
    ).exists()
