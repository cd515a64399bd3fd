"""Comment appeals: the author of a rejected comment appeals from the post page, and only a
moderator other than the one who rejected it may decide."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation import services
from fairwitness.moderation.models import Appeal, AppealState, Review
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.submissions import SubmissionState
from fairwitness.moderation.tests.test_moderation_pages import HELD_PROTEST

pytestmark = pytest.mark.django_db


def _moderator() -> tuple[User, Client]:
    person = person_create(Role.MODERATOR)
    return person, client_sign_in(Client(), person)


def _held_comment() -> tuple[User, Client, Post, Comment]:
    post = post_make(author=resident_at())
    author = resident_at()
    client = client_sign_in(Client(), author)
    client.post(f"/feed/posts/{post.pk}/comments/", {"text": HELD_PROTEST})
    comment = Comment.objects.get(author=author)
    assert comment.state == SubmissionState.HELD
    return author, client, post, comment


def _rejected_comment(moderator: User) -> tuple[Client, Post, Comment]:
    _, client, post, comment = _held_comment()
    services.review_decide(
        moderator=moderator,
        subject=comment,
        decision="reject",
        reason_codes=[ReviewReason.SURVEILLANCE],
    )
    comment.refresh_from_db()
    assert comment.state == SubmissionState.REJECTED
    return client, post, comment


def test_a_comment_appeal_goes_to_a_different_moderator() -> None:
    """GIVEN moderator A rejected a comment WHEN its author appeals from the post page THEN A
    neither sees nor may decide the appeal, and moderator B overturns it: the comment goes live."""
    first, first_client = _moderator()
    author_client, post, comment = _rejected_comment(first)
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert f'action="/feed/comments/{comment.pk}/appeal/"' in page

    response = author_client.post(
        f"/feed/comments/{comment.pk}/appeal/", {"statement": "It is a public rally notice."}
    )
    assert response.status_code == 302 and response["Location"] == f"/feed/posts/{post.pk}/"
    appeal = Appeal.objects.get()
    assert appeal.comment == comment and appeal.post is None
    assert appeal.excluded_moderator == first
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "Appeal open" in page
    assert f'action="/feed/comments/{comment.pk}/appeal/"' in page  # rejected still, form stays

    assert (
        f"/moderation/appeals/{appeal.pk}/" not in first_client.get("/moderation/").content.decode()
    )
    refused = first_client.post(
        f"/moderation/appeals/{appeal.pk}/",
        {"outcome": "overturn", "reason_codes": [ReviewReason.LAWFUL_ACTIVITY_NOTICE.value]},
    )
    assert refused.status_code == 403
    assert "another moderator must decide" in refused.content.decode().lower()

    second, second_client = _moderator()
    queue = second_client.get("/moderation/").content.decode()
    assert f"/moderation/appeals/{appeal.pk}/" in queue
    decided = second_client.post(
        f"/moderation/appeals/{appeal.pk}/",
        {"outcome": "overturn", "reason_codes": [ReviewReason.LAWFUL_ACTIVITY_NOTICE.value]},
    )
    assert decided.status_code == 302
    appeal.refresh_from_db()
    comment.refresh_from_db()
    assert appeal.state == AppealState.OVERTURNED
    assert comment.state == SubmissionState.PUBLISHED
    assert Review.objects.get(appeal=appeal).moderator == second
    reader = client_sign_in(Client(), resident_at())
    assert "tenants" in reader.get(f"/feed/posts/{post.pk}/").content.decode()

    [filed] = [
        json.loads(bytes(e.leaf))
        for e in AuditEntry.objects.filter(event="moderation:appeal:filed")
    ]
    assert filed["subject"] == {"comment": comment.pk, "post": post.pk, "appeal": appeal.pk}


def test_only_the_author_appeals_a_comment_and_only_a_rejected_one_once_at_a_time() -> None:
    first, _ = _moderator()
    author_client, post, comment = _rejected_comment(first)
    stranger = client_sign_in(Client(), resident_at())
    response = stranger.post(f"/feed/comments/{comment.pk}/appeal/", {"statement": "not mine"})
    assert response.status_code == 404
    assert (
        author_client.post("/feed/comments/999999/appeal/", {"statement": "x"}).status_code == 404
    )
    assert not Appeal.objects.exists()

    empty = author_client.post(
        f"/feed/comments/{comment.pk}/appeal/", {"statement": "  "}, follow=True
    )
    assert "why the decision was wrong" in empty.content.decode()
    huge = author_client.post(
        f"/feed/comments/{comment.pk}/appeal/", {"statement": "x" * 2001}, follow=True
    )
    assert "why the decision was wrong" in huge.content.decode()
    assert not Appeal.objects.exists()

    author_client.post(f"/feed/comments/{comment.pk}/appeal/", {"statement": "first"})
    again = author_client.post(
        f"/feed/comments/{comment.pk}/appeal/", {"statement": "second"}, follow=True
    )
    assert "already waiting" in again.content.decode()
    assert Appeal.objects.count() == 1

    live = Comment.objects.create(
        post=post, author=comment.author, text="Thanks!", state=SubmissionState.PUBLISHED
    )
    refused = author_client.post(
        f"/feed/comments/{live.pk}/appeal/", {"statement": "why not"}, follow=True
    )
    assert "Only a rejected or removed comment can be appealed" in refused.content.decode()
    assert Appeal.objects.count() == 1
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert f'action="/feed/comments/{live.pk}/appeal/"' not in page


def test_the_appeal_form_is_shown_only_to_the_comments_author() -> None:
    first, _ = _moderator()
    _, post, comment = _rejected_comment(first)
    post_author = client_sign_in(Client(), post.author)
    page = post_author.get(f"/feed/posts/{post.pk}/").content.decode()
    assert f"/feed/comments/{comment.pk}/appeal/" not in page
    assert "tenants" not in page


def test_the_moderator_sees_the_appealed_comment_and_its_decision() -> None:
    first, _ = _moderator()
    _, _, comment = _rejected_comment(first)
    appeal = services.appeal_file(author=comment.author, subject=comment, statement="Look again.")
    _, second_client = _moderator()
    page = second_client.get(f"/moderation/appeals/{appeal.pk}/").content.decode()
    assert "Rally for tenants" in page
    assert "Appealed decision: reject" in page
    assert "Overturn: publish it" in page
