"""Feed routes for residents: read posts near you, submit a post."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from fairwitness.accounts.access import RoleAuth
from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError
from fairwitness.feed import selectors, services
from fairwitness.feed.schemas import FeedPageOut, PostIn, PostOut, PostSubmittedOut
from fairwitness.feed.views import PAGE_SIZE

router = Router(tags=["feed"], auth=RoleAuth(Role.RESIDENT))


def _viewer(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


class FeedQuery(Schema):
    radius: float | None = None
    page: int = 1


@router.get("/feed/posts", response=FeedPageOut, summary="Posts near me, newest first")
def feed_list(request: HttpRequest, query: Query[FeedQuery]) -> dict[str, object]:
    viewer = _viewer(request)
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
            text=post.text,
            author=post.author.username,
            published_at=post.published_at,
            comment_count=post.comment_count,  # type: ignore[attr-defined]
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
        author=_viewer(request),
        category=payload.category,
        text=payload.text,
        description=description,
        suspicious_without_race=payload.suspicious_without_race,
    )
    return Status(
        201,
        {
            "id": post.pk,
            "state": post.state,
            "outcome": screening.outcome,
            "reasons": screening.reasons,
            "messages": screening.messages,
        },
    )
