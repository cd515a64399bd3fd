"""Moderator pages: the queue, deciding a held post or comment, deciding an appeal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.selectors import post_clips_visible
from fairwitness.moderation import selectors, services
from fairwitness.moderation.forms import AppealDecisionForm, ReviewForm


@role_required(Role.MODERATOR)
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    items = selectors.moderation_queue(viewer=signed_in_user(request))
    return render(request, "moderation/queue.html", {"items": items})


def _decide(
    request: HttpRequest, subject: Post | Comment, template_context: dict[str, object]
) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_decide(
                    moderator=signed_in_user(request), subject=subject, **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Decision recorded.")
                return redirect("moderation:queue")
        status = 400
    context = {
        **template_context,
        "form": form,
        "screening": selectors.latest_screening(subject=subject),
    }
    return render(request, "moderation/decide.html", context, status=status)


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def post_decide(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        post = selectors.held_post_for_moderator(post_id=post_id)
    except NotFound:
        raise Http404("No such post.") from None
    context = {
        "subject": post,
        "kind": "post",
        "flags": list(post.flags.all()),
        "clips": post_clips_visible(viewer=signed_in_user(request), post=post),
    }
    return _decide(request, post, context)


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def comment_decide(request: HttpRequest, comment_id: int) -> HttpResponse:
    try:
        comment = selectors.held_comment_for_moderator(comment_id=comment_id)
    except NotFound:
        raise Http404("No such comment.") from None
    return _decide(request, comment, {"subject": comment, "kind": "comment", "flags": []})


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    moderator = signed_in_user(request)
    try:
        appeal = selectors.appeal_for_moderator(appeal_id=appeal_id)
    except NotFound:
        raise Http404("No such appeal.") from None
    form = AppealDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.appeal_decide(
                    moderator=moderator,
                    appeal=appeal,
                    overturn=form.cleaned_data["outcome"] == "overturn",
                    reason_codes=form.cleaned_data["reason_codes"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, "Appeal decided.")
                return redirect("moderation:queue")
        else:
            status = 400
    subject = appeal.post if appeal.post is not None else appeal.comment
    context = {
        "appeal": appeal,
        "subject": subject,
        "form": form,
        "excluded": appeal.excluded_moderator_id == moderator.pk,
        "clips": post_clips_visible(viewer=moderator, post=appeal.post) if appeal.post else [],
    }
    return render(request, "moderation/appeal.html", context, status=status)
