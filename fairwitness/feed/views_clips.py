"""Clips shown with posts: playing them from the post, and the author taking one off.

Playing goes through ``selectors.post_clip_for_playback`` (is the clip on a
post this reader may see, and still playable?) and then the footage app's own
streaming answer, so Range handling and decryption exist in one place.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.feed import selectors, services_clips
from fairwitness.footage.views import clip_stream_response


# Moderators play clips of posts they review; the selector decides which.
@role_required(Role.RESIDENT, Role.MODERATOR)
@require_GET
def post_clip_video(request: HttpRequest, post_id: int, clip_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    clip = selectors.post_clip_for_playback(viewer=viewer, post_id=post_id, clip_id=clip_id)
    if viewer.role_enum is Role.MODERATOR and _play_starts(request):
        services_clips.post_clip_moderator_played(
            moderator=viewer, post_id=post_id, clip_id=clip.pk
        )
    # A stream, typed as HttpResponse for role_required (as the owner's player does).
    return cast(HttpResponse, clip_stream_response(request, clip))


def _play_starts(request: HttpRequest) -> bool:
    """A play starts with the whole file or a range from byte 0; seeks ask for later bytes."""
    wanted = request.headers.get("Range", "").replace(" ", "")
    return not wanted or wanted.startswith("bytes=0-")


@role_required(Role.RESIDENT, Role.MODERATOR)
@require_GET
def post_clip_thumbnail(request: HttpRequest, post_id: int, clip_id: int) -> HttpResponse:
    clip = selectors.post_clip_for_playback(
        viewer=signed_in_user(request), post_id=post_id, clip_id=clip_id
    )
    return cast(HttpResponse, clip_stream_response(request, clip, thumbnail=True))


@role_required(Role.RESIDENT)
@require_POST
def post_clip_withdraw(request: HttpRequest, post_id: int, clip_id: int) -> HttpResponse:
    viewer = signed_in_user(request)
    post = selectors.post_for_viewer(viewer=viewer, post_id=post_id)
    services_clips.post_clip_withdraw(author=viewer, post=post, clip_id=clip_id)
    messages.success(request, "The clip is no longer shown with your post.")
    return redirect("feed:post", post_id=post.pk)
