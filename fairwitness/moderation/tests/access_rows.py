"""Access rows for the moderators' pages: moderators only (with their second factor)."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import NOT_FOUND, UNAUTHENTICATED, Rows, only

NONE = 999999

ROWS: Rows = {
    ("GET", "moderation/"): ("/moderation/", None, only([Role.MODERATOR])),
    ("GET", "moderation/posts/<int:post_id>/"): (
        f"/moderation/posts/{NONE}/",
        None,
        only([Role.MODERATOR], yes=NOT_FOUND),
    ),
    ("GET", "moderation/comments/<int:comment_id>/"): (
        f"/moderation/comments/{NONE}/",
        None,
        only([Role.MODERATOR], yes=NOT_FOUND),
    ),
    ("GET", "moderation/appeals/<int:appeal_id>/"): (
        f"/moderation/appeals/{NONE}/",
        None,
        only([Role.MODERATOR], yes=NOT_FOUND),
    ),
    ("GET", "api/moderation/queue"): (
        "/api/moderation/queue",
        None,
        only([Role.MODERATOR], anon=UNAUTHENTICATED),
    ),
}
