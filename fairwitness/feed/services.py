"""Writes of the neighbor feed: reader location, posts, comments, flags.

A post is built as a draft by the posting flow (or all at once by the API) and
then submitted; submitting enforces the posting-flow rules on the server and
runs the screen. Nothing reaches ``published`` without a screening or a
moderator's approval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import h3
from django.db import IntegrityError, transaction

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.services import audit_record
from fairwitness.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from fairwitness.core.input_bounds import text_plain_problem
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import (
    DESCRIPTOR_MAX_LENGTH,
    EDITABLE_STATES,
    FEED_CELL_RESOLUTION,
    PERSON_CATEGORIES,
    Comment,
    Flag,
    FlagKind,
    Post,
    ReaderLocation,
)
from fairwitness.feed.selectors import RADIUS_CHOICES_KM, reader_cell
from fairwitness.feed.services_clips import post_clips_choose
from fairwitness.moderation import services as moderation
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening import PostCategory, text_check
from fairwitness.moderation.screening.profiling import REQUIRED_OTHER_DESCRIPTORS
from fairwitness.moderation.submissions import SubmissionState

EDITABLE = EDITABLE_STATES


def _require_resident(user: User) -> None:
    if user.role_enum is not Role.RESIDENT:
        raise PermissionDenied("Only residents post to the neighbor feed.")


def _editable_check(
    subject: Post | Comment,
    *,
    author: User,
    message: str,
    editable: frozenset[SubmissionState] = EDITABLE,
) -> None:
    """Only the author changes a submission, and only before it is screened or when sent back.

    Posts and comments share the rule; a refusal is a 409 ``post_not_editable`` or
    ``comment_not_editable`` with ``message`` for the person.
    """
    if subject.author_id != author.pk or subject.state not in editable:
        kind = "post" if isinstance(subject, Post) else "comment"
        raise Conflict(message, code=f"{kind}_not_editable")


@transaction.atomic
def reader_location_set(
    *, reader: User, latitude: float, longitude: float, radius_km: float | None = None
) -> ReaderLocation:
    """Keep only the coarse cell of the given point; the coordinates are not stored."""
    _require_resident(reader)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ApplicationError(
            "The location is not on Earth: latitude runs -90..90, longitude -180..180.",
            code="invalid_location",
        )
    defaults: dict[str, object] = {
        "cell": h3.latlng_to_cell(latitude, longitude, FEED_CELL_RESOLUTION)
    }
    if radius_km is not None:
        defaults["radius_km"] = radius_check(radius_km)
    location, _ = ReaderLocation.objects.update_or_create(reader=reader, defaults=defaults)
    return location


def radius_check(radius_km: float) -> float:
    if radius_km not in RADIUS_CHOICES_KM:
        choices = ", ".join(f"{r:g}" for r in RADIUS_CHOICES_KM)
        raise ApplicationError(
            f"Choose a radius of {choices} km.", code="invalid_radius", detail={"choices": choices}
        )
    return radius_km


@dataclass(frozen=True, slots=True)
class DescriptionInput:
    """The structured description as typed into the posting flow."""

    behaviour: str = ""
    top: str = ""
    bottom: str = ""
    shoes: str = ""
    hair: str = ""
    build: str = ""
    age_range: str = ""
    vehicle: str = ""
    other_features: str = ""
    race_ethnicity: str = ""


def _category_check(category: str) -> PostCategory:
    try:
        return PostCategory(category)
    except ValueError:
        choices = ", ".join(c.value for c in PostCategory)
        raise ApplicationError(f"Choose a category: {choices}.", code="invalid_category") from None


def _description_apply(post: Post, description: DescriptionInput) -> None:
    for name, value in asdict(description).items():
        value = value.strip()
        limit = 300 if name == "behaviour" else DESCRIPTOR_MAX_LENGTH
        if len(value) > limit:
            raise ApplicationError(
                f"Keep each detail under {limit} characters; put longer context in the text.",
                code="description_too_long",
                detail={"field": name},
            )
        problem = text_plain_problem(value)
        if problem:
            raise ApplicationError(problem, code="text_control_character", detail={"field": name})
        setattr(post, name, value)


@transaction.atomic
def post_draft_save(
    *,
    author: User,
    category: str,
    text: str,
    post: Post | None = None,
) -> Post:
    """Create a draft, or change the category and text of one the author may edit."""
    _require_resident(author)
    cell = reader_cell(reader=author)
    if cell is None:
        raise ApplicationError(
            "Set your home location on the feed page first, so neighbors near you see the post.",
            code="location_required",
        )
    if post is None:
        post = Post(author=author, state=SubmissionState.DRAFT)
    else:
        _editable_check(post, author=author, message="This post can no longer be edited.")
    post.category = _category_check(category)
    post.text = text_check(text)
    post.coarse_cell = cell
    post.save()
    return post


@transaction.atomic
def post_description_save(
    *,
    author: User,
    post: Post,
    description: DescriptionInput,
    suspicious_without_race: bool | None = None,
) -> Post:
    _editable_check(post, author=author, message="This post can no longer be edited.")
    _description_apply(post, description)
    post.suspicious_without_race = suspicious_without_race if post.race_ethnicity else None
    post.save()
    return post


def posting_rules_check(post: Post) -> None:
    """The posting flow's rules, enforced on the server whatever the client sent.

    With race or ethnicity given: what the person did, at least two other
    descriptors, and "yes" to "would this be suspicious without race?".
    """
    if not post.race_ethnicity.strip():
        return
    description = post.description()
    assert description is not None
    missing = REQUIRED_OTHER_DESCRIPTORS - description.other_descriptor_count()
    if missing > 0:
        raise ApplicationError(
            "You gave race or ethnicity. Add at least two other details (clothing, hair, "
            f"build, age range or vehicle) — {missing} more — or remove race or ethnicity.",
            code="race_needs_descriptors",
        )
    if not post.behaviour.strip():
        raise ApplicationError(
            "Say what the person did before describing what they look like.",
            code="behaviour_required",
        )
    if post.suspicious_without_race is not True:
        raise ApplicationError(
            "If what they did would not be suspicious without their race, it is not suspicious. "
            "Remove race or ethnicity, or don't post.",
            code="suspicious_without_race",
        )


@transaction.atomic
def post_submit(*, author: User, post: Post) -> Screening:
    """Check the posting rules, then screen; the post's state follows the outcome."""
    _editable_check(post, author=author, message="This post has already been submitted.")
    if post.category not in PERSON_CATEGORIES and post.description() is not None:
        # Only crime and suspicious-activity posts describe a person.
        _description_apply(post, DescriptionInput())
        post.suspicious_without_race = None
        post.save()
    posting_rules_check(post)
    return moderation.submission_screen(subject=post, actor=author)


