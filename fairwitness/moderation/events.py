"""Audit events of moderation, spelled scope:resource:action."""

from enum import StrEnum


class ModerationEvent(StrEnum):
    POST_EDIT_REQUESTED = "moderation:post:edit_requested"
    POST_HELD = "moderation:post:held"
    POST_REJECTED = "moderation:post:rejected"
    POST_REVIEWED = "moderation:post:reviewed"
    COMMENT_EDIT_REQUESTED = "moderation:comment:edit_requested"
    COMMENT_HELD = "moderation:comment:held"
    COMMENT_REJECTED = "moderation:comment:rejected"
    COMMENT_REVIEWED = "moderation:comment:reviewed"
    APPEAL_FILED = "moderation:appeal:filed"
    APPEAL_DECIDED = "moderation:appeal:decided"
