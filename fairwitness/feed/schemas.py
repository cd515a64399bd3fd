from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from fairwitness.moderation.screening import MAX_TEXT_LENGTH


class DescriptionIn(Schema):
    behaviour: str = Field("", max_length=300)
    top: str = Field("", max_length=120)
    bottom: str = Field("", max_length=120)
    shoes: str = Field("", max_length=120)
    hair: str = Field("", max_length=120)
    build: str = Field("", max_length=120)
    age_range: str = Field("", max_length=120)
    vehicle: str = Field("", max_length=120)
    other_features: str = Field("", max_length=120)
    race_ethnicity: str = Field("", max_length=120)


class PostIn(Schema):
    category: str
    # One past the limit still parses, so the service answers with its own message.
    text: str = Field(..., max_length=MAX_TEXT_LENGTH * 2)
    description: DescriptionIn | None = None
    suspicious_without_race: bool | None = None


class PostSubmittedOut(Schema):
    id: int
    state: str
    outcome: str
    reasons: list[str]
    messages: list[str]


class PostOut(Schema):
    id: int
    category: str
    text: str
    author: str
    published_at: dt.datetime | None
    comment_count: int


class FeedPageOut(Schema):
    items: list[PostOut]
    page: int
    pages: int
    radius_km: float
