"""Access rows for clip pages and the device ingestion API.

Clip pages are probed with a clip id that does not exist. Playback and
thumbnails admit any signed-in role, because the selector decides (owners
now, grant holders later): everyone signed in gets 404 for a clip they may not
see. Device routes take only a device token, so people get 401.
"""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import (
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Rows,
    everyone,
    only,
)

NO_CLIP = "/clips/999999"
UPLOAD = "/api/ingest/uploads/00000000-0000-4000-8000-000000000000"
NOT_ALLOWED = 405
SIGN_IN = ("redirect", "/accounts/sign-in/")
UPLOAD_BODY = {
    "upload_id": "00000000-0000-4000-8000-000000000000",
    "started_at": "2025-01-02T03:04:05Z",
    "size": 10,
    "sha256": "0" * 64,
}

ROWS: Rows = {
    ("GET", "clips/"): ("/clips/", None, only([Role.RESIDENT])),
    ("GET", "clips/export/"): ("/clips/export/", None, only([Role.RESIDENT], yes=OK)),
    ("GET", "clips/<int:clip_id>/"): (f"{NO_CLIP}/", None, only([Role.RESIDENT], yes=NOT_FOUND)),
    ("GET", "clips/<int:clip_id>/video"): (
        f"{NO_CLIP}/video",
        None,
        everyone(NOT_FOUND, anon=SIGN_IN),
    ),
    ("GET", "clips/<int:clip_id>/thumbnail"): (
        f"{NO_CLIP}/thumbnail",
        None,
        everyone(NOT_FOUND, anon=SIGN_IN),
    ),
    ("GET", "clips/<int:clip_id>/download"): (
        f"{NO_CLIP}/download",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    ("GET", "clips/<int:clip_id>/delete/"): (
        f"{NO_CLIP}/delete/",
        None,
        only([Role.RESIDENT], yes=NOT_ALLOWED),
    ),
    ("GET", "api/clips"): ("/api/clips", None, only([Role.RESIDENT], anon=UNAUTHENTICATED)),
    ("POST", "api/ingest/uploads"): ("/api/ingest/uploads", UPLOAD_BODY, everyone(UNAUTHENTICATED)),
    ("PUT", "api/ingest/uploads/<upload_id>/chunk"): (
        f"{UPLOAD}/chunk?offset=0",
        None,
        everyone(UNAUTHENTICATED),
    ),
    ("POST", "api/ingest/uploads/<upload_id>/complete"): (
        f"{UPLOAD}/complete",
        None,
        everyone(UNAUTHENTICATED),
    ),
    ("GET", "api/ingest/uploads/<upload_id>"): (UPLOAD, None, everyone(UNAUTHENTICATED)),
}
