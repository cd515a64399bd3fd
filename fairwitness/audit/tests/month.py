"""A seeded month of neighborhood activity, written to the log through the apps' services.

The demo's people and cameras (``demo.seed.people_seed``: 24 residents, the
Riverside police, a federal agent, the staff) then thirty simulated days: clips
recorded, neighbor posts (some showing the author's clip), comments, flags,
community requests answered by sharing or declining, closed or left to expire,
clips deleted, grants and clips expiring, preference changes, retention changes.
The clock is simulated (``django.utils.timezone.now`` follows it), so entries
carry a month of times; the random choices come from a fixed seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.sequencer import log_sequence
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_settings_update
from fairwitness.core.errors import ApplicationError
from fairwitness.demo import activity
from fairwitness.demo.seed import people_seed, resident_usernames
from fairwitness.feed import services as feed_services
from fairwitness.feed.models import FlagKind, Post, SubmissionState
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.services import clip_delete, clips_expired_purge
from fairwitness.requests.models import CommunityMatch
from fairwitness.requests.services import community, owners, responses
from fairwitness.requests.services.grants import grants_expire
from fairwitness.requests.tests.factories import ATTESTATIONS, clip_at

DAYS = 30
POST_TEXTS = [
    ("safety", "The crossing light by the school is out again; please take care at drop-off."),
    ("lost_and_found", "Found a set of keys with a blue tag on the bench by the bus stop."),
    ("safety", "Cars are speeding on the hill in the evenings; slow down, kids play here."),
    ("lost_and_found", "Our grey cat is missing since last night; she has a red collar."),
    ("other", "The community garden needs volunteers for watering this weekend."),
    ("safety", "A fallen branch is blocking half of the path along the creek."),
]
COMMENT_TEXTS = [
    "Thanks for letting us know.",
    "I saw the same thing yesterday evening.",
    "I will keep an eye out.",
]


@dataclass
class Month:
    """Who took part, and the attacker's own account (a resident who reads the feed)."""

    residents: list[User]
    officials: list[User]
    attacker: User
    requests: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def clock(start: datetime) -> Iterator[list[datetime]]:
    """``timezone.now()`` returns ``moment[0]`` inside the block; advance it by assigning."""
    moment = [start]
    with mock.patch("django.utils.timezone.now", lambda: moment[0]):
        yield moment


def _tally(month: Month, what: str) -> None:
    month.counts[what] = month.counts.get(what, 0) + 1


def _own_ready_clips(owner: User) -> list[Clip]:
    return list(
        Clip.objects.filter(camera__owner=owner, state=ClipState.READY).order_by("started_at")
    )


def _post(month: Month, rng: random.Random, author: User) -> None:
    category, text = rng.choice(POST_TEXTS)
    clips = _own_ready_clips(author)[-1:] if rng.random() < 0.35 else []
    try:
        feed_services.post_create(
            author=author,
            category=category,
            text=f"{text} ({rng.randint(1, 999)})",
            clip_ids=[c.pk for c in clips],
            make_clips_public=bool(clips),
        )
    except ApplicationError:
        return
    _tally(month, "posts")


def _comment_or_flag(month: Month, rng: random.Random, person: User) -> None:
    posts = list(Post.objects.filter(state=SubmissionState.PUBLISHED).exclude(author=person)[:40])
    if not posts:
        return
    post = rng.choice(posts)
    try:
        if rng.random() < 0.7:
            feed_services.comment_submit(author=person, post=post, text=rng.choice(COMMENT_TEXTS))
            _tally(month, "comments")
        else:
            feed_services.flag_raise(flagger=person, post=post, kind=FlagKind.SPAM)
            _tally(month, "flags")
    except ApplicationError:
        return


