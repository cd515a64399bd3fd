"""Access rows for camera pages and routes.

Pages with an id are probed with an id that does not exist: the owner role gets
404 (nothing is revealed), other roles 403. POST-only pages are probed with GET
(the matrix inventories them so) and answer 405 to residents.
"""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import (
    CREATED,
    NOT_FOUND,
    UNAUTHENTICATED,
    Rows,
    everyone,
    only,
)

CAMERA = {"name": "Porch", "latitude": 45.46, "longitude": -122.65}
NO_CAMERA = "/cameras/999999"
NOT_ALLOWED = 405
BAD_REQUEST = 400

ROWS: Rows = {
    ("GET", "cameras/new/"): ("/cameras/new/", None, only([Role.RESIDENT])),
    ("GET", "cameras/"): ("/cameras/", None, only([Role.RESIDENT])),
    ("GET", "cameras/<int:camera_id>/"): (
        f"{NO_CAMERA}/",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    ("GET", "cameras/<int:camera_id>/pair/"): (
        f"{NO_CAMERA}/pair/",
        None,
        only([Role.RESIDENT], yes=NOT_ALLOWED),
    ),
    ("GET", "cameras/<int:camera_id>/settings/"): (
        f"{NO_CAMERA}/settings/",
        None,
        only([Role.RESIDENT], yes=NOT_ALLOWED),
    ),
    ("GET", "cameras/<int:camera_id>/devices/<int:device_id>/revoke/"): (
        f"{NO_CAMERA}/devices/999999/revoke/",
        None,
        only([Role.RESIDENT], yes=NOT_ALLOWED),
    ),
    ("GET", "api/cameras"): ("/api/cameras", None, only([Role.RESIDENT], anon=UNAUTHENTICATED)),
    ("POST", "api/cameras"): (
        "/api/cameras",
        CAMERA,
        only([Role.RESIDENT], yes=CREATED, anon=UNAUTHENTICATED),
    ),
    # Devices authenticate with their token, never with a session: people get 401.
    ("POST", "api/devices/pair"): (
        "/api/devices/pair",
        {"code": "NOPE-NOPE-NOPE"},
        everyone(BAD_REQUEST),
    ),
    ("GET", "api/devices/camera"): ("/api/devices/camera", None, everyone(UNAUTHENTICATED)),
}
