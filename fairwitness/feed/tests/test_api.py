"""The feed's JSON API: the same rules and screen as the pages, the project's error shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.feed.models import Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening import MAX_TEXT_LENGTH
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db


def _submit(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/feed/posts", json.dumps(body), content_type="application/json")


def test_profiling_post_is_sent_back_with_reasons_then_publishes(author_client: Client) -> None:
    response = _submit(
        author_client,
        {
            "category": "suspicious_activity",
            "text": "Suspicious Black man walking around our street tonight.",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "needs_edit" and body["outcome"] == "edit"
    assert "screen:profiling:race_without_behaviour" in body["reasons"]
    assert any("what they did" in message for message in body["messages"])

    response = _submit(
        author_client,
        {
            "category": "suspicious_activity",
            "text": "Suspicious man on our street tonight.",
            "description": {
                "behaviour": "tried the door handles of three parked cars",
                "race_ethnicity": "Black",
                "top": "red hoodie",
                "build": "tall, slim",
            },
            "suspicious_without_race": True,
        },
    )
    assert response.status_code == 201
    assert response.json()["state"] == "published"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"category": "other", "text": "   "}, "screening_empty"),
        ({"category": "other", "text": "a" * (MAX_TEXT_LENGTH + 1)}, "screening_too_long"),
        ({"category": "gossip", "text": "hello"}, "invalid_category"),
        (
            {
                "category": "crime",
                "text": "Package taken.",
                "description": {"behaviour": "took it", "race_ethnicity": "Asian", "top": "cap"},
                "suspicious_without_race": True,
            },
            "race_needs_descriptors",
        ),
        (
            {
                "category": "crime",
                "text": "Package taken.",
                "description": {
                    "behaviour": "took it",
                    "race_ethnicity": "Asian",
                    "top": "cap",
                    "hair": "short",
                },
            },
            "suspicious_without_race",
        ),
    ],
)
def test_refused_submissions_store_nothing_and_say_why(
    author_client: Client, body: dict[str, Any], code: str
) -> None:
    response = _submit(author_client, body)
    assert response.status_code == 400
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert not Post.objects.exists()
    assert not Screening.objects.exists()
    assert not AuditEntry.objects.exists()


def test_malformed_json_gets_the_error_shape(author_client: Client) -> None:
    response = _submit(author_client, {"text": 5})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"


def test_feed_list_returns_near_posts_newest_first(author_client: Client) -> None:
    other = resident_at()
    post_make(author=other, text="first")
    post_make(author=other, text="second")
    post_make(author=other, text="held", state=SubmissionState.HELD)
    body = author_client.get("/api/feed/posts?radius=2").json()
    assert [item["text"] for item in body["items"]] == ["second", "first"]
    assert body["radius_km"] == 2.0
    bad = author_client.get("/api/feed/posts?radius=3")
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_radius"


def test_moderation_queue_api_lists_held_items() -> None:
    post_make(author=resident_at(), text="held one", state=SubmissionState.HELD)
    client = client_sign_in(Client(), person_create(Role.MODERATOR))
    items = client.get("/api/moderation/queue").json()
    assert [item["text"] for item in items] == ["held one"]
