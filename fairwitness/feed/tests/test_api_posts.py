"""The API's one post, its comments and flags: the services the pages use, the project's error
shape, and bad input answered with a 4xx that stores nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.feed.models import Comment, Flag, Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening import MAX_TEXT_LENGTH
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"error", "message", "detail"}


def _post_json(client: Client, path: str, body: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json")


def _nothing_stored() -> bool:
    return not (
        Comment.objects.exists()
        or Flag.objects.exists()
        or Screening.objects.exists()
        or AuditEntry.objects.exists()
    )


@pytest.fixture
def live(db: None) -> Post:
    return post_make(author=resident_at(), text="Lost grey cat near the park.")


# GET /api/feed/posts/{id} --------------------------------------------------------------------


def test_a_post_comes_with_its_live_comments_only(author: User, author_client: Client) -> None:
    post = post_make(author=resident_at(), text="Water main break on Elm, avoid the block.")
    neighbor = resident_at()
    Comment.objects.create(
        post=post, author=neighbor, text="Thanks, saw it too.", state=SubmissionState.PUBLISHED
    )
    Comment.objects.create(post=post, author=neighbor, text="held one", state=SubmissionState.HELD)
    Comment.objects.create(
        post=post, author=author, text="my draft", state=SubmissionState.NEEDS_EDIT
    )
    response = author_client.get(f"/api/feed/posts/{post.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == post.pk and body["state"] == "published" and body["clips"] == []
    assert [c["text"] for c in body["comments"]] == ["Thanks, saw it too."]
    assert body["comments"][0]["author"] == neighbor.username


def test_a_post_shows_its_description_to_readers(author_client: Client) -> None:
    post = post_make(
        author=resident_at(),
        category="crime",
        text="Someone took a parcel from a porch on Elm.",
        behaviour="took a parcel from a porch",
        top="red hoodie",
    )
    body = author_client.get(f"/api/feed/posts/{post.pk}").json()
    assert body["description"] == {"behaviour": "took a parcel from a porch", "top": "red hoodie"}


def test_a_post_that_is_not_live_is_only_shown_to_its_author(
    author: User, author_client: Client
) -> None:
    others = post_make(author=resident_at(), state=SubmissionState.HELD)
    response = author_client.get(f"/api/feed/posts/{others.pk}")
    assert response.status_code == 404 and set(response.json()) == ERROR_KEYS
    mine = post_make(author=author, state=SubmissionState.HELD)
    body = author_client.get(f"/api/feed/posts/{mine.pk}").json()
    assert body["state"] == "held" and body["comments"] == []


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/feed/posts/999999", 404, "not_found"),
        ("/api/feed/posts/0", 422, "invalid"),
        (f"/api/feed/posts/{2**70}", 422, "invalid"),
        ("/api/feed/posts/abc", 422, "invalid"),
    ],
)
def test_unknown_or_malformed_post_ids_get_the_error_shape(
    author_client: Client, path: str, status: int, code: str
) -> None:
    response = author_client.get(path)
    assert response.status_code == status
    assert response.json()["error"] == code and set(response.json()) == ERROR_KEYS


# POST /api/feed/posts/{id}/comments ----------------------------------------------------------


def test_a_comment_is_screened_and_answers_its_outcome(author_client: Client, live: Post) -> None:
    path = f"/api/feed/posts/{live.pk}/comments"
    response = _post_json(author_client, path, {"text": "I saw a grey cat on Oak this morning."})
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "published" and body["outcome"] == "publish"
    assert body["reasons"] == [] and Comment.objects.get(pk=body["id"]).post == live

    response = _post_json(author_client, path, {"text": "Call him at 503-555-0199, he's there."})
    body = response.json()
    assert response.status_code == 201
    assert body["state"] == "needs_edit" and body["outcome"] == "edit"
    assert "screen:personal_info:phone" in body["reasons"] and body["messages"]
    listed = author_client.get(f"/api/feed/posts/{live.pk}").json()["comments"]
    assert [c["text"] for c in listed] == ["I saw a grey cat on Oak this morning."]
    [entry] = AuditEntry.objects.filter(event="feed:comment:published")
    assert json.loads(bytes(entry.leaf))["outcome"] == "publish"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "   "}, 400, "screening_empty"),
        ({"text": "a" * (MAX_TEXT_LENGTH + 1)}, 400, "screening_too_long"),
        ({"text": "a" * (MAX_TEXT_LENGTH * 2 + 1)}, 422, "invalid"),
        ({}, 422, "invalid"),
        ({"text": 5}, 422, "invalid"),
        ("{not json", 400, "malformed_body"),  # refused before validation
    ],
    ids=["empty", "too-long", "absurdly-long", "missing", "not-text", "not-json"],
)
def test_bad_comments_get_a_4xx_and_store_nothing(
    author_client: Client, live: Post, body: Any, status: int, code: str
) -> None:
    response = _post_json(author_client, f"/api/feed/posts/{live.pk}/comments", body)
    assert response.status_code == status, response.content[:300]
    assert response.json()["error"] == code and response.json()["message"]
    assert _nothing_stored()


@pytest.mark.parametrize("state", [SubmissionState.HELD, SubmissionState.REMOVED])
def test_comments_on_a_post_that_is_not_live_are_refused(
    author: User, author_client: Client, state: SubmissionState
) -> None:
    for post in (
        post_make(author=resident_at(), state=state),
        post_make(author=author, state=state),
    ):
        response = _post_json(author_client, f"/api/feed/posts/{post.pk}/comments", {"text": "hi"})
        assert response.status_code == 404 and response.json()["error"] == "not_found"
    response = _post_json(author_client, "/api/feed/posts/999999/comments", {"text": "hi"})
    assert response.status_code == 404
    assert _nothing_stored()


# POST /api/feed/posts/{id}/flags -------------------------------------------------------------


def test_a_racial_profiling_flag_takes_the_post_to_moderators_at_once(
    author_client: Client, live: Post
) -> None:
    response = _post_json(
        author_client,
        f"/api/feed/posts/{live.pk}/flags",
        {"kind": "racial_profiling", "note": "Describes a person only by race."},
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": Flag.objects.get().pk,
        "kind": "racial_profiling",
        "post_state": "held",
    }
    live.refresh_from_db()
    assert live.state == SubmissionState.HELD
    assert author_client.get("/api/feed/posts?radius=2").json()["items"] == []
    moderator = client_sign_in(Client(), person_create(Role.MODERATOR))
    [item] = moderator.get("/api/moderation/queue").json()
    assert item["text"] == live.text and "flag:racial_profiling" in item["flags"]
    [entry] = AuditEntry.objects.filter(event="feed:post:flagged")
    assert json.loads(bytes(entry.leaf))["status"] == "held"


def test_other_flags_leave_the_post_up(author_client: Client, live: Post) -> None:
    response = _post_json(author_client, f"/api/feed/posts/{live.pk}/flags", {"kind": "spam"})
    assert response.status_code == 201 and response.json()["post_state"] == "published"
    live.refresh_from_db()
    assert live.state == SubmissionState.PUBLISHED


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "rude"}, 400, "invalid_flag"),
        ({}, 422, "invalid"),
        ({"kind": "spam", "note": "x" * 501}, 422, "invalid"),
        ("[]", 422, "invalid"),
    ],
    ids=["unknown-kind", "missing-kind", "huge-note", "not-an-object"],
)
def test_bad_flags_get_a_4xx_and_store_nothing(
    author_client: Client, live: Post, body: Any, status: int, code: str
) -> None:
    response = _post_json(author_client, f"/api/feed/posts/{live.pk}/flags", body)
    assert response.status_code == status, response.content[:300]
    assert response.json()["error"] == code
    live.refresh_from_db()
    assert live.state == SubmissionState.PUBLISHED and _nothing_stored()


def test_flags_on_own_posts_twice_or_on_posts_not_live_are_refused(
    author: User, author_client: Client, live: Post
) -> None:
    own = post_make(author=author)
    response = _post_json(author_client, f"/api/feed/posts/{own.pk}/flags", {"kind": "spam"})
    assert response.status_code == 409 and response.json()["error"] == "own_post"
    held = post_make(author=resident_at(), state=SubmissionState.HELD)
    response = _post_json(author_client, f"/api/feed/posts/{held.pk}/flags", {"kind": "spam"})
    assert response.status_code == 404
    assert _nothing_stored()

    _post_json(author_client, f"/api/feed/posts/{live.pk}/flags", {"kind": "spam"})
    again = _post_json(author_client, f"/api/feed/posts/{live.pk}/flags", {"kind": "hate"})
    assert again.status_code == 409 and again.json()["error"] == "already_flagged"
    assert Flag.objects.count() == 1
