"""Editing a comment that was sent back for an edit: on the post page and through the API.

Only the author edits, only while the comment waits for their edit; the new text is
screened again, with its own Screening row and audit entry, and a refusal changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.feed import services
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.moderation import services as moderation
from fairwitness.moderation.models import Screening
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.screening import MAX_TEXT_LENGTH
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

PROFILING = "Suspicious Black man walking around our street tonight."
DOXXING = "It was the guy from 12 Oak Street, call him at 503-555-0199."
FIXED = "Thanks for the heads-up, I will keep an eye on the parked cars tonight."
PROTEST = "Rally for tenants' rights at city hall on Saturday at noon, bring signs."


def _comment(text: str = PROFILING) -> tuple[User, Client, Post, Comment]:
    """A resident comments on a live post through the page; returns the stored comment."""
    post = post_make(author=resident_at())
    author = resident_at()
    client = client_sign_in(Client(), author)
    client.post(f"/feed/posts/{post.pk}/comments/", {"text": text})
    return author, client, post, Comment.objects.get(author=author)


def _patch(client: Client, comment_id: int, body: Any) -> Any:
    return client.patch(
        f"/api/feed/comments/{comment_id}", json.dumps(body), content_type="application/json"
    )


def _audit(event: str, comment: Comment) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(public fields, private details) of ``event`` entries about ``comment``, oldest first."""
    found = []
    for entry in AuditEntry.objects.filter(event=event).select_related("private").order_by("id"):
        public = json.loads(bytes(entry.leaf))
        if public["subject"].get("comment") == comment.pk:
            found.append((public, json.loads(entry.private.details)["details"]))
    return found


def _snapshot(comment: Comment) -> tuple[str, str, int, int]:
    comment.refresh_from_db()
    return (comment.text, comment.state, comment.screenings.count(), AuditEntry.objects.count())


def test_author_fixes_a_comment_asked_for_an_edit_and_it_publishes() -> None:
    """GIVEN a comment the screen sent back for profiling
    WHEN its author reads the reasons on the post page and sends a fixed text
    THEN it publishes, keeps one Screening per submission, and both outcomes are audited."""
    _, client, post, comment = _comment()
    assert comment.state == SubmissionState.NEEDS_EDIT

    page = client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "does not say what they did" in page
    assert f'action="/feed/comments/{comment.pk}/edit/"' in page
    assert f'id="edit-comment-{comment.pk}"' in page

    response = client.post(f"/feed/comments/{comment.pk}/edit/", {"text": FIXED}, follow=True)
    assert response.redirect_chain[-1][0] == f"/feed/posts/{post.pk}/#comment-{comment.pk}"
    assert "Your comment is published" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.state, comment.text) == (SubmissionState.PUBLISHED, FIXED)
    assert comment.published_at is not None
    assert [s.outcome for s in comment.screenings.order_by("id")] == ["edit", "publish"]

    [(asked, asked_private)] = _audit("moderation:comment:edit_requested", comment)
    assert asked["outcome"] == "edit" and asked_private["text"] == PROFILING
    [(published, published_private)] = _audit("feed:comment:published", comment)
    assert published["subject"] == {"comment": comment.pk, "post": post.pk}
    assert published["outcome"] == "publish" and published["reason_codes"] == []
    assert published_private["text"] == FIXED and FIXED not in json.dumps(published)

    # Live now: other neighbors read it, and the edit form is gone.
    reader = client_sign_in(Client(), resident_at())
    assert FIXED in reader.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "/edit/" not in client.get(f"/feed/posts/{post.pk}/").content.decode()


def test_a_still_bad_edit_is_asked_again_with_reasons_through_the_api() -> None:
    _, client, _, comment = _comment()
    response = _patch(client, comment.pk, {"text": DOXXING})
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == comment.pk
    assert body["state"] == "needs_edit" and body["outcome"] == "edit"
    assert "screen:personal_info:phone" in body["reasons"]
    assert any("phone number" in message for message in body["messages"])
    comment.refresh_from_db()
    assert comment.text == DOXXING and comment.screenings.count() == 2
    assert len(_audit("moderation:comment:edit_requested", comment)) == 2

    response = _patch(client, comment.pk, {"text": FIXED})
    assert response.status_code == 200
    assert response.json() == {
        "id": comment.pk,
        "state": "published",
        "outcome": "publish",
        "reasons": [],
        "messages": [],
    }


def test_someone_else_cannot_edit_the_comment() -> None:
    _, _, post, comment = _comment()
    before = _snapshot(comment)
    stranger = client_sign_in(Client(), resident_at())
    response = _patch(stranger, comment.pk, {"text": FIXED})
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert stranger.post(f"/feed/comments/{comment.pk}/edit/", {"text": FIXED}).status_code == 404
    # The post's author sees no edit form for a neighbor's comment waiting for an edit.
    post_author = client_sign_in(Client(), post.author)
    assert "/edit/" not in post_author.get(f"/feed/posts/{post.pk}/").content.decode()
    assert _snapshot(comment) == before


