"""The /api/ mount: one NinjaAPI with each app's router."""

from django.http import HttpRequest

from fairwitness.accounts.api import router as accounts_router
from fairwitness.audit.api import router as audit_router
from fairwitness.cameras.api import router as cameras_router
from fairwitness.core.api import api_build
from fairwitness.feed.api import router as feed_router
from fairwitness.footage.api import router as footage_router
from fairwitness.moderation.api import router as moderation_router
from fairwitness.requests.api import router as requests_router
from fairwitness.transparency.api import router as transparency_router

api = api_build()


@api.get("/health", auth=None, tags=["meta"], summary="Liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


for router in (
    accounts_router,
    cameras_router,
    footage_router,
    requests_router,
    audit_router,
    feed_router,
    moderation_router,
    transparency_router,
):
    api.add_router("/", router)
