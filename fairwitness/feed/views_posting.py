"""The posting flow's pages: one step per page on a draft, htmx-boosted.

Steps: ``text`` -> (crime or suspicious activity: ``behaviour`` -> ``describe``
-> ``check`` when race is given) -> ``confirm``. Every step saves through a
service, and ``confirm`` submits: the server enforces the rules again there,
whatever the pages let through. ``clips`` is reached from ``confirm`` by an
author who has clips: choosing them there is the explicit, audited choice to
make them public with the post.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import ApplicationError
from fairwitness.feed import selectors, services, services_clips
from fairwitness.feed.forms import (
    BehaviourForm,
    ClipChoiceForm,
    DescriptionForm,
    PostTextForm,
    WithoutRaceForm,
)
from fairwitness.feed.models import PERSON_CATEGORIES, Post
from fairwitness.feed.views import form_status
from fairwitness.moderation.screening import PostCategory
from fairwitness.moderation.screening.profiling import REQUIRED_OTHER_DESCRIPTORS

STEPS = ("text", "behaviour", "describe", "check", "clips", "confirm")
STEP_TITLES = {
    "text": "What happened?",
    "behaviour": "What did the person do?",
    "describe": "Describe the person (optional)",
    "check": "Before you post",
    "clips": "Show clips with the post (optional)",
    "confirm": "Check and post",
}
# The clips step lists the author's newest clips; older ones are rarely news.
CLIP_CHOICES = 60


def _step_url(post: Post, step: str) -> str:
    return f"{reverse('feed:compose', args=[post.pk])}?step={step}"


def _after_text(post: Post) -> str:
    return "behaviour" if PostCategory(post.category) in PERSON_CATEGORIES else "confirm"


def _current(post: Post) -> services.DescriptionInput:
    return services.DescriptionInput(
        **{name: getattr(post, name) for name in asdict(services.DescriptionInput())}
    )


def _render(
    request: HttpRequest,
    post: Post | None,
    step: str,
    form: Any,
    *,
    status: int | None = None,
    **extra: Any,
) -> HttpResponse:
    if status is None:
        status = form_status(request, form)
    elif request.headers.get("HX-Request"):
        status = 200  # htmx swaps only 2xx answers
    context = {
        "post": post,
        "step": step,
        "title": STEP_TITLES[step],
        "form": form,
        "person_flow": post is not None and PostCategory(post.category) in PERSON_CATEGORIES,
        **extra,
    }
    return render(request, "feed/compose.html", context, status=status)


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    form = PostTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_draft_save(author=signed_in_user(request), **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_step_url(post, _after_text(post)))
    return _render(request, None, "text", form)


def _draft(request: HttpRequest, post_id: int) -> Post:
    post = Post.objects.filter(pk=post_id, author=signed_in_user(request)).first()
    if post is None:
        raise Http404("No such post.")
    return post


@role_required(Role.RESIDENT)
@require_http_methods(["GET", "POST"])
def post_compose(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _draft(request, post_id)
    if post.state_enum not in services.EDITABLE:
        return redirect("feed:post", post_id=post.pk)
    step = request.POST.get("step") or request.GET.get("step") or "text"
    if step not in STEPS:
        step = "text"
    handler = _HANDLERS[step]
    return handler(request, post)


def _text_step(request: HttpRequest, post: Post) -> HttpResponse:
    initial = {"category": post.category, "text": post.text}
    form = PostTextForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_draft_save(author=signed_in_user(request), post=post, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_step_url(post, _after_text(post)))
    return _render(request, post, "text", form)


def _behaviour_step(request: HttpRequest, post: Post) -> HttpResponse:
    form = BehaviourForm(
        request.POST if request.method == "POST" else None, initial={"behaviour": post.behaviour}
    )
    if request.method == "POST" and request.POST.get("no_person"):
        services.post_description_save(
            author=signed_in_user(request), post=post, description=services.DescriptionInput()
        )
        return redirect(_step_url(post, "confirm"))
    if request.method == "POST" and form.is_valid():
        description = replace(_current(post), behaviour=form.cleaned_data["behaviour"])
        services.post_description_save(
            author=signed_in_user(request),
            post=post,
            description=description,
            suspicious_without_race=post.suspicious_without_race,
        )
        return redirect(_step_url(post, "describe"))
    return _render(request, post, "behaviour", form)


def _describe_step(request: HttpRequest, post: Post) -> HttpResponse:
    current = _current(post)
    form = DescriptionForm(
        request.POST if request.method == "POST" else None, initial=asdict(current)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v.strip() for k, v in form.cleaned_data.items()}
        others = sum(1 for k, v in data.items() if v and k != "race_ethnicity")
        if data["race_ethnicity"] and others < REQUIRED_OTHER_DESCRIPTORS:
            form.add_error(
                "race_ethnicity",
                "You gave race or ethnicity. Add at least two other details above, or leave "
                "race or ethnicity empty.",
            )
        else:
            description = replace(current, **data)
            services.post_description_save(
                author=signed_in_user(request),
                post=post,
                description=description,
                suspicious_without_race=post.suspicious_without_race,
            )
            return redirect(_step_url(post, "check" if data["race_ethnicity"] else "confirm"))
    return _render(request, post, "describe", form)


def _check_step(request: HttpRequest, post: Post) -> HttpResponse:
    if not post.race_ethnicity:
        return redirect(_step_url(post, "confirm"))
    form = WithoutRaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("remove_race"):
        services.post_description_save(
            author=signed_in_user(request),
            post=post,
            description=replace(_current(post), race_ethnicity=""),
        )
        return redirect(_step_url(post, "confirm"))
    if request.method == "POST" and form.is_valid():
        suspicious = form.cleaned_data["answer"] == "yes"
        services.post_description_save(
            author=signed_in_user(request),
            post=post,
            description=_current(post),
            suspicious_without_race=suspicious,
        )
        if suspicious:
            return redirect(_step_url(post, "confirm"))
        return _render(request, post, "check", form, not_suspicious=True)
    return _render(request, post, "check", form)


def _clips_step(request: HttpRequest, post: Post) -> HttpResponse:
    author = signed_in_user(request)
    choosable = list(selectors.clips_choosable(author=author)[:CLIP_CHOICES])
    chosen = [str(pk) for pk in post.post_clips.values_list("clip_id", flat=True)]
    form = ClipChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"clips": chosen, "make_public": bool(chosen)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_clips.post_clips_choose(
                author=author,
                post=post,
                clip_ids=form.cleaned_data["clips"],
                make_public=form.cleaned_data["make_public"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_step_url(post, "confirm"))
    checked = {str(value) for value in (form["clips"].value() or [])}
    return _render(request, post, "clips", form, choosable=choosable, checked=checked)


def _confirm_context(request: HttpRequest, post: Post) -> dict[str, Any]:
    author = signed_in_user(request)
    shown = selectors.post_clips_visible(viewer=author, post=post)
    return {
        "shown_clips": shown,
        "can_choose_clips": bool(shown) or selectors.clips_choosable(author=author).exists(),
    }


def _confirm_step(request: HttpRequest, post: Post) -> HttpResponse:
    if request.method == "POST":
        try:
            services.post_submit(author=signed_in_user(request), post=post)
        except ApplicationError as exc:
            post.refresh_from_db()
            context = _confirm_context(request, post)
            return _render(request, post, "confirm", None, error=exc.message, status=400, **context)
        return redirect("feed:post", post_id=post.pk)
    return _render(request, post, "confirm", None, **_confirm_context(request, post))


_HANDLERS = {
    "text": _text_step,
    "behaviour": _behaviour_step,
    "describe": _describe_step,
    "check": _check_step,
    "clips": _clips_step,
    "confirm": _confirm_step,
}
