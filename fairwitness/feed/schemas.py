from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from fairwitness.core.input_bounds import PlainText
from fairwitness.feed.services_clips import MAX_CLIPS_PER_POST
from fairwitness.moderation.screening import MAX_TEXT_LENGTH


class DescriptionIn(Schema):
    behaviour: PlainText = Field("", max_length=300)
    top: PlainText = Field("", max_length=120)
    bottom: PlainText = Field("", max_length=120)
    shoes: PlainText = Field("", max_length=120)
    hair: PlainText = Field("", max_length=120)
    build: PlainText = Field("", max_length=120)
    age_range: PlainText = Field("", max_length=120)
    vehicle: PlainText = Field("", max_length=120)
    other_features: PlainText = Field("", max_length=120)
    race_ethnicity: PlainText = Field("", max_length=120)


class PostIn(Schema):
    category: PlainText
    # One past the limit still parses, so the service answers with its own message.
    text: PlainText = Field(..., max_length=MAX_TEXT_LENGTH * 2)
    description: DescriptionIn | None = None
    suspicious_without_race: bool | None = None
    # Ids of the author's own clips to show with the post, and the explicit consent to it.
    # A few past the limit still parse, so the service answers with its own message.
    clips: list[int] = Field(default_factory=list, max_length=MAX_CLIPS_PER_POST * 4)
    make_clips_public: bool = False


class PostSubmittedOut(Schema):
    id: int
    state: str
    outcome: str
    reasons: list[str]
    messages: list[str]


class PostClipOut(Schema):
    """A clip shown with a post; ``video`` answers HTTP Range requests."""

    id: int
    duration_seconds: float
    video: str
    thumbnail: str


class PostOut(Schema):
    id: int
    category: str
    text: str
    author: str
    published_at: dt.datetime | None
    comment_count: int
    clips: list[PostClipOut]


class CommentIn(Schema):
    # One past the limit still parses, so the service answers with its own message.
    text: PlainText = Field(..., max_length=MAX_TEXT_LENGTH * 2)


class CommentOut(Schema):
    id: int
    author: str
    text: str
    published_at: dt.datetime | None


class PostDetailOut(Schema):
    """A post the reader may see: published, or their own in any state."""

    id: int
    category: str
    state: str
    text: str
    author: str
    published_at: dt.datetime | None
    description: dict[str, str]
    clips: list[PostClipOut]
    comments: list[CommentOut]


class FlagIn(Schema):
    kind: PlainText
    note: PlainText = Field("", max_length=500)


class FlagOut(Schema):
    id: int
    kind: str
    post_state: str


class FeedPageOut(Schema):
    items: list[PostOut]
    page: int
    pages: int
    radius_km: float
