"""Moderator pages: the queue, deciding a held post or comment, deciding an appeal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError, NotFound
from fairwitness.moderation import selectors, services
from fairwitness.moderation.forms import AppealDecisionForm, ReviewForm
from fairwitness.moderation.submissions import submission_kind, submission_kind_of


@role_required(Role.MODERATOR)
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    items = selectors.moderation_queue(viewer=signed_in_user(request))
    return render(request, "moderation/queue.html", {"items": items})


def _decide(request: HttpRequest, *, kind: str, pk: int) -> HttpResponse:
    """Show a held submission of ``kind`` with its screening and take a moderator's decision."""
    moderator = signed_in_user(request)
    try:
        subject = selectors.submission_for_moderator(kind=kind, pk=pk)
    except NotFound:
        raise Http404(f"No such {kind}.") from None
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_decide(moderator=moderator, subject=subject, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Decision recorded.")
                return redirect("moderation:queue")
        status = 400
    context = {
        "subject": subject,
        "kind": kind,
        **submission_kind(kind).moderator_view(moderator, subject),
        "form": form,
        "screening": selectors.latest_screening(subject=subject),
    }
    return render(request, "moderation/decide.html", context, status=status)


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def post_decide(request: HttpRequest, post_id: int) -> HttpResponse:
    return _decide(request, kind="post", pk=post_id)


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def comment_decide(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _decide(request, kind="comment", pk=comment_id)


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
    subject = services.appeal_subject(appeal)
    kind = submission_kind_of(subject)
    context = {
        **kind.moderator_view(moderator, subject),
        "appeal": appeal,
        "subject": subject,
        "kind": kind.name,
        "form": form,
        "excluded": appeal.excluded_moderator_id == moderator.pk,
    }
    return render(request, "moderation/appeal.html", context, status=status)
