from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("fairwitness.accounts.urls")),
    path("", include("fairwitness.cameras.urls")),
    path("", include("fairwitness.footage.urls")),
    path("", include("fairwitness.requests.urls")),
    path("", include("fairwitness.audit.urls")),
    path("", include("fairwitness.feed.urls")),
    path("", include("fairwitness.moderation.urls")),
    path("", include("fairwitness.transparency.urls")),
]

handler403 = "fairwitness.core.views.forbidden"
handler404 = "fairwitness.core.views.not_found"
handler500 = "fairwitness.core.views.server_error"
