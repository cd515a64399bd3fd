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


# How an owner reads these events in their own log (registered with audit in apps.py).
OWNER_WORDS: dict[str, str] = {
    FeedEvent.CLIP_MODERATOR_PLAYED: "A moderator played your clip shown with a post under review",
}
# Events the owner did themselves.
OWNER_OWN_WORDS: dict[str, str] = {
    FeedEvent.CLIPS_MADE_PUBLIC: "You showed your clip with a neighbor post",
    FeedEvent.CLIPS_WITHDRAWN: "You stopped showing your clip with a neighbor post",
}
