"""Turns the application's NotFound, raised by selectors, into the site's 404 page.

Selectors raise ``fairwitness.core.errors.NotFound`` for anything the viewer may
not see; page views let it propagate instead of each translating it to Http404.
The API maps the same error itself (``fairwitness/core/api.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from fairwitness.core.errors import NotFound
from fairwitness.core.views import not_found


class NotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return not_found(request, exception)
        return None
