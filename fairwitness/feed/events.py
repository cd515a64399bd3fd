"""Audit events of the neighbor feed, spelled scope:resource:action."""

from enum import StrEnum


class FeedEvent(StrEnum):
    POST_PUBLISHED = "feed:post:published"
    COMMENT_PUBLISHED = "feed:comment:published"
    POST_FLAGGED = "feed:post:flagged"