@transaction.atomic
def post_create(
    *,
    author: User,
    category: str,
    text: str,
    description: DescriptionInput | None = None,
    suspicious_without_race: bool | None = None,
    clip_ids: Sequence[int] = (),
    make_clips_public: bool = False,
) -> tuple[Post, Screening]:
    """Create and submit a post in one step (the API). Any refusal stores nothing.

    ``clip_ids`` are the author's own clips to show with it; ``make_clips_public``
    is the author's explicit consent (see ``post_clips_choose``).
    """
    post = post_draft_save(author=author, category=category, text=text)
    post_description_save(
        author=author,
        post=post,
        description=description or DescriptionInput(),
        suspicious_without_race=suspicious_without_race,
    )
    if clip_ids:
        post_clips_choose(
            author=author, post=post, clip_ids=clip_ids, make_public=make_clips_public
        )
    return post, post_submit(author=author, post=post)


@transaction.atomic
def comment_submit(*, author: User, post: Post, text: str) -> tuple[Comment, Screening]:
    _require_resident(author)
    if post.state != SubmissionState.PUBLISHED:
        raise NotFound("Nothing is here, or you may not see it.")
    comment = Comment.objects.create(post=post, author=author, text=text_check(text))
    return comment, moderation.submission_screen(subject=comment, actor=author)


