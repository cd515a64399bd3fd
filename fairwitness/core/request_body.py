"""Request bodies are checked before anything reads them: media type, size, and shape.

Contract (``RequestBodyMiddleware``, placed before the CSRF middleware, which reads forms):

- A request without a body passes untouched.
- A body over the limit: 413 ``too_large``, with the limit in bytes in the message and in
  ``detail.limit_bytes``. Limits: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for API bodies and plain
  forms, ``REQUEST_FORM_FILES_MAX_BYTES`` for a page's multipart form (a document upload),
  and each registered route's own (``body_rule_register``: an upload's raw chunks).
- A media type the route does not take: 415 ``unsupported_media_type``. Pages take forms
  (``application/x-www-form-urlencoded``, ``multipart/form-data``); a registered route takes
  what it registered; an API operation that reads a body takes JSON, which ``JsonParser``
  enforces when the operation reads it (an operation that reads no body ignores one).
- A body that cannot be read as its media type says (multipart without a boundary or
  malformed, JSON that does not parse, bytes that are not UTF-8, a bad ``Content-Length``):
  400 ``malformed_body``. Forms are parsed here, so that no later reader meets the failure.
- API answers use the one error shape ``{"error", "message", "detail"}``; pages render
  ``core/error.html`` with the same message. Nothing here answers 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from ninja.parser import Parser

from fairwitness.core.errors import ApplicationError, error_body

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class BodyRule:
    """What one route accepts as its body.

    ``max_bytes_setting`` names the Django setting that holds the limit, read per request so
    that tests and deployments can change it.
    """

    content_types: tuple[str, ...]
    max_bytes_setting: str


BODY_RULES: dict[str, BodyRule] = {}


def body_rule_register(*, view_name: str, rule: BodyRule) -> None:
    """Give the route named ``view_name`` (e.g. ``api:upload_chunk``) its own body rule.

    Call from ``AppConfig.ready()``; the app that owns the route owns its rule.
    """
    BODY_RULES[view_name] = rule


class BodyRejected(ApplicationError):
    """A request body refused before any view read it."""


def _too_large(limit: int, length: int) -> BodyRejected:
    return BodyRejected(
        f"The request body is {length} bytes; the limit here is {limit} bytes. "
        "Send less data in one request.",
        code="too_large",
        status=413,
        detail={"limit_bytes": limit, "length_bytes": length},
    )


def _unsupported(media_type: str, accepted: tuple[str, ...]) -> BodyRejected:
    return BodyRejected(
        f"This route does not accept a body of type {media_type or 'none given'!r}; "
        f"send it as {' or '.join(accepted)}.",
        code="unsupported_media_type",
        status=415,
        detail={"accepted": list(accepted)},
    )


def _malformed(what: str) -> BodyRejected:
    return BodyRejected(
        f"The request body cannot be read: {what}. Correct it and send again.",
        code="malformed_body",
        status=400,
    )


def _content_length(request: HttpRequest) -> int:
    text = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(text)
    except ValueError:
        raise _malformed("the Content-Length header is not a number") from None
    if length < 0:
        raise _malformed("the Content-Length header is negative")
    return length


def _view_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def _media(request: HttpRequest) -> tuple[str, dict[str, str]]:
    return request.content_type or "", dict(request.content_params or {})


def _rule_for(request: HttpRequest) -> BodyRule:
    registered = BODY_RULES.get(_view_name(request))
    if registered is not None:
        return registered
    if request.path_info.startswith("/api/"):
        # The operation's parser decides the media type (JsonParser); forms are still parsed
        # here, because the CSRF check of a signed-in API call reads them.
        return BodyRule(content_types=(), max_bytes_setting="DATA_UPLOAD_MAX_MEMORY_SIZE")
    if request.content_type == MULTIPART:
        return BodyRule(
            content_types=(FORM, MULTIPART), max_bytes_setting="REQUEST_FORM_FILES_MAX_BYTES"
        )
    return BodyRule(
        content_types=(FORM, MULTIPART), max_bytes_setting="DATA_UPLOAD_MAX_MEMORY_SIZE"
    )


def json_body_parse(request: HttpRequest) -> Any:
    """The JSON body of an API operation, or BodyRejected (415 or 400)."""
    media_type, params = _media(request)
    # No Content-Type at all is read as JSON (what a bare client sends); any other is refused.
    if media_type not in (JSON, ""):
        raise _unsupported(media_type, (JSON,))
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise _unsupported(f"{JSON}; charset={charset}", (f"{JSON} (UTF-8)",))
    try:
        return json.loads(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise _malformed("it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _malformed(f"it is not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise _malformed("its JSON is nested too deeply") from None


class JsonParser(Parser):
    """django-ninja's body parser, holding bodies to JSON in UTF-8.

    ninja wraps a parser's exception in HttpError(400) ``from`` it; the API's HttpError
    handler answers with the BodyRejected it finds as the cause (fairwitness/core/api.py).
    """

    def parse_body(self, request: HttpRequest) -> Any:
        return json_body_parse(request)


def _form_check(request: HttpRequest) -> None:
    try:
        if _content_length(request) <= int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            # Kept, so that a JSON operation can still read (and refuse) the raw body.
            request.body  # noqa: B018
        # Parsed here so that no later reader (the CSRF check first) meets the failure.
        request.POST  # noqa: B018
    except RequestDataTooBig:
        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        raise _too_large(limit, _content_length(request)) from None
    except MultiPartParserError as exc:
        raise _malformed(f"the multipart form is malformed ({exc})") from None
    except SuspiciousOperation as exc:  # too many fields or files
        raise _malformed(str(exc)) from None
    except UnicodeDecodeError:
        raise _malformed("it is not text in the declared encoding") from None


def request_body_check(request: HttpRequest) -> None:
    """Raise ``BodyRejected`` unless the request's body is one its route accepts."""
    length = _content_length(request)
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    if length == 0 and not chunked:
        return
    media_type, params = _media(request)
    rule = _rule_for(request)
    if rule.content_types and media_type not in rule.content_types:
        raise _unsupported(media_type, rule.content_types)
    limit = int(getattr(settings, rule.max_bytes_setting))
    if length > limit:
        raise _too_large(limit, length)
    if media_type == MULTIPART and not params.get("boundary"):
        raise _malformed("a multipart/form-data body needs a boundary in its Content-Type")
    if media_type in (FORM, MULTIPART) and request.method == "POST":
        _form_check(request)


def body_rejected_response(request: HttpRequest, error: BodyRejected) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse(
            error_body(error.code, error.message, error.detail), status=error.status
        )
    context = {"status": error.status, "message": error.message}
    return render(request, "core/error.html", context, status=error.status)


class RequestBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request_body_check(request)
        except BodyRejected as error:
            return body_rejected_response(request, error)
        return self.get_response(request)
