"""Feed routes for residents: read posts near you and one post with its comments, submit a
post, comment on a live post, edit a comment sent back for an edit, flag one. The same
services as the pages, the same rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router, Schema, Status

from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError
from fairwitness.feed import selectors, services
from fairwitness.feed.models import PostClip
from fairwitness.feed.schemas import (
    CommentIn,
    FeedPageOut,
    FlagIn,
    FlagOut,
    PostClipOut,
    PostDetailOut,
    PostIn,
    PostOut,
    PostSubmittedOut,
)
from fairwitness.feed.views import PAGE_SIZE
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening.masking import slurs_masked
from fairwitness.moderation.submissions import SubmissionState

router = Router(tags=["feed"], auth=RoleAuth(Role.RESIDENT))

# Ids beyond a 64-bit key name nothing; refusing them keeps them away from the database.
MAX_ID = 2**63 - 1


def _clips_out(post_id: int, attachments: Iterable[PostClip]) -> list[PostClipOut]:
    return [
        PostClipOut(
            id=shown.clip_id,
            duration_seconds=shown.clip.duration_seconds,
            video=reverse("feed:clip_video", args=[post_id, shown.clip_id]),
            thumbnail=reverse("feed:clip_thumbnail", args=[post_id, shown.clip_id]),
        )
        for shown in attachments
    ]


def _submitted(pk: int, state: str, screening: Screening) -> dict[str, object]:
    return {
        "id": pk,
        "state": state,
        "outcome": screening.outcome,
        "reasons": screening.reasons,
        "messages": screening.messages,
    }


class FeedQuery(Schema):
    radius: float | None = None
    page: int = 1


@router.get("/feed/posts", response=FeedPageOut, summary="Posts near me, newest first")
def feed_list(request: HttpRequest, query: Query[FeedQuery]) -> dict[str, object]:
    viewer = signed_in_user(request)
    cell = selectors.reader_cell(reader=viewer)
    if cell is None:
        raise ApplicationError(
            "Set your home location on the feed page first.", code="location_required"
        )
    location = selectors.reader_location(reader=viewer)
    radius = location.radius_km if location else selectors.RADIUS_DEFAULT_KM
    if query.radius is not None:
        radius = services.radius_check(query.radius)
    posts = selectors.feed_posts_near(viewer=viewer, cell=cell, radius_km=radius)
    page = Paginator(posts, PAGE_SIZE).get_page(query.page)
    items = [
        PostOut(
            id=post.pk,
            category=post.category,
            text=slurs_masked(post.text),
            author=post.author.username,
            published_at=post.published_at,
            comment_count=post.comment_count,  # type: ignore[attr-defined]
            clips=_clips_out(post.pk, post.shown_clips),  # type: ignore[attr-defined]
        )
        for post in page
    ]
    return {
        "items": items,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "radius_km": radius,
    }


@router.post(
    "/feed/posts",
    response={201: PostSubmittedOut},
    summary="Submit a post; it is screened before it can go live",
)
def post_submit(request: HttpRequest, payload: PostIn) -> Status[dict[str, object]]:
    description = (
        services.DescriptionInput(**payload.description.dict()) if payload.description else None
    )
    post, screening = services.post_create(
        author=signed_in_user(request),
        category=payload.category,
        text=payload.text,
        description=description,
        suspicious_without_race=payload.suspicious_without_race,
        clip_ids=payload.clips,
        make_clips_public=payload.make_clips_public,
    )
    return Status(201, _submitted(post.pk, post.state, screening))


@router.get(
    "/feed/posts/{post_id}",
    response=PostDetailOut,
    summary="One post with its clips and live comments (published, or your own)",
)
def post_detail(
    request: HttpRequest, post_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, object]:
    viewer = signed_in_user(request)
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    live = post.state == SubmissionState.PUBLISHED
    comments = selectors.comments_live(post=post) if live else []
    filled = asdict(
        services.DescriptionInput(
            **{name: getattr(post, name) for name in asdict(services.DescriptionInput())}
        )
    )
    return {
        "id": post.pk,
        "category": post.category,
        "state": post.state,
        "text": slurs_masked(post.text),
        "author": post.author.username,
        "published_at": post.published_at,
        "description": {name: value for name, value in filled.items() if value},
        "clips": _clips_out(post.pk, selectors.post_clips_visible(viewer=viewer, post=post)),
        "comments": [
            {
                "id": comment.pk,
                "author": comment.author.username,
                "text": slurs_masked(comment.text),
                "published_at": comment.published_at,
            }
            for comment in comments
        ],
    }


@router.post(
    "/feed/posts/{post_id}/comments",
    response={201: PostSubmittedOut},
    summary="Comment on a live post; the comment is screened like a post",
)
def comment_submit(
    request: HttpRequest, payload: CommentIn, post_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[dict[str, object]]:
    viewer = signed_in_user(request)
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    comment, screening = services.comment_submit(author=viewer, post=post, text=payload.text)
    return Status(201, _submitted(comment.pk, comment.state, screening))


@router.patch(
    "/feed/comments/{comment_id}",
    response=PostSubmittedOut,
    summary="Edit your comment that was sent back for an edit; it is screened again",
)
def comment_edit(
    request: HttpRequest, payload: CommentIn, comment_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, object]:
    viewer = signed_in_user(request)
    comment = selectors.comment_of_author(viewer=viewer, comment_id=comment_id)
    comment, screening = services.comment_resubmit(
        author=viewer, comment=comment, text=payload.text
    )
    return _submitted(comment.pk, comment.state, screening)


@router.post(
    "/feed/posts/{post_id}/flags",
    response={201: FlagOut},
    summary="Flag a live post; a racial-profiling flag takes it to moderators at once",
)
def flag_create(
    request: HttpRequest, payload: FlagIn, post_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[dict[str, object]]:
    viewer = signed_in_user(request)
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    flag = services.flag_raise(flagger=viewer, post=post, kind=payload.kind, note=payload.note)
    post.refresh_from_db(fields=["state"])
    return Status(201, {"id": flag.pk, "kind": flag.kind, "post_state": post.state})
