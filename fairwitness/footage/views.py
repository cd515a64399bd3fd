"""The owner's clip pages: list, player, playback with Range, download, delete, export."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fairwitness.accounts.access import role_required, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import NotFound
from fairwitness.footage import playback, selectors, services
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.vault import VaultKeyUnavailable, VaultRangeNotSatisfiable


def _not_found_as_404(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponse]:
    """Services' NotFound (and a destroyed key) become the 404 page.

    Typed as returning HttpResponse for role_required; streams are HttpResponseBase.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return cast(HttpResponse, view(request, *args, **kwargs))
        except (NotFound, VaultKeyUnavailable) as exc:
            raise Http404(exc.message) from None

    return wrapped


@role_required(Role.RESIDENT)
def clip_list(request: HttpRequest) -> HttpResponse:
    clips = selectors.clip_list_visible_to(viewer=signed_in_user(request))[:500]
    days = selectors.clips_by_day(clips)
    return render(request, "footage/list.html", {"days": days})


@role_required(Role.RESIDENT)
@_not_found_as_404
def clip_detail(request: HttpRequest, clip_id: int) -> HttpResponse:
    clip = selectors.clip_get_owned(viewer=signed_in_user(request), clip_id=clip_id)
    return render(request, "footage/detail.html", {"clip": clip})


def clip_stream_response(
    request: HttpRequest, clip: Clip, *, thumbnail: bool = False, attachment: bool = False
) -> HttpResponseBase:
    """Stream a clip (with HTTP Range) or its thumbnail, decrypted while it is sent.

    The one place playback answers are built: the owner's player here and the
    feed's clips on posts both call it, after their own selector has decided the
    viewer may play ``clip``. A key destroyed meanwhile answers 404.
    """
    try:
        reader = playback.clip_reader_open(clip, thumbnail=thumbnail)
    except VaultKeyUnavailable as exc:
        raise Http404(exc.message) from None
    size = reader.plaintext_size
    try:
        wanted = None if thumbnail else playback.range_parse(request.headers.get("Range"), size)
    except VaultRangeNotSatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    byte_range = wanted or playback.ByteRange(0, size)
    response = StreamingHttpResponse(
        playback.reader_stream(reader, byte_range),
        status=206 if wanted else 200,
        content_type="image/jpeg" if thumbnail else "video/mp4",
    )
    response["Content-Length"] = str(byte_range.length)
    response["Accept-Ranges"] = "none" if thumbnail else "bytes"
    response["Cache-Control"] = "private, no-store"
    if wanted:
        response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end - 1}/{size}"
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{playback.clip_filename(clip)}"'
    return response


@role_required()  # any signed-in role: the selector decides, grants included
@require_GET
@_not_found_as_404
def clip_video(request: HttpRequest, clip_id: int) -> HttpResponseBase:
    clip = selectors.clip_get_for_playback(viewer=signed_in_user(request), clip_id=clip_id)
    return clip_stream_response(request, clip)


@role_required()  # any signed-in role: the selector decides, grants included
@require_GET
@_not_found_as_404
def clip_thumbnail(request: HttpRequest, clip_id: int) -> HttpResponseBase:
    clip = selectors.clip_get_for_playback(viewer=signed_in_user(request), clip_id=clip_id)
    return clip_stream_response(request, clip, thumbnail=True)


@role_required(Role.RESIDENT)
@require_GET
@_not_found_as_404
def clip_download(request: HttpRequest, clip_id: int) -> HttpResponseBase:
    clip = selectors.clip_get_for_playback(viewer=signed_in_user(request), clip_id=clip_id)
    return clip_stream_response(request, clip, attachment=True)


@role_required(Role.RESIDENT)
@require_POST
@_not_found_as_404
def clip_delete(request: HttpRequest, clip_id: int) -> HttpResponse:
    services.clip_delete(owner=signed_in_user(request), clip_id=clip_id)
    messages.success(request, "Clip deleted. Its key was destroyed; it cannot be recovered.")
    return redirect("footage:list")


@role_required(Role.RESIDENT)
@require_GET
@_not_found_as_404
def clip_export(request: HttpRequest) -> StreamingHttpResponse:
    clips = selectors.clip_list_visible_to(viewer=signed_in_user(request)).filter(
        state=ClipState.READY
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(
        playback.clips_zip_stream(clips.iterator()), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="fairwitness-clips-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
