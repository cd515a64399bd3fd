"""The private matching cell (resolution 11, house-precise) is shown to no one.

Only request matching reads ``Camera.match_cell``. With a camera matched, a request
answered and a grant live, every GET page and API route is read by the agency's member
and supervisor, by every other role and anonymously, with the real ids in the path:
no response holds the cell, as a number or as an H3 string.
"""

from __future__ import annotations

import re
from datetime import timedelta

import h3
import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.accounts.tests.test_access_matrix import route_inventory
from fairwitness.cameras.models import Camera
from fairwitness.cameras.schemas import CameraOut
from fairwitness.requests.models import Grant
from fairwitness.requests.services import responses
from fairwitness.requests.tests.factories import (
    INSIDE,
    agency_people,
    camera_at,
    clip_at,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def _forms(camera: Camera) -> list[str]:
    cell = camera.match_cell
    return [str(cell), h3.int_to_str(cell).lower(), f"{cell:x}"]


def _concrete(route: str, ids: dict[str, int]) -> str:
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 999_999)), route
    ).replace("//", "/")


def test_no_page_or_api_route_shows_a_cameras_match_cell() -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clip = clip_at(camera, start + timedelta(minutes=1))
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    responses.response_share(owner=owner, request_id=request.pk, clip_ids=[clip.pk])
    grant = Grant.objects.get(clip=clip)
    ids = {
        "request_id": request.pk,
        "grant_id": grant.pk,
        "clip_id": clip.pk,
        "camera_id": camera.pk,
    }
    forms = _forms(camera)
    viewers = [people.member, people.supervisor] + [
        person_create(role) for role in Role if role is not Role.RESIDENT
    ]
    viewers.append(person_create(Role.RESIDENT))
    routes = sorted(route for method, route in route_inventory() if method == "GET")
    assert any(route.startswith("api/requests/community/") for route in routes)
    read = 0
    for viewer in [None, *viewers]:
        client = Client(raise_request_exception=False)
        if viewer is not None:
            client_sign_in(client, viewer)
        for route in routes:
            response = client.get(_concrete(route, ids))
            if response.status_code != 200 or getattr(response, "streaming", False):
                continue
            body = response.content.decode(errors="replace").lower()
            read += 1
            leaked = [form for form in forms if form in body]
            assert not leaked, f"{route} shows the match cell to {viewer}"
    # The agency's own pages about the request and the grant were among those read.
    member = Client()
    client_sign_in(member, people.member)
    detail = member.get(f"/api/requests/community/{request.pk}")
    assert detail.status_code == 200 and detail.json()["answers"]
    assert read > 50


def test_the_camera_schema_has_no_match_cell() -> None:
    assert "match_cell" not in CameraOut.model_fields
