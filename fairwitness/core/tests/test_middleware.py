"""A selector's NotFound, raised in a page view, becomes the site's 404 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from fairwitness.core.errors import NotFound, PermissionDenied
from fairwitness.core.middleware import NotFoundMiddleware


def _ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_not_found_renders_the_404_page() -> None:
    request = RequestFactory().get("/requests/999/")
    response = NotFoundMiddleware(_ok).process_exception(request, NotFound("gone"))
    assert response is not None and response.status_code == 404
    assert b"Not found" in response.content


def test_other_errors_are_left_to_django() -> None:
    request = RequestFactory().get("/requests/999/")
    assert NotFoundMiddleware(_ok).process_exception(request, PermissionDenied("no")) is None