# A comment is screened as soon as it is written, so it is never a draft: the author
# changes it only when the screen or a moderator sent it back.
COMMENT_EDITABLE = frozenset({SubmissionState.NEEDS_EDIT})
_COMMENT_NOT_EDITABLE: dict[str, str] = {
    SubmissionState.PUBLISHED: "This comment is already published and can no longer be edited.",
    SubmissionState.HELD: (
        "This comment is waiting for a moderator. You can edit it only if they ask you to."
    ),
    SubmissionState.REJECTED: (
        "This comment was not published and cannot be edited. "
        "Appeal the decision, or write a new comment."
    ),
    SubmissionState.REMOVED: (
        "This comment was removed by a moderator and cannot be edited. Appeal the decision instead."
    ),
}


@transaction.atomic
def comment_resubmit(*, author: User, comment: Comment, text: str) -> tuple[Comment, Screening]:
    """The author changes a comment that was sent back for an edit; it is screened again.

    Preconditions: the comment is the author's (else 404), it is ``needs_edit``
    (else 409 ``comment_not_editable``) and its post is still live (else 409
    ``post_not_live``). The new text is checked as on the first submission; any
    refusal stores nothing. As for posts, every submission keeps its own
    ``Screening`` row and audit entry, whose private details hold the text screened.
    """
    _require_resident(author)
    locked = Comment.objects.select_for_update().select_related("post").get(pk=comment.pk)
    if locked.author_id != author.pk:
        raise NotFound("Nothing is here, or you may not see it.")
    _editable_check(
        locked,
        author=author,
        editable=COMMENT_EDITABLE,
        message=_COMMENT_NOT_EDITABLE.get(locked.state, "This comment cannot be edited."),
    )
    if locked.post.state != SubmissionState.PUBLISHED:
        raise Conflict(
            "The post is no longer on the feed, so the comment cannot be sent again.",
            code="post_not_live",
        )
    locked.text = text_check(text)
    locked.save(update_fields=["text", "updated_at"])
    return locked, moderation.submission_screen(subject=locked, actor=author)


@transaction.atomic
def flag_raise(*, flagger: User, post: Post, kind: str, note: str = "") -> Flag:
    """A neighbor flags a live post.

    A racial-profiling flag takes the post off the feed into the top of the
    moderators' queue at once, unless a moderator has already approved the
    post (then the flag is recorded for the report, and the post stays up).
    """
    _require_resident(flagger)
    if post.state != SubmissionState.PUBLISHED:
        raise NotFound("Nothing is here, or you may not see it.")
    if post.author_id == flagger.pk:
        raise Conflict("You cannot flag your own post; edit or delete it instead.", code="own_post")
    try:
        flag_kind = FlagKind(kind)
    except ValueError:
        raise ApplicationError("Choose what is wrong with the post.", code="invalid_flag") from None
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post, flagger=flagger, kind=flag_kind, note=note.strip()[:500]
            )
    except IntegrityError:
        raise Conflict("You have already flagged this post.", code="already_flagged") from None
    held = False
    if flag_kind is FlagKind.RACIAL_PROFILING and not moderation.moderator_cleared(subject=post):
        moderation.submission_hold(subject=post, codes=[f"flag:{flag_kind}"])
        held = True
    audit_record(
        event=FeedEvent.POST_FLAGGED,
        actor=flagger,
        subject=moderation.subject_ref(post, flag=flag.pk),
        public={"kind": str(flag_kind), "status": "held" if held else "published"},
        private={"note": flag.note},
    )
    return flag
