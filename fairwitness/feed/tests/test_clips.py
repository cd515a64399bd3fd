"""Clips on posts, the choice: only the author's own clips, explicit and audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import ApplicationError, Conflict, NotFound
from fairwitness.feed.models import Post, PostClip
from fairwitness.feed.services_clips import (
    MAX_CLIPS_PER_POST,
    post_clips_choose,
)
from fairwitness.feed.tests.factories import clip_row, post_make, resident_at
from fairwitness.feed.tests.flow import post_start, step
from fairwitness.footage.models import Clip, ClipState
from fairwitness.moderation.models import Screening
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

LOST_CAT = "Lost grey cat near the park, answers to Miso. Here is the porch camera clip."


def _entries(event: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.leaf)) for e in AuditEntry.objects.filter(event=event)]


def _api_post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/feed/posts", json.dumps(body), content_type="application/json")


# The choice: own clips only, explicit, audited ---------------------------------------------


def test_choosing_own_clips_is_audited_and_choosing_again_writes_nothing(author: User) -> None:
    first, second = clip_row(author), clip_row(author)
    post = post_make(author=author, state=SubmissionState.DRAFT)
    post_clips_choose(
        author=author, post=post, clip_ids=[second.pk, first.pk, second.pk], make_public=True
    )
    assert list(post.post_clips.values_list("clip_id", flat=True)) == [second.pk, first.pk]
    [made] = _entries("feed:clip:made_public")
    assert made["subject"] == {"post": post.pk}  # the clips' ids stay private
    made_row = AuditEntry.objects.get(event="feed:clip:made_public")
    assert set(made_row.subjects.values_list("kind", "ref")) == {
        ("post", post.pk),
        ("clip", second.pk),
        ("clip", first.pk),
    }
    assert made["count"] == 2 and made["status"] == "draft"

    post_clips_choose(author=author, post=post, clip_ids=[second.pk, first.pk], make_public=True)
    assert len(_entries("feed:clip:made_public")) == 1

    post_clips_choose(author=author, post=post, clip_ids=[first.pk], make_public=True)
    [withdrawn] = _entries("feed:clip:withdrawn")
    assert withdrawn["subject"] == {"post": post.pk}
    assert list(post.post_clips.values_list("clip_id", flat=True)) == [first.pk]


def test_clips_need_the_authors_explicit_consent(author: User) -> None:
    post = post_make(author=author, state=SubmissionState.DRAFT)
    with pytest.raises(ApplicationError, match="confirm that neighbors") as refused:
        post_clips_choose(
            author=author, post=post, clip_ids=[clip_row(author).pk], make_public=False
        )
    assert refused.value.code == "clips_consent_required"
    assert not PostClip.objects.exists() and not AuditEntry.objects.exists()


def test_someone_elses_clip_is_refused_by_the_api_and_nothing_is_stored(
    author: User, author_client: Client
) -> None:
    mine, theirs = clip_row(author), clip_row(resident_at())
    response = _api_post(
        author_client,
        {
            "category": "lost_and_found",
            "text": LOST_CAT,
            "clips": [mine.pk, theirs.pk],
            "make_clips_public": True,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "clip_not_yours"
    assert body["message"] == (
        f"Clip {theirs.pk} is not one of your clips. You can only show clips from your own cameras."
    )
    assert body["detail"] == {"clips": [theirs.pk]}
    assert not Post.objects.exists() and not PostClip.objects.exists()
    assert not Screening.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("make", "status", "code", "words"),
    [
        (lambda o: clip_row(o, state=ClipState.DELETED), 409, "clip_deleted", "was deleted"),
        (lambda o: clip_row(o, expires_in=-timedelta(minutes=1)), 409, "clip_expired", "retention"),
        (lambda o: clip_row(o, state=ClipState.PROCESSING), 409, "clip_not_ready", "not ready"),
        (lambda o: clip_row(o, state=ClipState.REJECTED), 409, "clip_not_ready", "not ready"),
    ],
    ids=["deleted", "expired", "processing", "rejected"],
)
def test_clips_that_cannot_be_played_are_refused_and_nothing_is_stored(
    author: User,
    author_client: Client,
    make: Callable[[User], Clip],
    status: int,
    code: str,
    words: str,
) -> None:
    clip = make(author)
    body = {"category": "other", "text": LOST_CAT, "clips": [clip.pk], "make_clips_public": True}
    response = _api_post(author_client, body)
    assert response.status_code == status
    assert response.json()["error"] == code and words in response.json()["message"]
    assert not Post.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("clips", "status", "code"),
    [
        ([2**70], 400, "clip_not_yours"),
        ([-5], 400, "clip_not_yours"),
        (list(range(1, MAX_CLIPS_PER_POST + 2)), 400, "too_many_clips"),
        (list(range(1, 1000)), 422, "invalid"),
        (["one"], 422, "invalid"),
        ("7", 422, "invalid"),
    ],
    ids=["huge-id", "negative-id", "too-many", "absurdly-many", "not-a-number", "not-a-list"],
)
def test_malformed_clip_lists_get_a_clear_4xx(
    author_client: Client, clips: Any, status: int, code: str
) -> None:
    body = {"category": "other", "text": LOST_CAT, "clips": clips, "make_clips_public": True}
    response = _api_post(author_client, body)
    assert response.status_code == status, response.content
    assert response.json()["error"] == code
    assert not Post.objects.exists()


def test_clips_are_chosen_only_while_the_post_can_be_edited(author: User) -> None:
    post = post_make(author=author)  # published
    with pytest.raises(Conflict, match="draft"):
        post_clips_choose(
            author=author, post=post, clip_ids=[clip_row(author).pk], make_public=True
        )
    other = post_make(author=resident_at(), state=SubmissionState.DRAFT)
    with pytest.raises(NotFound):
        post_clips_choose(author=author, post=other, clip_ids=[], make_public=True)


# The posting flow's clips step ---------------------------------------------------------------


def test_the_clips_step_lists_only_own_ready_clips_and_needs_consent(
    author: User, author_client: Client
) -> None:
    mine = clip_row(author)
    expired = clip_row(author, expires_in=-timedelta(minutes=1))
    theirs = clip_row(resident_at())
    post = post_start(author_client, category="lost_and_found", text=LOST_CAT)
    confirm = author_client.get(f"/feed/posts/{post.pk}/compose/?step=confirm").content.decode()
    assert "?step=clips" in confirm

    page = author_client.get(f"/feed/posts/{post.pk}/compose/?step=clips").content.decode()
    assert f'value="{mine.pk}"' in page
    assert f'value="{expired.pk}"' not in page and f'value="{theirs.pk}"' not in page

    refused = step(author_client, post, "clips", clips=[str(mine.pk)])
    assert refused.status_code == 400
    assert "confirm that neighbors" in refused.content.decode()
    forged = step(author_client, post, "clips", clips=[str(theirs.pk)], make_public="on")
    assert forged.status_code == 400
    assert f"Clip {theirs.pk} is not one of your clips" in forged.content.decode()
    garbage = step(author_client, post, "clips", clips=["abc"], make_public="on")
    assert garbage.status_code == 400
    assert not PostClip.objects.exists()

    chosen = step(author_client, post, "clips", clips=[str(mine.pk)], make_public="on")
    assert chosen.status_code == 302 and chosen["Location"].endswith("?step=confirm")
    confirm = author_client.get(f"/feed/posts/{post.pk}/compose/?step=confirm").content.decode()
    assert f"/clips/{mine.pk}/thumbnail" in confirm and "Change the clips" in confirm
    assert step(author_client, post, "confirm").status_code == 302
    post.refresh_from_db()
    assert post.state == SubmissionState.PUBLISHED

    reader = client_sign_in(Client(), resident_at())
    detail = reader.get(f"/feed/posts/{post.pk}/").content.decode()
    assert f'src="/feed/posts/{post.pk}/clips/{mine.pk}/video"' in detail
    assert f'poster="/feed/posts/{post.pk}/clips/{mine.pk}/thumbnail"' in detail
    assert (
        f"/feed/posts/{post.pk}/clips/{mine.pk}/thumbnail" in reader.get("/feed/").content.decode()
    )
