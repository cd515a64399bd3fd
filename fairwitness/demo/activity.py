"""What happens in the demo neighborhood: clips, neighbor posts, a community request.

Everything goes through the apps' own services, so the audit log records it as
it would in real use. Each piece is created only if it is missing, so seeding
twice adds nothing: clips are found by their upload id, posts by author and
text, the request by its case number.
"""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import av
import numpy as np
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.cameras.models import Camera
from fairwitness.feed import services as feed_services
from fairwitness.feed.models import Post, ReaderLocation
from fairwitness.footage import jobs
from fairwitness.footage.ingest import clip_ingest_file
from fairwitness.footage.models import Clip, ClipState, Upload
from fairwitness.requests.models import CommunityRequest
from fairwitness.requests.policy_in_force import policy_current
from fairwitness.requests.services import community

# Upload ids are derived from this namespace, so a second run finds the same clips.
CLIP_NAMESPACE = uuid.UUID("6f1c2d64-8a0e-4a5b-9a57-0d3c1b7e2f10")
VIDEO_SIZE = (320, 240)
VIDEO_FPS = 10
VIDEO_SECONDS = 4

REQUEST_CASE_NUMBER = "RPD-2026-0412"
REQUEST_OWNER = "resident01"
REQUEST_RADIUS_M = 250.0  # about 0.076 sq mi: inside the policy's area limits


@dataclass(frozen=True)
class DemoClip:
    """A clip of ``owner``'s first camera, ``hours_ago`` before the seeding hour."""

    owner: str
    key: str
    hours_ago: float
    colour: tuple[int, int, int]


# resident01's "doorstep" clip is the one the community request asks about.
CLIPS = [
    DemoClip("resident01", "doorstep", 26.0, (230, 120, 30)),
    DemoClip("resident01", "evening", 50.5, (40, 160, 230)),
    DemoClip("resident02", "driveway", 27.25, (200, 40, 160)),
    DemoClip("resident03", "backyard", 73.0, (60, 200, 90)),
]
REQUEST_CLIP = CLIPS[0]


@dataclass(frozen=True)
class DemoPost:
    author: str
    category: str
    text: str
    description: feed_services.DescriptionInput | None = None
    held: bool = False
    # A clip of the author's (a ``DemoClip.key``) shown with the post, by the author's choice.
    clip_key: str | None = None


POSTS = [
    DemoPost(
        "resident04",
        "crime",
        "Someone tried the door handles of parked cars on our block around 2 am and "
        "left on foot when a porch light came on. Check that your car is locked.",
        feed_services.DescriptionInput(
            behaviour="Tried the door handles of three parked cars, one after another",
            top="dark hooded jacket",
            shoes="white sneakers",
        ),
    ),
    DemoPost(
        "resident05",
        "lost_and_found",
        "Lost cat: Biscuit, an orange tabby with a green collar, last seen near the "
        "community garden on Tuesday evening. Please check garages and sheds.",
    ),
    DemoPost(
        "resident06",
        "safety",
        "The streetlight at the corner by the school crossing has been out for a week. "
        "I reported it to the city; take care walking there after dark.",
    ),
    DemoPost(
        "resident02",
        "safety",
        "A car sped down our street past the school crossing at drop-off time, far over "
        "the limit. My driveway camera caught it; please slow down, children cross here.",
        clip_key="driveway",
    ),
    # The screen sends protest notices to a moderator (lawful activity): the queue's example.
    DemoPost(
        "resident07",
        "other",
        "Rally for tenants' rights at city hall on Saturday at noon, bring signs.",
        held=True,
    ),
]


def clip_upload_id(clip: DemoClip) -> uuid.UUID:
    return uuid.uuid5(CLIP_NAMESPACE, f"{clip.owner}:{clip.key}")


def _first_camera(username: str) -> Camera:
    return Camera.objects.filter(owner__username=username).earliest("pk")


def video_write(path: Path, colour: tuple[int, int, int]) -> Path:
    """A short H.264 MP4: a coloured square crossing a dim gradient."""
    width, height = VIDEO_SIZE
    ramp = np.linspace(20, 70, width, dtype=np.uint8)
    background = np.repeat(np.repeat(ramp[None, :, None], height, axis=0), 3, axis=2)
    frames = VIDEO_FPS * VIDEO_SECONDS
    side = 48
    with av.open(str(path), mode="w") as output:
        stream = output.add_stream("libx264", rate=VIDEO_FPS)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(frames):
            image = background.copy()
            x = int((width - side) * index / max(1, frames - 1))
            y = int((height - side) / 2 + 50 * np.sin(index / 6))
            image[y : y + side, x : x + side] = colour
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return path


