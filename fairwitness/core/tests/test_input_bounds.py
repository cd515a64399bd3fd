"""Values entering from outside stay in bounds: plain text, and dates in a sane window.

Regression tests for issue 17's accepted-but-bad inputs: a clip that started in year 0001, a
warrant signed in 2099, NUL bytes in posts, comments and camera names sent through the API.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_register
from fairwitness.core.errors import ApplicationError
from fairwitness.core.input_bounds import (
    day_recorded_problem,
    moment_deadline_problem,
    moment_recorded_problem,
    text_plain_problem,
)
from fairwitness.feed.models import Comment, Post
from fairwitness.feed.services import post_draft_save
from fairwitness.feed.tests.factories import resident_at
from fairwitness.footage.models import Upload
from fairwitness.footage.tests.fixtures import camera_paired, device_headers
from fairwitness.requests.forms import LegalProcessForm
from fairwitness.requests.models import LegalProcess
from fairwitness.requests.tests.factories import INSIDE, agency_people, camera_at, order_submit

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31mred", "bell\x07", "del\x7f", "c1\x85"])
def test_control_characters_are_refused(text: str) -> None:
    assert text_plain_problem(text) is not None


def test_tabs_and_line_breaks_are_plain_text() -> None:
    assert text_plain_problem("one\ttwo\r\nthree\nfour — ünïcode") is None


def test_recorded_moments_lie_between_2000_and_a_day_from_now() -> None:
    assert moment_recorded_problem(datetime(1, 1, 1, tzinfo=UTC), now=NOW) is not None
    assert moment_recorded_problem(datetime(1999, 12, 31, tzinfo=UTC), now=NOW) is not None
    assert moment_recorded_problem(datetime(2000, 1, 1, tzinfo=UTC), now=NOW) is None
    assert moment_recorded_problem(NOW + timedelta(hours=23), now=NOW) is None
    assert moment_recorded_problem(NOW + timedelta(days=2), now=NOW) is not None


def test_deadlines_may_lie_years_ahead_but_not_before_2000() -> None:
    assert moment_deadline_problem(NOW + timedelta(days=3 * 365), now=NOW) is None
    assert moment_deadline_problem(datetime(1990, 1, 1, tzinfo=UTC), now=NOW) is not None
    assert moment_deadline_problem(datetime(9999, 1, 1, tzinfo=UTC), now=NOW) is not None


def test_a_signature_day_is_not_in_the_future() -> None:
    assert day_recorded_problem(date(2099, 1, 1), now=NOW) is not None
    assert day_recorded_problem(date(1999, 1, 1), now=NOW) is not None
    assert day_recorded_problem(NOW.date(), now=NOW) is None


def _resident_api() -> Client:
    client = Client()
    client_sign_in(client, person_create(Role.RESIDENT))
    return client


def _post_json(client: Client, path: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", **extra)


def _assert_422_naming(response: Any, field: str) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == "invalid"
    assert any(field in item["field"] for item in body["detail"]), body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/feed/posts", {"category": "other", "text": "Hi\x00there"}, "text"),
        ("/api/feed/posts/1/comments", {"text": "nul\x00"}, "text"),
        ("/api/feed/posts/1/flags", {"kind": "spam", "note": "esc\x1b"}, "note"),
        ("/api/cameras", {"name": "Porch\x00", "latitude": 45.4, "longitude": -122.6}, "name"),
    ],
    ids=["post", "comment", "flag-note", "camera-name"],
)
def test_api_text_with_control_characters_is_422(
    path: str, body: dict[str, Any], field: str
) -> None:
    _assert_422_naming(_post_json(_resident_api(), path, body), field)
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert not Camera.objects.exists()


@pytest.mark.django_db
def test_services_refuse_control_characters_whatever_the_interface() -> None:
    resident = resident_at()
    with pytest.raises(ApplicationError) as post_error:
        post_draft_save(author=resident, category="other", text="A\x1b[2Jcleared screen")
    assert post_error.value.code == "text_control_character"
    with pytest.raises(ApplicationError):
        camera_register(owner=resident, name="Back\x07door", latitude=45.4, longitude=-122.6)
    assert not Post.objects.exists() and not Camera.objects.exists()


@pytest.mark.django_db
def test_a_clip_that_started_in_year_0001_is_refused() -> None:
    _camera, token = camera_paired(person_create(Role.RESIDENT))
    body = {
        "upload_id": str(uuid.uuid4()),
        "started_at": "0001-01-01T00:00:00Z",
        "size": 1000,
        "sha256": "0" * 64,
    }
    response = Client().post(
        "/api/ingest/uploads",
        data=json.dumps(body),
        content_type="application/json",
        headers=device_headers(token),
    )
    _assert_422_naming(response, "started_at")
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_a_warrant_signed_in_2099_is_refused_by_the_form_and_the_service() -> None:
    form = LegalProcessForm(data={"signed_on": "2099-01-01"})
    assert not form.is_valid() and "signed_on" in form.errors
    assert "future" in str(form.errors["signed_on"])
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    with pytest.raises(ApplicationError) as error:
        order_submit(people, [camera.pk], signed_on=date(2099, 1, 1))
    assert error.value.code == "date_out_of_range"
    assert not LegalProcess.objects.exists()


@pytest.mark.django_db
def test_a_window_in_year_0001_is_refused_by_the_request_forms() -> None:
    form = LegalProcessForm(data={"scope_start": "0001-01-01T00:00", "signed_on": "2026-01-01"})
    form.is_valid()
    assert "scope_start" in form.errors and "2000" in str(form.errors["scope_start"])
