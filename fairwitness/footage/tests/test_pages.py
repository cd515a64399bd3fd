"""The owner's clip list: grouped by day, only their own, a constant number of queries;
retention changes move expiry dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_register, camera_settings_update
from fairwitness.footage.models import Clip, ClipState

pytestmark = pytest.mark.django_db


def clip_row(camera: Camera, started_at: datetime, state: str = ClipState.READY) -> Clip:
    return Clip.objects.create(
        camera=camera,
        started_at=started_at,
        ended_at=started_at + timedelta(seconds=10),
        duration_seconds=10,
        state=state,
        upload_sha256="0" * 64,
        upload_size=1,
        expires_at=started_at + timedelta(days=camera.retention_days),
    )


def camera_of(owner: User, name: str = "Porch") -> Camera:
    return camera_register(owner=owner, name=name, latitude=45.46, longitude=-122.65)


def test_clips_are_listed_by_day_newest_first_and_only_the_owners() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    clip_row(camera, datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    clip_row(camera, datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    clip_row(camera, datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    deleted = clip_row(camera, datetime(2026, 3, 2, 19, 0, tzinfo=UTC), ClipState.DELETED)
    other = clip_row(camera_of(person_create(Role.RESIDENT)), datetime(2026, 3, 2, tzinfo=UTC))
    page = client_sign_in(Client(), owner).get("/clips/").content.decode()
    assert page.index("Monday 2 March 2026") < page.index("Sunday 1 March 2026")
    assert page.index("18:30:00") < page.index("08:00:00")
    assert f"/clips/{deleted.pk}/" not in page and f"/clips/{other.pk}/" not in page
    api = client_sign_in(Client(), owner).get("/api/clips").json()
    assert len(api) == 3 and all(item["camera_id"] == camera.pk for item in api)


def test_a_processing_clip_has_no_player_yet() -> None:
    owner = person_create(Role.RESIDENT)
    clip = clip_row(camera_of(owner), datetime(2026, 3, 1, tzinfo=UTC), ClipState.PROCESSING)
    client = client_sign_in(Client(), owner)
    assert b"still being processed" in client.get(f"/clips/{clip.pk}/").content
    assert client.get(f"/clips/{clip.pk}/video").status_code == 404


def test_the_clip_list_uses_a_constant_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    owner = person_create(Role.RESIDENT)
    cameras = [camera_of(owner, f"c{n}") for n in range(3)]
    for n in range(30):
        clip_row(cameras[n % 3], datetime(2026, 3, 1 + n % 5, n % 24, tzinfo=UTC))
    client = client_sign_in(Client(), owner)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get("/clips/").status_code == 200
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert len(client.get("/api/clips").json()) == 30


def test_changing_retention_moves_every_clips_expiry() -> None:
    owner = person_create(Role.RESIDENT)
    camera = camera_of(owner)
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    clip = clip_row(camera, start)
    assert clip.expires_at == start + timedelta(days=30)
    camera_settings_update(owner=owner, camera_id=camera.pk, retention_days=3, privacy_zones=[])
    clip.refresh_from_db()
    assert clip.expires_at == start + timedelta(days=3)