def seeding_hour(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).replace(minute=0, second=0, microsecond=0)


def clips_seed(*, now: datetime | None = None) -> int:
    """Ingest and process the demo clips that are missing; returns how many were made."""
    hour = seeding_hour(now)
    made = 0
    with tempfile.TemporaryDirectory(prefix="fairwitness-demo-") as folder:
        for spec in CLIPS:
            upload_id = clip_upload_id(spec)
            if Upload.objects.filter(upload_id=upload_id).exists():
                continue
            source = video_write(Path(folder) / f"{spec.key}.mp4", spec.colour)
            clip = clip_ingest_file(
                camera=_first_camera(spec.owner),
                upload_id=upload_id,
                started_at=hour - timedelta(hours=spec.hours_ago),
                source=source,
            )
            # Seeding runs the job here rather than waiting for a worker; the task
            # queued on commit then finds the job done and skips it.
            jobs.clip_job_run(clip_id=clip.pk)
            made += 1
    return made


def reader_locations_seed(usernames: list[str]) -> int:
    """Residents read the feed from their first camera's place (kept as a coarse cell)."""
    made = 0
    for username in usernames:
        if ReaderLocation.objects.filter(reader__username=username).exists():
            continue
        camera = _first_camera(username)
        feed_services.reader_location_set(
            reader=camera.owner, latitude=camera.latitude, longitude=camera.longitude
        )
        made += 1
    return made


def posts_seed() -> int:
    """Submit the demo posts through the posting rules and the screen."""
    made = 0
    for spec in POSTS:
        author = User.objects.get(username=spec.author)
        if Post.objects.filter(author=author, text=spec.text).exists():
            continue
        feed_services.post_create(
            author=author,
            category=spec.category,
            text=spec.text,
            description=spec.description,
            clip_ids=_post_clip_ids(spec),
            make_clips_public=spec.clip_key is not None,
        )
        made += 1
    return made


def _post_clip_ids(spec: DemoPost) -> list[int]:
    """The post's clip, if it was seeded and its owner has not deleted it."""
    if spec.clip_key is None:
        return []
    clip_spec = next(c for c in CLIPS if c.owner == spec.author and c.key == spec.clip_key)
    return list(
        Clip.objects.filter(
            upload__upload_id=clip_upload_id(clip_spec), state=ClipState.READY
        ).values_list("pk", flat=True)
    )


def request_clip() -> Clip | None:
    """resident01's doorstep clip, if it is still there (an owner may delete it)."""
    return (
        Clip.objects.select_related("camera")
        .filter(upload__upload_id=clip_upload_id(REQUEST_CLIP), state=ClipState.READY)
        .first()
    )


def request_seed(*, now: datetime | None = None) -> int:
    """The officer's community request, approved by the sergeant; left unanswered.

    Skipped (0) when the request exists, or when the clip it asks about is gone or
    older than the policy's look-back: the policy would deny it, and the demo
    should show a request resident01 can answer.
    """
    now = now or timezone.now()
    member = User.objects.get(username="officer")
    assert member.agency is not None
    if CommunityRequest.objects.filter(
        agency=member.agency, case_number=REQUEST_CASE_NUMBER
    ).exists():
        return 0
    clip = request_clip()
    if clip is None:
        return 0
    camera = clip.camera
    policy = policy_current()
    # A two-hour window around the clip, ending before now: the policy asks only
    # for footage already recorded, within its look-back.
    window_start = clip.started_at.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    window_end = min(window_start + timedelta(hours=2), now)
    if now - window_start > policy.community.lookback - timedelta(hours=1):
        return 0
    area = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [camera.longitude, camera.latitude]},
        "properties": {"radius_m": REQUEST_RADIUS_M},
    }
    request = community.community_request_draft(
        member=member,
        case_number=REQUEST_CASE_NUMBER,
        offense_category="package_theft",
        description=(
            "Two parcels were taken from a porch on this block in the early afternoon. "
            "We are looking for footage of the street at that time."
        ),
        area=area,
        window_start=window_start,
        window_end=window_end,
        attestations=sorted(policy.attestations),
    )
    request = community.community_request_submit(member=member, request=request)
    community.community_request_approve(
        supervisor=User.objects.get(username="sergeant"), request=request, now=now
    )
    return 1