def _request(month: Month, rng: random.Random, now: datetime) -> None:
    """The officer asks about a recent clip's street; the sergeant approves; owners answer."""
    officer = User.objects.get(username="officer")
    sergeant = User.objects.get(username="sergeant")
    recent = list(
        Clip.objects.filter(
            state=ClipState.READY, started_at__gte=now - timedelta(days=2), started_at__lt=now
        )
    )
    if not recent:
        return
    clip = rng.choice(recent)
    start = clip.started_at.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    area = {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [clip.camera.longitude, clip.camera.latitude],
        },
        "properties": {"radius_m": 400.0},
    }
    try:
        draft = community.community_request_draft(
            member=officer,
            case_number=f"RPD-2026-{1000 + month.requests}",
            offense_category="burglary",
            description="A break-in on this street; we look for footage of the street.",
            area=area,
            window_start=start,
            window_end=min(start + timedelta(hours=3), now),
            attestations=ATTESTATIONS,
        )
        submitted = community.community_request_submit(member=officer, request=draft)
        request = community.community_request_approve(supervisor=sergeant, request=submitted)
    except ApplicationError:
        return
    month.requests += 1
    for match in CommunityMatch.objects.filter(request=request).select_related("owner"):
        choice = rng.random()
        if choice < 0.4:
            clips = Clip.objects.filter(
                camera__owner=match.owner,
                state=ClipState.READY,
                started_at__lt=request.window_end,
                ended_at__gt=request.window_start,
            )
            if clips:
                try:
                    responses.response_share(
                        owner=match.owner, request_id=request.pk, clip_ids=[c.pk for c in clips]
                    )
                    _tally(month, "shares")
                    continue
                except ApplicationError:
                    pass
        if choice < 0.8:
            responses.response_decline(owner=match.owner, request_id=request.pk)
            _tally(month, "declines")
    if rng.random() < 0.5:
        community.community_request_close(member=officer, request=request)
        _tally(month, "closed")


def _resident_choice(month: Month, rng: random.Random, person: User) -> None:
    """One of a resident's own choices: delete a clip, change a preference or retention."""
    roll = rng.random()
    if roll < 0.5:
        clips = _own_ready_clips(person)
        if clips:
            clip_delete(owner=person, clip_id=rng.choice(clips).pk)
            _tally(month, "deletions")
    elif roll < 0.8:
        cameras = list(Camera.objects.filter(owner=person))
        camera = rng.choice(cameras) if cameras and rng.random() < 0.5 else None
        opted_out = rng.random() < 0.6
        owners.owner_opt_out_set(
            owner=person, opted_out=opted_out, camera_id=camera.pk if camera else None
        )
        _tally(month, "preferences")
    else:
        camera = Camera.objects.filter(owner=person).first()
        if camera is not None:
            camera_settings_update(
                owner=person,
                camera_id=camera.pk,
                retention_days=rng.choice([7, 14, 30, 60]),
                privacy_zones=camera.privacy_zones,
            )
            _tally(month, "retention")


def month_simulate(*, seed: int = 2026, days: int = DAYS) -> Month:
    """Seed the people, then ``days`` simulated days of activity; integrate the log."""
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=days + 1)
    rng = random.Random(seed)  # a fixed history, not a secret
    with clock(start) as moment:
        people_seed()
        residents = list(User.objects.filter(username__in=resident_usernames()).order_by("pk"))
        activity.reader_locations_seed([r.username for r in residents])
        month = Month(
            residents=residents,
            officials=list(User.objects.exclude(role=Role.RESIDENT).order_by("pk")),
            attacker=residents[-1],
        )
        cameras = list(Camera.objects.order_by("pk"))
        for _day in range(days):
            day_start = moment[0]
            for camera in cameras:
                if rng.random() < 0.35:
                    clip_at(camera, day_start + timedelta(minutes=rng.randint(0, 23 * 60)), 20.0)
            for _step in range(rng.randint(4, 8)):
                moment[0] += timedelta(minutes=rng.randint(20, 170))
                person = rng.choice(residents)
                what = rng.random()
                if what < 0.25:
                    _post(month, rng, person)
                elif what < 0.5:
                    _comment_or_flag(month, rng, person)
                elif what < 0.62:
                    _request(month, rng, moment[0])
                else:
                    _resident_choice(month, rng, person)
            moment[0] = day_start + timedelta(days=1)
            community.community_requests_expire()
            grants_expire()
            clips_expired_purge()
        log_sequence()
    return month