@pytest.mark.parametrize(
    ("text", "moderator_decision", "state", "says"),
    [
        (FIXED, None, SubmissionState.PUBLISHED, "already published"),
        (PROTEST, None, SubmissionState.HELD, "waiting for a moderator"),
        (PROTEST, "reject", SubmissionState.REJECTED, "Appeal the decision"),
    ],
)
def test_a_comment_not_waiting_for_an_edit_cannot_be_edited(
    text: str, moderator_decision: str | None, state: SubmissionState, says: str
) -> None:
    _, client, _post, comment = _comment(text)
    if moderator_decision:
        moderation.review_decide(
            moderator=person_create(Role.MODERATOR),
            subject=comment,
            decision=moderator_decision,
            reason_codes=[ReviewReason.SURVEILLANCE],
        )
    before = _snapshot(comment)
    assert comment.state == state

    response = _patch(client, comment.pk, {"text": "Something else entirely."})
    assert response.status_code == 409
    assert response.json()["error"] == "comment_not_editable"
    assert says in response.json()["message"]

    page = client.post(
        f"/feed/comments/{comment.pk}/edit/", {"text": "Something else."}, follow=True
    ).content.decode()
    assert says in page
    assert _snapshot(comment) == before


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("   ", "screening_empty"),
        ("a" * (MAX_TEXT_LENGTH + 1), "screening_too_long"),
    ],
)
def test_bad_text_is_refused_as_on_first_submission_and_stores_nothing(
    text: str, code: str
) -> None:
    _, client, _post, comment = _comment()
    before = _snapshot(comment)
    response = _patch(client, comment.pk, {"text": text})
    assert response.status_code == 400 and response.json()["error"] == code
    assert response.json()["message"]
    page = client.post(f"/feed/comments/{comment.pk}/edit/", {"text": text}, follow=True)
    assert page.status_code == 200
    assert 'class="error"' in page.content.decode()
    assert _snapshot(comment) == before
    assert _patch(client, comment.pk, {}).status_code == 422
    assert _snapshot(comment) == before


def test_html_in_an_edited_comment_is_shown_escaped() -> None:
    _, client, post, comment = _comment()
    script = "<script>alert('x')</script> Thanks, I saw the cat near the park too."
    assert _patch(client, comment.pk, {"text": script}).json()["state"] == "published"
    page = client_sign_in(Client(), resident_at()).get(f"/feed/posts/{post.pk}/")
    html = page.content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_a_comment_a_moderator_sent_back_shows_their_reasons_and_can_be_fixed() -> None:
    _, client, post, comment = _comment(PROTEST)
    assert comment.state == SubmissionState.HELD
    moderation.review_decide(
        moderator=person_create(Role.MODERATOR),
        subject=comment,
        decision="edit",
        reason_codes=[ReviewReason.PERSONAL_INFO],
    )
    page = client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "A moderator asked you to edit it" in page
    assert ReviewReason.PERSONAL_INFO.label in page
    assert f'action="/feed/comments/{comment.pk}/edit/"' in page

    assert _patch(client, comment.pk, {"text": FIXED}).json()["state"] == "published"
    page = client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "A moderator asked you to edit it" not in page


def test_a_comment_on_a_post_no_longer_live_cannot_be_sent_again() -> None:
    _, client, post, comment = _comment()
    Post.objects.filter(pk=post.pk).update(state=SubmissionState.HELD)
    before = _snapshot(comment)
    response = _patch(client, comment.pk, {"text": FIXED})
    assert response.status_code == 409 and response.json()["error"] == "post_not_live"
    assert _snapshot(comment) == before


def test_screenings_keep_the_history_of_each_submission() -> None:
    _, client, _, comment = _comment()
    _patch(client, comment.pk, {"text": DOXXING})
    _patch(client, comment.pk, {"text": FIXED})
    rows = list(Screening.objects.filter(comment=comment).order_by("id"))
    assert [row.outcome for row in rows] == ["edit", "edit", "publish"]
    assert rows[0].reasons != rows[1].reasons
    texts = [
        private["text"]
        for event in ("moderation:comment:edit_requested", "feed:comment:published")
        for _, private in _audit(event, comment)
    ]
    assert texts == [PROFILING, DOXXING, FIXED]


def _post_page_queries(client: Client, post: Post) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/feed/posts/{post.pk}/").status_code == 200
    return len(queries)


def test_post_page_queries_do_not_grow_with_comments_waiting_for_an_edit() -> None:
    author, client, post, _comment_row = _comment()
    moderator = person_create(Role.MODERATOR)
    few = _post_page_queries(client, post)
    for _ in range(4):
        extra, _screening = services.comment_submit(author=author, post=post, text=PROFILING)
        held, _screening = services.comment_submit(author=author, post=post, text=PROTEST)
        moderation.review_decide(
            moderator=moderator,
            subject=held,
            decision="edit",
            reason_codes=[ReviewReason.PERSONAL_INFO],
        )
        assert extra.state == SubmissionState.NEEDS_EDIT
    page = client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert page.count('action="/feed/comments/') == 9
    assert _post_page_queries(client, post) == few


def test_a_post_a_moderator_sent_back_shows_their_reasons_to_its_author() -> None:
    """The post page explains a moderator's edit request as it does a comment's."""
    author = resident_at()
    post = post_make(author=author, state=SubmissionState.HELD)
    moderation.review_decide(
        moderator=person_create(Role.MODERATOR),
        subject=post,
        decision="edit",
        reason_codes=[ReviewReason.PERSONAL_INFO],
    )
    post.refresh_from_db()
    assert post.state == SubmissionState.NEEDS_EDIT
    page = client_sign_in(Client(), author).get(f"/feed/posts/{post.pk}/").content.decode()
    assert "A moderator asked you to edit it because of:" in page
    assert ReviewReason.PERSONAL_INFO.label in page
    assert f"/feed/posts/{post.pk}/compose/" in page
