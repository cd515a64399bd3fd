"""The demo shows the product working: real clips in the vault, neighbor posts (one held
for a moderator), an open community request resident01 can answer, and a signed log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.audit.models import AuditEntry, Checkpoint
from fairwitness.demo import activity
from fairwitness.demo.seed import demo_seed, people_seed
from fairwitness.feed.events import FeedEvent
from fairwitness.feed.models import Post
from fairwitness.footage.models import Clip, ClipKey, ClipState
from fairwitness.footage.services import clip_delete
from fairwitness.footage.tests.fixtures import FootageEnv
from fairwitness.moderation.submissions import SubmissionState
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import (
    CommunityMatch,
    CommunityRequest,
    CommunityState,
    Response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    demo_seed()


def _request_clip() -> Clip:
    clip = activity.request_clip()
    assert clip is not None
    return clip


@pytest.mark.usefixtures("seeded")
def test_residents_one_to_three_have_processed_clips_from_the_last_days(
    footage_env: FootageEnv,
) -> None:
    clips = Clip.objects.select_related("camera__owner")
    owners = {clip.camera.owner.username for clip in clips}
    assert owners == {"resident01", "resident02", "resident03"}
    assert clips.count() == len(activity.CLIPS)
    now = timezone.now()
    for clip in clips:
        assert clip.state == ClipState.READY, clip.rejected_reason
        assert ClipKey.objects.filter(clip=clip).exists()
        assert clip.blob_name and clip.thumbnail_name
        assert (clip.width, clip.height) == activity.VIDEO_SIZE
        assert 3.5 <= clip.duration_seconds <= 4.5
        assert now - timedelta(days=4) < clip.started_at < now
    stored = footage_env.stored_bytes()
    assert set(stored) >= {c.blob_name for c in clips} | {c.thumbnail_name for c in clips}
    # Encrypted at rest: no stored blob is a readable MP4.
    assert all(b"ftyp" not in blob[:64] for blob in stored.values())


@pytest.mark.usefixtures("seeded")
def test_the_owner_plays_a_seeded_clip_and_sees_its_thumbnail() -> None:
    clip = _request_clip()
    client = client_sign_in(Client(), clip.camera.owner)
    video = client.get(f"/clips/{clip.pk}/video")
    assert video.status_code == 200
    body = b"".join(video.streaming_content)  # type: ignore[attr-defined]
    assert body[4:8] == b"ftyp"
    thumbnail = client.get(f"/clips/{clip.pk}/thumbnail")
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"].startswith("image/")


@pytest.mark.usefixtures("seeded")
def test_published_posts_and_one_held_for_the_moderator() -> None:
    published = Post.objects.filter(state=SubmissionState.PUBLISHED)
    assert set(published.values_list("category", flat=True)) >= {
        "crime",
        "lost_and_found",
        "safety",
    }
    crime = published.get(category="crime")
    assert crime.behaviour and not crime.race_ethnicity
    held = Post.objects.get(state=SubmissionState.HELD)
    assert "Rally" in held.text
    assert AuditEntry.objects.filter(event=FeedEvent.POST_PUBLISHED).count() == published.count()
    moderator = User.objects.get(username="moderator")
    page = client_sign_in(Client(), moderator).get("/moderation/").content.decode()
    assert "Rally for tenants" in page


@pytest.mark.usefixtures("seeded")
def test_an_open_unanswered_request_covers_resident01s_clip() -> None:
    request = CommunityRequest.objects.get(case_number=activity.REQUEST_CASE_NUMBER)
    assert request.state == CommunityState.OPEN
    assert request.member.username == "officer"
    assert request.supervisor is not None and request.supervisor.username == "sergeant"
    assert request.decision is not None and request.decision.allowed
    clip = _request_clip()
    assert clip.camera.owner.username == "resident01"
    assert request.window_start < clip.ended_at and clip.started_at < request.window_end
    assert request.window_end <= timezone.now()
    owners = set(CommunityMatch.objects.filter(request=request).values_list("owner__username"))
    assert ("resident01",) in owners
    assert not Response.objects.filter(request=request).exists()
    assert AuditEntry.objects.filter(event=RequestEvent.COMMUNITY_OPENED).exists()


@pytest.mark.usefixtures("seeded")
def test_resident01_sees_the_request_and_the_clip_to_share() -> None:
    request = CommunityRequest.objects.get(case_number=activity.REQUEST_CASE_NUMBER)
    client = client_sign_in(Client(), User.objects.get(username="resident01"))
    home = client.get("/home/").content.decode()
    assert f"Riverside Police Department asks for footage (case {request.case_number})" in home
    mine = client.get("/requests/mine/").content.decode()
    assert f"/requests/asked/{request.pk}/" in mine and activity.REQUEST_CASE_NUMBER in mine
    asked = client.get(f"/requests/asked/{request.pk}/")
    assert asked.status_code == 200
    page = asked.content.decode()
    clip = _request_clip()
    assert f'name="clips" value="{clip.pk}"' in page
    assert 'value="share"' in page


@pytest.mark.usefixtures("seeded")
def test_the_log_has_a_signed_checkpoint_over_every_entry() -> None:
    entries = AuditEntry.objects.count()
    assert entries > 0
    assert not AuditEntry.objects.filter(index__isnull=True).exists()
    latest = Checkpoint.objects.order_by("-size").first()
    assert latest is not None and latest.size == entries
    text = Client().get("/log/checkpoint").content.decode()
    assert text.splitlines()[1] == str(entries)
    assert "\u2014 " in text  # a signature line


def test_seed_demo_says_what_to_try(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "Sign in as resident01 to answer a request" in out
    assert "moderator" in out and "/log/" in out


def _people_and_clips() -> Clip:
    people_seed()
    activity.clips_seed()
    return _request_clip()


def test_no_request_when_its_clip_was_deleted_and_the_seed_still_finishes() -> None:
    clip = _people_and_clips()
    clip_delete(owner=clip.camera.owner, clip_id=clip.pk)
    assert activity.request_seed() == 0
    created = demo_seed()
    assert created["requests"] == 0 and not CommunityRequest.objects.exists()


def test_no_request_once_its_clip_is_older_than_the_look_back() -> None:
    clip = _people_and_clips()
    later = clip.started_at + timedelta(days=31)
    assert activity.request_seed(now=later) == 0
    assert not CommunityRequest.objects.exists()
    assert activity.request_seed(now=clip.started_at + timedelta(days=2)) == 1
    assert CommunityRequest.objects.get().state == CommunityState.OPEN


@pytest.mark.usefixtures("seeded")
def test_a_published_post_shows_its_authors_clip_to_a_neighbor() -> None:
    post = Post.objects.get(author__username="resident02", state=SubmissionState.PUBLISHED)
    clip = Clip.objects.get(post_attachments__post=post)
    assert clip.camera.owner.username == "resident02"
    neighbor = client_sign_in(Client(), User.objects.get(username="resident05"))
    page = neighbor.get(f"/feed/posts/{post.pk}/").content.decode()
    assert f"/feed/posts/{post.pk}/clips/{clip.pk}/video" in page
    video = neighbor.get(f"/feed/posts/{post.pk}/clips/{clip.pk}/video", HTTP_RANGE="bytes=0-15")
    assert video.status_code == 206
    assert b"".join(video.streaming_content)[4:8] == b"ftyp"  # type: ignore[attr-defined]
