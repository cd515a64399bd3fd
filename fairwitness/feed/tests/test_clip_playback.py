"""Clips on posts, playing them: readers only while the post is live and the clip is not
deleted or expired; moderators while they review, with their plays of posts not live logged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import NotFound
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import Post
from fairwitness.feed.selectors import post_clip_for_playback, post_clips_visible
from fairwitness.feed.services import flag_raise
from fairwitness.feed.services_clips import (
    post_clip_withdraw,
)
from fairwitness.feed.tests.factories import clip_attach, clip_row, post_make, resident_at
from fairwitness.feed.views import PAGE_SIZE
from fairwitness.footage import playback
from fairwitness.footage.models import Clip
from fairwitness.footage.services import clip_delete, clips_expired_purge
from fairwitness.moderation import services as moderation
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

LOST_CAT = "Lost grey cat near the park, answers to Miso. Here is the porch camera clip."
Record = Callable[[User], Clip]


def _entries(event: str) -> list[dict[str, Any]]:
    return [json.loads(bytes(e.leaf)) for e in AuditEntry.objects.filter(event=event)]


def _api_post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/feed/posts", json.dumps(body), content_type="application/json")


def _video(client: Client, post: Post, clip: Clip, **headers: str) -> Any:
    return client.get(f"/feed/posts/{post.pk}/clips/{clip.pk}/video", headers=headers)


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _plaintext(clip: Clip) -> bytes:
    clip = Clip.objects.select_related("camera", "key").get(pk=clip.pk)
    reader = playback.clip_reader_open(clip)
    return b"".join(playback.reader_stream(reader, playback.ByteRange(0, reader.plaintext_size)))


# Reading: only from a live post, only while the clip lasts -------------------------------------


def test_a_reader_plays_a_clip_of_a_live_post_with_range(
    author: User, author_client: Client, clip_recorded: Record
) -> None:
    clip = clip_recorded(author)
    body = {
        "category": "lost_and_found",
        "text": LOST_CAT,
        "clips": [clip.pk],
        "make_clips_public": True,
    }
    created = _api_post(author_client, body)
    assert created.status_code == 201 and created.json()["state"] == "published"
    post = Post.objects.get(pk=created.json()["id"])
    reader = client_sign_in(Client(), resident_at())
    plaintext = _plaintext(clip)

    whole = _video(reader, post, clip)
    assert whole.status_code == 200 and whole["Content-Type"] == "video/mp4"
    assert _streamed(whole) == plaintext
    part = _video(reader, post, clip, Range="bytes=100-299")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-299/{len(plaintext)}"
    assert _streamed(part) == plaintext[100:300]
    past_end = _video(reader, post, clip, Range=f"bytes={len(plaintext) + 10}-")
    assert past_end.status_code == 416
    thumb = reader.get(f"/feed/posts/{post.pk}/clips/{clip.pk}/thumbnail")
    assert thumb.status_code == 200 and _streamed(thumb)[:2] == b"\xff\xd8"

    api = reader.get(f"/api/feed/posts/{post.pk}").json()
    assert api["clips"] == [
        {
            "id": clip.pk,
            "duration_seconds": clip.duration_seconds,
            "video": f"/feed/posts/{post.pk}/clips/{clip.pk}/video",
            "thumbnail": f"/feed/posts/{post.pk}/clips/{clip.pk}/thumbnail",
        }
    ]
    listed = reader.get("/api/feed/posts").json()["items"]
    assert [item["clips"][0]["id"] for item in listed] == [clip.pk]

    # Deleting the clip takes it off the post for everyone at once.
    clip_delete(owner=author, clip_id=clip.pk)
    assert _video(reader, post, clip).status_code == 404
    assert f"/clips/{clip.pk}/video" not in reader.get(f"/feed/posts/{post.pk}/").content.decode()
    assert reader.get(f"/api/feed/posts/{post.pk}").json()["clips"] == []


def test_a_clip_stops_playing_when_the_post_is_held_removed_or_rejected(
    author: User, clip_recorded: Record
) -> None:
    clip = clip_recorded(author)
    post = post_make(author=author)
    clip_attach(post, clip)
    reader_person = resident_at()
    reader = client_sign_in(Client(), reader_person)
    author_client = client_sign_in(Client(), author)
    assert _video(reader, post, clip).status_code == 200

    flag_raise(flagger=reader_person, post=post, kind="racial_profiling")
    post.refresh_from_db()
    assert post.state == SubmissionState.HELD
    assert _video(reader, post, clip).status_code == 404
    # The author owns the clip and still sees it with their post.
    assert _video(author_client, post, clip).status_code == 200
    # The moderator reviewing the held post plays it from the decision page.
    moderator = client_sign_in(Client(), person_create(Role.MODERATOR))
    decide = moderator.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert f'src="/feed/posts/{post.pk}/clips/{clip.pk}/video"' in decide
    assert _video(moderator, post, clip).status_code == 200

    moderation.review_decide(
        moderator=person_create(Role.MODERATOR),
        subject=post,
        decision="reject",
        reason_codes=[ReviewReason.PROFILING],
    )
    post.refresh_from_db()
    assert post.state == SubmissionState.REMOVED
    assert _video(reader, post, clip).status_code == 404
    assert reader.get(f"/feed/posts/{post.pk}/clips/{clip.pk}/thumbnail").status_code == 404

    rejected = post_make(author=author, state=SubmissionState.REJECTED)
    clip_attach(rejected, clip)
    assert _video(reader, rejected, clip).status_code == 404


def test_an_expired_clip_stops_playing_before_and_after_the_purge(
    author: User, clip_recorded: Record
) -> None:
    clip = clip_recorded(author)
    post = post_make(author=author)
    clip_attach(post, clip)
    reader = client_sign_in(Client(), resident_at())
    assert _video(reader, post, clip).status_code == 200
    Clip.objects.filter(pk=clip.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _video(reader, post, clip).status_code == 404
    assert f"/clips/{clip.pk}/" not in reader.get(f"/feed/posts/{post.pk}/").content.decode()
    assert clips_expired_purge() == 1
    assert _video(reader, post, clip).status_code == 404


def test_a_clip_plays_only_through_a_post_that_shows_it(
    author: User, clip_recorded: Record
) -> None:
    clip = clip_recorded(author)
    shown_on = post_make(author=author)
    clip_attach(shown_on, clip)
    elsewhere = post_make(author=author, text="Another live post without the clip.")
    reader = client_sign_in(Client(), resident_at())
    assert _video(reader, elsewhere, clip).status_code == 404
    # Not through the owner's own route either: that stays for the owner.
    assert reader.get(f"/clips/{clip.pk}/video").status_code == 404
    unattached = clip_recorded(author)
    assert _video(reader, shown_on, unattached).status_code == 404


def test_the_author_withdraws_a_clip_from_a_live_post(author: User, clip_recorded: Record) -> None:
    clip = clip_recorded(author)
    post = post_make(author=author)
    clip_attach(post, clip)
    reader_person = resident_at()
    reader = client_sign_in(Client(), reader_person)
    with pytest.raises(NotFound):
        post_clip_withdraw(author=reader_person, post=post, clip_id=clip.pk)
    assert reader.post(f"/feed/posts/{post.pk}/clips/{clip.pk}/withdraw/").status_code == 404

    author_client = client_sign_in(Client(), author)
    owner_page = author_client.get(f"/clips/{clip.pk}/").content.decode()
    assert "Shown with your posts" in owner_page and f'href="/feed/posts/{post.pk}/"' in owner_page
    page = author_client.get(f"/feed/posts/{post.pk}/").content.decode()
    assert "Stop showing this clip" in page
    response = author_client.post(f"/feed/posts/{post.pk}/clips/{clip.pk}/withdraw/")
    assert response.status_code == 302
    assert "Shown with your posts" not in author_client.get(f"/clips/{clip.pk}/").content.decode()
    assert _video(reader, post, clip).status_code == 404
    [entry] = _entries("feed:clip:withdrawn")
    assert entry["subject"] == {"post": post.pk}  # the clip's id stays private
    assert entry["status"] == "published"


def test_feed_query_count_does_not_grow_with_clips() -> None:
    client = client_sign_in(Client(), resident_at())
    author = resident_at()
    clip_attach(post_make(author=author), clip_row(author))
    with CaptureQueriesContext(connection) as small:
        client.get("/feed/")
    for n in range(PAGE_SIZE):
        post = post_make(author=author, text=f"Post {n}")
        clip_attach(post, clip_row(author))
        clip_attach(post, clip_row(author))
    with CaptureQueriesContext(connection) as large:
        page = client.get("/feed/").content.decode()
    assert page.count("/thumbnail") == 2 * PAGE_SIZE
    assert len(large) == len(small)


@pytest.mark.parametrize(
    ("state", "plays"),
    [
        (SubmissionState.DRAFT, False),
        (SubmissionState.NEEDS_EDIT, False),
        (SubmissionState.HELD, True),
        (SubmissionState.PUBLISHED, True),
        (SubmissionState.REJECTED, True),
        (SubmissionState.REMOVED, True),
    ],
)
def test_moderators_play_clips_only_of_submitted_posts(
    author: User, state: SubmissionState, plays: bool
) -> None:
    """A draft's clips stay the author's until they submit; reviews and appeals need them."""
    clip = clip_row(author)
    post = post_make(author=author, state=state)
    clip_attach(post, clip)
    moderator = person_create(Role.MODERATOR)
    reader = resident_at()
    if plays:
        assert post_clip_for_playback(viewer=moderator, post_id=post.pk, clip_id=clip.pk) == clip
    else:
        with pytest.raises(NotFound):
            post_clip_for_playback(viewer=moderator, post_id=post.pk, clip_id=clip.pk)
    assert [a.clip_id for a in post_clips_visible(viewer=moderator, post=post)] == (
        [clip.pk] if plays else []
    )
    # Readers only ever while it is published; the author always.
    assert bool(post_clips_visible(viewer=reader, post=post)) is (
        state == SubmissionState.PUBLISHED
    )
    assert post_clip_for_playback(viewer=author, post_id=post.pk, clip_id=clip.pk) == clip


def test_a_moderator_playing_a_clip_of_a_post_not_live_is_logged_once_per_play(
    author: User, clip_recorded: Record
) -> None:
    """GIVEN a held post with the author's clip
    WHEN a moderator starts playing it, seeks, and views the thumbnail
    THEN one entry per play start names the clip (so its owner sees it), seeks and thumbnails
    write none, and nobody's play of a published post's clip is logged."""
    clip = clip_recorded(author)
    published = post_make(author=author)
    clip_attach(published, clip)
    moderator = client_sign_in(Client(), person_create(Role.MODERATOR))
    played = AuditEntry.objects.filter(event=FeedEvent.CLIP_MODERATOR_PLAYED)

    assert _video(moderator, published, clip).status_code == 200
    assert not played.exists()

    held = post_make(author=author, state=SubmissionState.HELD)
    clip_attach(held, clip)
    assert _video(moderator, held, clip, Range="bytes=0-").status_code == 206
    assert _video(moderator, held, clip, Range="bytes=2000-").status_code == 206
    assert moderator.get(f"/feed/posts/{held.pk}/clips/{clip.pk}/thumbnail").status_code == 200
    assert played.count() == 1
    assert _video(moderator, held, clip).status_code == 200
    assert played.count() == 2
    entry = _entries(FeedEvent.CLIP_MODERATOR_PLAYED)[0]
    assert entry["subject"] == {"post": held.pk}  # the clip's id stays private
    assert entry["status"] == "held"
    # The author playing their own held post's clip is not a moderator's look.
    author_client = client_sign_in(Client(), author)
    assert _video(author_client, held, clip).status_code == 200
    assert played.count() == 2
    # The owner reads it in plain words among the entries about their footage.
    mine = author_client.get("/log/mine/").content.decode()
    assert mine.count("A moderator played your clip shown with a post under review") == 2
