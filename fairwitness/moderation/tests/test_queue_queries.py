"""The moderation queue keeps a constant number of queries, and held comments are decided
like posts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.feed import services as feed
from fairwitness.feed.models import Comment, Flag
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation.models import Review, Screening
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db


def _queue_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/moderation/").status_code == 200
    return len(queries)


def _held(n: int) -> None:
    author = resident_at()
    for i in range(n):
        post = post_make(author=author, text=f"held {i}", state=SubmissionState.HELD)
        Screening.objects.create(
            post=post,
            outcome="review",
            reasons=["screen:hate:model"],
            scores={"hate_score": 0.8},
            model_version="hate-test",
        )
        Flag.objects.create(post=post, flagger=resident_at(), kind="hate")
        comment = Comment.objects.create(
            post=post, author=author, text=f"c {i}", state=SubmissionState.HELD
        )
        Screening.objects.create(
            comment=comment, outcome="review", reasons=[], scores={}, model_version="hate-test"
        )


def test_queue_query_count_does_not_grow_with_the_queue() -> None:
    client = client_sign_in(Client(), person_create(Role.MODERATOR))
    _held(1)
    small = _queue_queries(client)
    _held(15)
    assert _queue_queries(client) == small


def test_a_held_comment_is_decided_by_a_moderator() -> None:
    post = post_make(author=resident_at())
    comment, _ = feed.comment_submit(
        author=resident_at(), post=post, text="Protest march downtown Saturday, who is going?"
    )
    assert comment.state == SubmissionState.HELD
    client = client_sign_in(Client(), person_create(Role.MODERATOR))
    assert f"/moderation/comments/{comment.pk}/" in client.get("/moderation/").content.decode()
    response = client.post(
        f"/moderation/comments/{comment.pk}/",
        {"decision": "approve", "reason_codes": [ReviewReason.LAWFUL_ACTIVITY_NOTICE.value]},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == SubmissionState.PUBLISHED
    assert Review.objects.get(comment=comment).decision == "approve"
