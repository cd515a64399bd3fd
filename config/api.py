"""The /api/ mount: one NinjaAPI with each app's router."""

from django.http import HttpRequest

from fairwitness.accounts.api import router as accounts_router
from fairwitness.cameras.api import router as cameras_router
from fairwitness.core.api import api_build

api = api_build()


@api.get("/health", auth=None, tags=["meta"], summary="Liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("/", accounts_router)
api.add_router("/", cameras_router)
