"""Request pages: filing, approval, the owner's answer, and what the agency's pages never show."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.core.errors import Conflict
from fairwitness.requests.models import Access, CommunityRequest, CommunityState, Grant
from fairwitness.requests.services import responses
from fairwitness.requests.tests.factories import (
    INSIDE,
    agency_people,
    camera_at,
    clip_at,
    clip_shared,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def _agency_pages(client: Client, request: CommunityRequest) -> str:
    pages = [f"/requests/{request.pk}/", "/requests/", "/grants/"]
    return "".join(client.get(page).content.decode() for page in pages)


def _normalised(html: str) -> str:
    """Drop what differs between two runs anyway: tokens, ids in links, timestamps."""
    html = re.sub(r'value="[^"]{20,}"|"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r"/(requests|grants)/\d+/", r"/\1/ID/", html)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?", "TIME", html)


def test_agency_pages_are_the_same_whoever_else_was_asked() -> None:
    """GIVEN two identical requests, one put to 1 owner and one to 4 owners, where the
    same single owner shares WHEN the agency reads its pages THEN they differ only by ids,
    and no owner's name or email appears."""
    start, _end = window_yesterday()
    window = (start, start + timedelta(hours=2))
    html = []
    everyone = []
    for silent in (0, 3):
        people = agency_people()
        sharer = person_create(Role.RESIDENT)
        clip = clip_at(camera_at(sharer, INSIDE), start + timedelta(minutes=1))
        quiet = [person_create(Role.RESIDENT) for _ in range(silent)]
        for owner in quiet:
            clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=2))
        request = request_open(people, window=window)
        responses.response_share(owner=sharer, request_id=request.pk, clip_ids=[clip.pk])
        client = client_sign_in(Client(), people.member)
        page = _agency_pages(client, request)
        everyone += [sharer, *quiet]
        html.append(
            _normalised(page)
            .replace(people.member.username, "MEMBER")
            .replace(people.agency.name, "AGENCY")
        )
        assert "Neighbor #1" in page
    assert html[0] == html[1]
    for owner in everyone:
        assert owner.username not in "".join(html) and owner.email not in "".join(html)


