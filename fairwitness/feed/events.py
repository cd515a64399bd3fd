"""Audit events of the neighbor feed, spelled scope:resource:action."""

from enum import StrEnum


class FeedEvent(StrEnum):
    POST_PUBLISHED = "feed:post:published"
    COMMENT_PUBLISHED = "feed:comment:published"
    POST_FLAGGED = "feed:post:flagged"
    # The author chose to show their own clips with a post, or took them off it.
    CLIPS_MADE_PUBLIC = "feed:clip:made_public"
    CLIPS_WITHDRAWN = "feed:clip:withdrawn"
    # A moderator started playing a clip of a post that is not live (held, rejected or
    # removed), so its owner can see who looked at footage that was never public.
    CLIP_MODERATOR_PLAYED = "feed:clip:moderator_played"
