"""Acceptance 2 and 3 through the pages: protected speech is not rejected, bad input is
answered clearly, and HTML in a post is shown escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.feed.tests.flow import post_simple
from fairwitness.moderation.models import Screening
from fairwitness.moderation.screening import MAX_TEXT_LENGTH, Reason
from fairwitness.moderation.submissions import SubmissionState
from fairwitness.moderation.tests.conftest import dev_examples

pytestmark = pytest.mark.django_db

PROTECTED = dev_examples("experienced_racism", "neutral_group", "counter_speech")


@pytest.mark.parametrize("example", PROTECTED, ids=[e["id"] for e in PROTECTED])
def test_protected_speech_through_the_web_flow_is_not_rejected(
    author_client: Client, example: dict[str, Any]
) -> None:
    post = post_simple(author_client, text=example["text"], category=example["category"])
    assert post.state != SubmissionState.REJECTED
    expected = {"publish": SubmissionState.PUBLISHED, "review": SubmissionState.HELD}
    assert post.state == expected[example["expected_outcome"]]


def test_empty_text_is_refused_with_a_message_and_nothing_is_stored(
    author_client: Client,
) -> None:
    response = author_client.post("/feed/posts/new/", {"category": "other", "text": "   \n "})
    assert response.status_code == 400
    assert "required" in response.content.decode() or "empty" in response.content.decode()
    assert not Post.objects.exists()


def test_huge_text_is_refused_with_the_limit_and_nothing_is_stored(
    author_client: Client,
) -> None:
    text = "a" * (MAX_TEXT_LENGTH + 1)
    response = author_client.post("/feed/posts/new/", {"category": "other", "text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{MAX_TEXT_LENGTH:,}" in page and "Shorten it" in page
    assert not Post.objects.exists()


def test_unknown_category_is_refused(author_client: Client) -> None:
    response = author_client.post("/feed/posts/new/", {"category": "gossip", "text": "Hello"})
    assert response.status_code == 400
    assert not Post.objects.exists()


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)> Yard sale Saturday'


def test_html_and_script_are_rendered_escaped_in_the_feed_and_the_post_page(
    author_client: Client,
) -> None:
    post = post_simple(author_client, text=SCRIPT)
    assert post.state == SubmissionState.PUBLISHED
    assert post.text == SCRIPT  # stored as written, escaped when shown
    reader = client_sign_in(Client(), resident_at())
    for url in ("/feed/", f"/feed/posts/{post.pk}/"):
        page = reader.get(url).content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "<script>alert" not in page
        assert "<img src=x" not in page


def test_script_in_a_comment_is_rendered_escaped(author_client: Client) -> None:
    post = post_make(author=resident_at())
    response = author_client.post(f"/feed/posts/{post.pk}/comments/", {"text": SCRIPT})
    assert response.status_code == 302
    assert Comment.objects.get().state == SubmissionState.PUBLISHED
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page


@pytest.mark.parametrize(
    "text",
    [
        "N\u0456ggers are ruining this street.",  # Cyrillic i
        "n i g g e r s out of our neighborhood",
        "\uff2e\uff49\uff47\uff47\uff45\uff52\uff53 are ruining this street.",  # full-width
    ],
)
def test_look_alike_slurs_are_rejected_and_the_author_is_told(
    author_client: Client, text: str
) -> None:
    post = post_simple(author_client, text=text)
    assert post.state == SubmissionState.REJECTED
    assert Reason.HATE_SLUR in Screening.objects.get(post=post).reasons
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "uses a slur" in page
    # The slur is not shown to other neighbors.
    reader = client_sign_in(Client(), resident_at())
    assert reader.get(f"/feed/posts/{post.pk}/").status_code == 404


def test_empty_and_huge_comments_store_nothing(author_client: Client) -> None:
    post = post_make(author=resident_at())
    author_client.post(f"/feed/posts/{post.pk}/comments/", {"text": "  "})
    author_client.post(f"/feed/posts/{post.pk}/comments/", {"text": "x" * (MAX_TEXT_LENGTH + 1)})
    assert not Comment.objects.exists()
    assert not Screening.objects.exists()


def test_a_comment_is_screened_like_a_post(author_client: Client) -> None:
    post = post_make(author=resident_at())
    author_client.post(
        f"/feed/posts/{post.pk}/comments/", {"text": "Call him at 503-555-0199, he lives there."}
    )
    comment = Comment.objects.get()
    assert comment.state == SubmissionState.NEEDS_EDIT
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "phone number" in page
    reader = client_sign_in(Client(), resident_at())
    assert "503-555-0199" not in reader.get(f"/feed/posts/{post.pk}/").content.decode()


REPORT = "Someone spray-painted 'niggers out' on our fence. We reported it. This is our home."


def test_a_published_report_of_hate_shows_its_slur_masked_everywhere_readers_look(
    author_client: Client,
) -> None:
    post = post_simple(author_client, text=REPORT)
    assert post.state == SubmissionState.PUBLISHED
    assert post.text == REPORT  # stored as written; masked when shown
    reader = client_sign_in(Client(), resident_at())
    reader.post(
        f"/feed/posts/{post.pk}/comments/",
        {"text": "So sorry. They called my kid a kike too, we reported it."},
    )
    assert Comment.objects.get().state == SubmissionState.PUBLISHED
    pages = [reader.get(url).content.decode() for url in ("/feed/", f"/feed/posts/{post.pk}/")]
    api = reader.get(f"/api/feed/posts/{post.pk}").json()
    listed = reader.get("/api/feed/posts").json()
    for shown in (*pages, str(api), str(listed)):
        assert "niggers" not in shown
    for page in pages:
        assert "n****** out" in page
    assert "k***" in pages[1] and "kike" not in pages[1]
    assert api["text"] == REPORT.replace("niggers", "n******")
    assert [item["text"] for item in listed["items"]] == [api["text"]]
    assert api["comments"][0]["text"].count("k***") == 1