def test_a_member_files_and_a_supervisor_approves_through_the_pages() -> None:
    people = agency_people()
    start, end = window_yesterday()
    member = client_sign_in(Client(), people.member)
    response = member.post(
        "/requests/new/",
        {
            "case_number": "P-1",
            "offense_category": "burglary",
            "description": "Break-in",
            "latitude": 45.46,
            "longitude": -122.65,
            "radius_m": 280,
            "window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "window_end": end.strftime("%Y-%m-%dT%H:%M"),
            "attestations": [
                "no_facial_recognition",
                "no_identification_by_race",
                "no_immigration_enforcement",
                "no_protest_surveillance",
            ],
        },
    )
    request = CommunityRequest.objects.get()
    assert response["Location"] == f"/requests/{request.pk}/"
    assert request.state == CommunityState.SUBMITTED
    assert member.post(f"/requests/{request.pk}/approve/").status_code == 403
    supervisor = client_sign_in(Client(), people.supervisor)
    supervisor.post(f"/requests/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.state == CommunityState.OPEN
    page = supervisor.get(f"/requests/{request.pk}/").content.decode()
    assert "community.allowed" in page and "<svg" in page


def test_a_bad_form_is_explained_and_stores_nothing() -> None:
    people = agency_people()
    member = client_sign_in(Client(), people.member)
    response = member.post(
        "/requests/new/",
        {"case_number": "", "offense_category": "not-a-category", "radius_m": "-3"},
    )
    assert response.status_code == 400
    assert b"This field is required" in response.content
    assert not CommunityRequest.objects.exists()


def test_the_owner_shares_on_their_page_and_the_agency_views_with_a_reason() -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clips = [clip_at(camera, start + timedelta(minutes=m)) for m in (1, 10, 20)]
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    page = client_sign_in(Client(), owner)
    html = page.get(f"/requests/asked/{request.pk}/").content.decode()
    assert request.case_number in html and "<svg" in html
    page.post(
        f"/requests/asked/{request.pk}/",
        {"answer": "share", "clips": [clips[0].pk, clips[2].pk], "contact": ""},
    )
    assert sorted(Grant.objects.values_list("clip", flat=True)) == [clips[0].pk, clips[2].pk]
    other_owner = client_sign_in(Client(), person_create(Role.RESIDENT))
    assert other_owner.get(f"/requests/asked/{request.pk}/").status_code == 404

    agency = client_sign_in(Client(), people.member)
    grant = Grant.objects.first()
    assert grant is not None
    assert agency.post(f"/grants/{grant.pk}/", {"reason": ""}).status_code == 400
    assert agency.post(f"/grants/{grant.pk}/", {"reason": "Suspect's bike"}).status_code == 200
    assert Access.objects.get().reason == "Suspect's bike"
    stranger = client_sign_in(Client(), agency_people().member)
    assert stranger.get(f"/grants/{grant.pk}/").status_code == 404


def test_the_owner_history_lists_requests_and_accesses_and_opt_out_works() -> None:
    people, owner, _clip, request, grant = clip_shared()
    agency = client_sign_in(Client(), people.member)
    agency.post(f"/grants/{grant.pk}/", {"reason": "Identify the car"})
    page = client_sign_in(Client(), owner)
    html = page.get("/requests/mine/").content.decode()
    assert request.case_number in html and "Identify the car" in html
    page.post("/requests/mine/", {"opt_out": "1"})
    assert "opted out of all community requests" in page.get("/requests/mine/").content.decode()


def test_the_api_shows_numbered_answers_and_no_owner_with_constant_queries(
    django_assert_max_num_queries: Any,
) -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    clip = clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=1))
    clip_at(camera_at(person_create(Role.RESIDENT), INSIDE), start + timedelta(minutes=1))
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    for n in range(4):
        request_open(people, window=(start, start + timedelta(hours=2)), case_number=f"X{n}")
    responses.response_share(owner=owner, request_id=request.pk, clip_ids=[clip.pk])
    client = client_sign_in(Client(), people.member)
    with django_assert_max_num_queries(8):
        listing = client.get("/api/requests/community")
    assert listing.status_code == 200 and len(listing.json()) == 5
    detail = client.get(f"/api/requests/community/{request.pk}").json()
    grant = Grant.objects.get()
    assert detail["answers"] == [
        {"neighbor": 1, "kind": "shared", "contact": "", "grants": [grant.pk]}
    ]
    assert detail["decision"]["rule"] == "community.allowed"
    text = json.dumps(detail) + listing.content.decode()
    assert owner.username not in text and owner.email not in text
    assert "asked" not in text and "match" not in text
    other = client_sign_in(Client(), agency_people().member)
    assert other.get(f"/api/requests/community/{request.pk}").status_code == 404


def test_the_agency_closes_its_request_early_and_owners_can_no_longer_share() -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    clip = clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=5))
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    member = client_sign_in(Client(), people.member)
    assert "Close this request now" in member.get(f"/requests/{request.pk}/").content.decode()

    response = member.post(f"/requests/{request.pk}/close/", follow=True)

    request.refresh_from_db()
    assert request.state == CommunityState.CLOSED
    assert "Closed. Owners can no longer share" in response.content.decode()
    assert "Close this request now" not in response.content.decode()
    again = member.post(f"/requests/{request.pk}/close/", follow=True)
    assert "Only an open request can be closed." in again.content.decode()
    with pytest.raises(Conflict, match="no longer open"):
        responses.response_share(owner=owner, request_id=request.pk, clip_ids=[clip.pk])
    assert not Grant.objects.exists()


def test_another_agency_cannot_close_a_request_it_cannot_see() -> None:
    start, _end = window_yesterday()
    request = request_open(agency_people(), window=(start, start + timedelta(hours=2)))
    stranger = client_sign_in(Client(), agency_people().supervisor)

    assert stranger.post(f"/requests/{request.pk}/close/").status_code == 404
    request.refresh_from_db()
    assert request.state == CommunityState.OPEN
