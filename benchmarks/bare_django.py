"""A bare Django project with one view returning a constant: the HTTP baseline.

Served by the same gunicorn as the product, so the ratio isolates what Fair
Witness itself adds (middleware, sessions, templates, queries).
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.urandom(32).hex(),
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
    )


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", constant)]
application = get_wsgi_application()
