from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path

from config.api import api
from fairwitness.core.api import error_body


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Unknown /api/ paths answer in the API's error shape, not with an HTML page."""
    body = error_body("not_found", "There is no API route at this path. See /api/docs.")
    return JsonResponse(body, status=404)


urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api-not-found"),
    path("admin/", admin.site.urls),
    path("", include("fairwitness.accounts.urls")),
    path("", include("fairwitness.cameras.urls")),
    path("", include("fairwitness.core.urls")),
]

handler403 = "fairwitness.core.views.forbidden"
handler404 = "fairwitness.core.views.not_found"
handler500 = "fairwitness.core.views.server_error"
