"""Writes about clips on posts: the author's explicit choice to show their own clips.

Choosing is the only way a clip becomes playable by anyone but its owner through
the feed, and it is audited (``feed:clip:made_public``). Taking clips off a post
is audited too (``feed:clip:withdrawn``). Nothing here has to run when a post is
taken down or a clip is deleted: ``selectors.post_clip_for_playback`` checks the
post's state and the clip's state and expiry on every request.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError, Conflict, NotFound
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import EDITABLE_STATES, Post, PostClip
from fairwitness.footage.models import Clip, ClipState
from fairwitness.moderation.submissions import SubmissionState

MAX_CLIPS_PER_POST = 4
# Ids outside a 64-bit primary key cannot name a clip; the database would refuse them.
_MAX_ID = 2**63 - 1


def _clip_label(clip_id: int) -> str:
    return f"Clip {clip_id}"


def clips_choice_check(*, author: User, clip_ids: Sequence[int]) -> list[Clip]:
    """The author's own clips for ``clip_ids`` (duplicates dropped, order kept), each ready
    and within its camera's retention. Raises with a message naming the first bad clip.
    """
    ids = list(dict.fromkeys(clip_ids))
    if len(ids) > MAX_CLIPS_PER_POST:
        raise ApplicationError(
            f"Choose at most {MAX_CLIPS_PER_POST} clips for one post.",
            code="too_many_clips",
            detail={"max": MAX_CLIPS_PER_POST},
        )
    in_range = [pk for pk in ids if 0 < pk <= _MAX_ID]
    found = {
        clip.pk: clip
        for clip in Clip.objects.filter(pk__in=in_range, camera__owner=author).order_by()
    }
    foreign = [pk for pk in ids if pk not in found]
    if foreign:
        raise ApplicationError(
            f"{_clip_label(foreign[0])} is not one of your clips. You can only show clips "
            "from your own cameras.",
            code="clip_not_yours",
            detail={"clips": foreign},
        )
    now = timezone.now()
    for pk in ids:
        clip = found[pk]
        if clip.state == ClipState.DELETED:
            raise Conflict(
                f"{_clip_label(pk)} was deleted, by you or by your camera's retention period, "
                "and can no longer be shown. Choose another clip.",
                code="clip_deleted",
                detail={"clips": [pk]},
            )
        if clip.expires_at <= now:
            raise Conflict(
                f"{_clip_label(pk)} is past your camera's retention period and is about to be "
                "deleted, so it cannot be shown. Choose a newer clip.",
                code="clip_expired",
                detail={"clips": [pk]},
            )
        if clip.state != ClipState.READY:
            raise Conflict(
                f"{_clip_label(pk)} is not ready to play (still processing, or refused at "
                "upload). Choose it once it is ready, or choose another.",
                code="clip_not_ready",
                detail={"clips": [pk]},
            )
    return [found[pk] for pk in ids]


@transaction.atomic
def post_clips_choose(
    *, author: User, post: Post, clip_ids: Sequence[int], make_public: bool
) -> list[Clip]:
    """Replace the clips shown with ``post`` by the author's explicit choice.

    Preconditions: the post is the author's and can still be edited (draft or
    needs edit); every clip passes ``clips_choice_check``; ``make_public`` is
    True whenever a clip is chosen, which is the author's consent that readers
    of the live post may play them. Newly chosen clips are audited as
    ``feed:clip:made_public``, dropped ones as ``feed:clip:withdrawn``;
    choosing the same clips again writes nothing.
    """
    locked = Post.objects.select_for_update().filter(pk=post.pk).first()
    if locked is None or locked.author_id != author.pk:
        raise NotFound("Nothing is here, or you may not see it.")
    if locked.state not in EDITABLE_STATES:
        raise Conflict(
            "Clips can only be chosen while the post is a draft or waits for your edit.",
            code="post_not_editable",
        )
    clips = clips_choice_check(author=author, clip_ids=clip_ids)
    if clips and not make_public:
        raise ApplicationError(
            "To show clips with your post, confirm that neighbors who can read the post "
            "may play them.",
            code="clips_consent_required",
        )
    wanted = [clip.pk for clip in clips]
    current = list(PostClip.objects.filter(post=locked).values_list("clip_id", flat=True))
    added = [pk for pk in wanted if pk not in current]
    removed = [pk for pk in current if pk not in wanted]
    PostClip.objects.filter(post=locked, clip_id__in=removed).delete()
    for position, pk in enumerate(wanted):
        PostClip.objects.update_or_create(post=locked, clip_id=pk, defaults={"position": position})
    if added:
        _clips_audit(FeedEvent.CLIPS_MADE_PUBLIC, author=author, post=locked, clip_ids=added)
    if removed:
        _clips_audit(FeedEvent.CLIPS_WITHDRAWN, author=author, post=locked, clip_ids=removed)
    return clips


@transaction.atomic
def post_clip_withdraw(*, author: User, post: Post, clip_id: int) -> None:
    """The author stops showing one of their clips with a post, in any state of the post."""
    deleted, _ = PostClip.objects.filter(
        post_id=post.pk, post__author=author, clip_id=clip_id
    ).delete()
    if not deleted:
        raise NotFound("That clip is not shown with this post.")
    _clips_audit(FeedEvent.CLIPS_WITHDRAWN, author=author, post=post, clip_ids=[clip_id])


@transaction.atomic
def post_clip_moderator_played(*, moderator: User, post_id: int, clip_id: int) -> bool:
    """Record that a moderator started playing a clip of a post that is not live.

    Clips of published posts are public to every reader, so only plays of held,
    rejected or removed posts are logged. Returns whether an entry was written.
    """
    state = Post.objects.filter(pk=post_id).values_list("state", flat=True).first()
    if state is None or state == SubmissionState.PUBLISHED:
        return False
    audit_record(
        event=FeedEvent.CLIP_MODERATOR_PLAYED,
        actor=moderator,
        subject=[Subject("post", post_id), Subject("clip", clip_id)],
        public={"status": state},
        private={},
    )
    return True


def _clips_audit(event: FeedEvent, *, author: User, post: Post, clip_ids: list[int]) -> None:
    audit_record(
        event=event,
        actor=author,
        subject=[Subject("post", post.pk), *(Subject("clip", pk) for pk in clip_ids)],
        public={"count": len(clip_ids), "status": post.state},
        private={},
    )
