"""Access rows for camera pages and routes."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import CREATED, UNAUTHENTICATED, Rows, only

CAMERA = {"name": "Porch", "latitude": 45.46, "longitude": -122.65}

ROWS: Rows = {
    ("GET", "cameras/new/"): ("/cameras/new/", None, only([Role.RESIDENT])),
    ("GET", "api/cameras"): ("/api/cameras", None, only([Role.RESIDENT], anon=UNAUTHENTICATED)),
    ("POST", "api/cameras"): (
        "/api/cameras",
        CAMERA,
        only([Role.RESIDENT], yes=CREATED, anon=UNAUTHENTICATED),
    ),
}
