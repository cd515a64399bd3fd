"""Access rows for the neighbor feed: residents only. Probes use ids that do not exist."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import NOT_FOUND, UNAUTHENTICATED, Rows, only

NO_POST = 999999
NO_CLIP = 999999
NO_COMMENT = 999999
METHOD_NOT_ALLOWED = 405
# A fresh resident has no feed area yet: the API says so with a 400 and what to do.
NEEDS_LOCATION = 400
POST = {"category": "lost_and_found", "text": "Found a set of keys on the library bench."}

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
    # Clips on posts: the selector answers 404 for a clip not shown on a post you can see;
    # moderators play the clips of posts they review.
    ("GET", "feed/posts/<int:post_id>/clips/<int:clip_id>/video"): (
        f"/feed/posts/{NO_POST}/clips/{NO_CLIP}/video",
        None,
        only([Role.RESIDENT, Role.MODERATOR], yes=NOT_FOUND),
    ),
    ("GET", "feed/posts/<int:post_id>/clips/<int:clip_id>/thumbnail"): (
        f"/feed/posts/{NO_POST}/clips/{NO_CLIP}/thumbnail",
        None,
        only([Role.RESIDENT, Role.MODERATOR], yes=NOT_FOUND),
    ),
    ("GET", "feed/posts/<int:post_id>/clips/<int:clip_id>/withdraw/"): (
        f"/feed/posts/{NO_POST}/clips/{NO_CLIP}/withdraw/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "feed/comments/<int:comment_id>/appeal/"): (
        f"/feed/comments/{NO_COMMENT}/appeal/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "feed/comments/<int:comment_id>/edit/"): (
        f"/feed/comments/{NO_COMMENT}/edit/",
        None,
        only([Role.RESIDENT], yes=METHOD_NOT_ALLOWED),
    ),
    ("PATCH", "api/feed/comments/<comment_id>"): (
        f"/api/feed/comments/{NO_COMMENT}",
        {"text": "Thanks, I fixed my comment."},
        only([Role.RESIDENT], yes=NOT_FOUND, anon=UNAUTHENTICATED),
    ),
    ("GET", "api/feed/posts/<post_id>"): (
        f"/api/feed/posts/{NO_POST}",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND, anon=UNAUTHENTICATED),
    ),
    ("POST", "api/feed/posts/<post_id>/comments"): (
        f"/api/feed/posts/{NO_POST}/comments",
        {"text": "Thanks for the heads-up."},
        only([Role.RESIDENT], yes=NOT_FOUND, anon=UNAUTHENTICATED),
    ),
    ("POST", "api/feed/posts/<post_id>/flags"): (
        f"/api/feed/posts/{NO_POST}/flags",
        {"kind": "spam"},
        only([Role.RESIDENT], yes=NOT_FOUND, anon=UNAUTHENTICATED),
    ),
    ("GET", "api/feed/posts"): (
        "/api/feed/posts",
        None,
        only([Role.RESIDENT], yes=NEEDS_LOCATION, anon=UNAUTHENTICATED),
    ),
    ("POST", "api/feed/posts"): (
        "/api/feed/posts",
        POST,
        only([Role.RESIDENT], yes=NEEDS_LOCATION, anon=UNAUTHENTICATED),
    ),
}
