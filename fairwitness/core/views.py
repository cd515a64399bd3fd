"""The error pages, which belong to no domain (the landing page is accounts' own)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fairwitness.core.api import error_body


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = error_body("not_found", "There is no API route at this path. See /api/docs.")
        return JsonResponse(body, status=404)
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
