"""Pages of the neighbor feed: reading, the posting flow, comments, flags, appeals.

The posting flow (after Nextdoor's 2016 design) is one page per step on a
draft post: text, then for crime and suspicious activity what the person did,
an optional description, and, when race is given, "would this be suspicious
without race?"; then the confirm step submits it to the screen. Steps are
plain forms, boosted by htmx so they swap without a full reload.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.feed import selectors, services
from fairwitness.feed.forms import (
    AppealForm,
    CommentForm,
    FlagForm,
    LocationForm,
    RadiusForm,
)
from fairwitness.feed.models import Comment, Post
from fairwitness.moderation import services as moderation
from fairwitness.moderation.models import Appeal, Screening
from fairwitness.moderation.selectors import (
    appeals_of_author,
    latest_screening,
)
from fairwitness.moderation.submissions import SubmissionState

PAGE_SIZE = 20


def form_status(request: HttpRequest, form: Any) -> int:
    """400 for a rejected form; htmx only swaps 2xx answers, so it gets 200."""
    if form is None or not form.errors:
        return 200
    return 200 if request.headers.get("HX-Request") else 400


@role_required(Role.RESIDENT)
@require_http_methods(["GET"])
def feed_home(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    location = selectors.reader_location(reader=viewer)
    cell = selectors.reader_cell(reader=viewer)
    radius_form = RadiusForm(request.GET or None)
    radius = location.radius_km if location else selectors.RADIUS_DEFAULT_KM
    if radius_form.is_bound and radius_form.is_valid() and radius_form.cleaned_data["radius"]:
        radius = radius_form.cleaned_data["radius"]
    page = None
    if cell is not None:
        posts = selectors.feed_posts_near(viewer=viewer, cell=cell, radius_km=radius)
        page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "has_location": cell is not None,
        "radius": f"{radius:g}",
        "radius_form": RadiusForm(initial={"radius": f"{radius:g}"}),
        "location_form": LocationForm(),
    }
    template = "feed/_feed_list.html" if request.headers.get("HX-Target") == "feed-list" else None
    return render(request, template or "feed/feed.html", context)


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def location_set(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reader_location_set(reader=signed_in_user(request), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Your feed area is set. Only a coarse area is kept.")
            return redirect("feed:home")
    return render(request, "feed/location.html", {"form": form}, status=form_status(request, form))


@role_required(Role.RESIDENT)
@require_http_methods(["GET"])
def my_posts(request: HttpRequest) -> HttpResponse:
    posts = selectors.posts_of_author(viewer=signed_in_user(request))
    return render(request, "feed/mine.html", {"posts": posts})


def _post_or_404(request: HttpRequest, post_id: int) -> Post:
    try:
        return selectors.post_for_viewer(viewer=signed_in_user(request), post_id=post_id)
    except NotFound:
        raise Http404("No such post.") from None


class CommentShown(NamedTuple):
    """A comment as its reader sees it; all but the first matter only to its author."""

    comment: Comment
    screening: Screening | None
    appeals: list[Appeal]
    can_appeal: bool
    # Why it was sent back, when it waits for its author's edit.
    edit_request: selectors.EditRequest | None


@role_required(Role.RESIDENT)
@require_http_methods(["GET"])
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    post = _post_or_404(request, post_id)
    is_author = post.author_id == viewer.pk
    screening = None
    if is_author:
        screening = post.screenings.order_by("-created_at", "-id").first()
    comments = list(selectors.comments_for_viewer(viewer=viewer, post=post))
    comment_appeals = selectors.comment_appeals_of_author(viewer=viewer, post=post)
    shown = [
        CommentShown(
            comment=c,
            screening=latest_screening(subject=c),
            appeals=comment_appeals.get(c.pk, []),
            can_appeal=c.author_id == viewer.pk and c.state_enum in moderation.APPEALABLE,
            edit_request=selectors.edit_request(subject=c) if c.author_id == viewer.pk else None,
        )
        for c in comments
    ]
    context = {
        "post": post,
        "is_author": is_author,
        "screening": screening,
        "post_edit_request": selectors.edit_request(subject=post) if is_author else None,
        "comments": shown,
        "clips": selectors.post_clips_visible(viewer=viewer, post=post),
        "comment_form": CommentForm(),
        "flag_form": FlagForm(),
        "appeal_form": AppealForm(),
        "appeals": appeals_of_author(viewer=viewer, subject=post) if is_author else [],
        "can_appeal": is_author and post.state_enum in moderation.APPEALABLE,
        "can_edit": is_author and post.state_enum in services.EDITABLE,
    }
    return render(request, "feed/post_detail.html", context)


def _back_to(post_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("feed:post", args=[post_id]) + (f"#{anchor}" if anchor else ""))


@role_required(Role.RESIDENT)
@require_POST
def comment_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The comment is empty. Write something before sending.")
        return _back_to(post_id)
    try:
        comment, _screening = services.comment_submit(
            author=signed_in_user(request), post=post, text=form.cleaned_data["text"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if comment.state == SubmissionState.PUBLISHED:
            messages.success(request, "Your comment is published.")
        else:
            messages.warning(request, f"Your comment: {comment.state_enum.label}.")
    return _back_to(post_id)


@role_required(Role.RESIDENT)
@require_POST
def flag_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what is wrong with the post, then send the flag.")
        return _back_to(post_id)
    try:
        services.flag_raise(flagger=signed_in_user(request), post=post, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return _back_to(post_id)
    messages.success(request, "Thank you. Moderators will look at the post.")
    post.refresh_from_db()
    if post.state != SubmissionState.PUBLISHED:
        return redirect("feed:home")
    return _back_to(post_id)


@role_required(Role.RESIDENT)
@require_POST
def appeal_add(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post_or_404(request, post_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say in up to 2,000 characters why the decision was wrong.")
        return _back_to(post_id)
    try:
        moderation.appeal_file(
            author=signed_in_user(request), subject=post, statement=form.cleaned_data["statement"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your appeal goes to a moderator who did not decide before.")
    return _back_to(post_id)


@role_required(Role.RESIDENT)
@require_POST
def comment_appeal_add(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author of a rejected or removed comment asks another moderator to decide."""
    viewer = signed_in_user(request)
    comment = selectors.comment_of_author(viewer=viewer, comment_id=comment_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say in up to 2,000 characters why the decision was wrong.")
        return _back_to(comment.post_id)
    try:
        moderation.appeal_file(
            author=viewer, subject=comment, statement=form.cleaned_data["statement"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your appeal goes to a moderator who did not decide before.")
    return _back_to(comment.post_id)


@role_required(Role.RESIDENT)
@require_POST
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author sends a comment that was asked for an edit again, changed; it is re-screened."""
    viewer = signed_in_user(request)
    comment = selectors.comment_of_author(viewer=viewer, comment_id=comment_id)
    anchor = f"comment-{comment.pk}"
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The comment is empty. Write something before sending.")
        return _back_to(comment.post_id, anchor)
    try:
        comment, _screening = services.comment_resubmit(
            author=viewer, comment=comment, text=form.cleaned_data["text"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if comment.state == SubmissionState.PUBLISHED:
            messages.success(request, "Thank you for the edit. Your comment is published.")
        else:
            messages.warning(request, f"Your edited comment: {comment.state_enum.label}.")
    return _back_to(comment.post_id, anchor)
