"""Access rows for the neighbor feed: residents only. Probes use ids that do not exist."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import NOT_FOUND, Rows, only

NO_POST = 999999
METHOD_NOT_ALLOWED = 405

ROWS: Rows = {
    ("GET", "feed/"): ("/feed/", None, only([Role.RESIDENT])),
    ("GET", "feed/location/"): ("/feed/location/", None, only([Role.RESIDENT])),
    ("GET", "feed/mine/"): ("/feed/mine/", None, only([Role.RESIDENT])),
    ("GET", "feed/posts/new/"): ("/feed/posts/new/", None, only([Role.RESIDENT])),
    ("GET", "feed/posts/<int:post_id>/"): (
        f"/feed/posts/{NO_POST}/",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    ("GET", "feed/posts/<int:post_id>/compose/"): (
        f"/feed/posts/{NO_POST}/compose/",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    # POST-only pages answer a GET with 405 once the role check has passed.
    ("GET", "feed/posts/<int:post_id>/comments/"): (
        f"/feed/posts/{NO_POST}/comments/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "feed/posts/<int:post_id>/flag/"): (
        f"/feed/posts/{NO_POST}/flag/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "feed/posts/<int:post_id>/appeal/"): (
        f"/feed/posts/{NO_POST}/appeal/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
}
