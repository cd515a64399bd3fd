"""Community requests: the policy's limits at the service, who is told, what the agency sees."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from fairwitness.accounts.roles import AgencyKind, Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.core.errors import PolicyDenied
from fairwitness.notifications.models import Notice
from fairwitness.requests import selectors
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import CommunityMatch, CommunityState, Decision
from fairwitness.requests.services import community, owners, responses
from fairwitness.requests.tests.factories import (
    INSIDE,
    OUTSIDE,
    AgencyPeople,
    agency_people,
    camera_at,
    clip_at,
    draft,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db
ASKED = str(RequestEvent.COMMUNITY_OWNER_NOTIFIED)


def _denied(people: AgencyPeople, **kwargs: Any) -> tuple[PolicyDenied, CommunityState]:
    request = draft(people, **kwargs)
    with pytest.raises(PolicyDenied) as caught:
        community.community_request_approve(supervisor=people.supervisor, request=request)
    request.refresh_from_db()
    return caught.value, CommunityState(request.state)


def test_a_six_hour_window_opens_and_six_hours_one_minute_is_denied_with_its_rule() -> None:
    people = agency_people()
    request = request_open(people, window=window_yesterday(360))
    assert request.state == CommunityState.OPEN
    denial, state = _denied(people, window=window_yesterday(361), case_number="2025-0043")
    assert state == CommunityState.DENIED
    assert denial.rule == "community.window.max"
    assert denial.reason == "The window is 6 h 1 min; the policy allows at most 6 h."
    stored = Decision.objects.get(allowed=False)
    assert (stored.rule, stored.reason) == (denial.rule, denial.reason)
    assert len(stored.policy_hash) == 64


def test_a_federal_agency_cannot_file_a_community_request() -> None:
    denial, state = _denied(agency_people(kind=AgencyKind.FEDERAL))
    assert (denial.rule, state) == ("eligibility.community.agency_kind", CommunityState.DENIED)


def test_a_denied_offense_category_is_refused_with_its_rule() -> None:
    denial, _state = _denied(agency_people(), offense="immigration_violation")
    assert denial.rule == "purpose.offense.denied"
    assert "immigration violation" in denial.reason


def test_an_area_outside_the_jurisdiction_is_refused() -> None:
    far = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-122.0, 45.46]},
        "properties": {"radius_m": 280},
    }
    denial, _state = _denied(agency_people(), area=far)
    assert denial.rule == "eligibility.jurisdiction.contains"


def test_a_third_request_for_one_incident_is_refused() -> None:
    people = agency_people()
    request_open(people)
    request_open(people)
    denial, _state = _denied(people)
    assert denial.rule == "community.incident.max"


def test_only_owners_in_the_area_who_recorded_in_the_window_and_did_not_opt_out_are_told() -> None:
    """GIVEN owners inside with clips, outside with clips, inside without clips in the window,
    opted out entirely and opted out per camera WHEN a request opens THEN only the first is told."""
    start, end = window_yesterday()
    told = person_create(Role.RESIDENT)
    clip_at(camera_at(told, INSIDE), start + timedelta(minutes=5))
    outside = person_create(Role.RESIDENT)
    clip_at(camera_at(outside, OUTSIDE), start + timedelta(minutes=5))
    idle = person_create(Role.RESIDENT)
    clip_at(camera_at(idle, INSIDE), start - timedelta(hours=3))
    clip_at(camera_at(idle, INSIDE, "Back"), end)  # touching the end is not overlapping
    opted = person_create(Role.RESIDENT)
    clip_at(camera_at(opted, INSIDE), start + timedelta(minutes=5))
    owners.owner_opt_out_set(owner=opted, opted_out=True)
    camera_opted = person_create(Role.RESIDENT)
    camera = camera_at(camera_opted, INSIDE)
    clip_at(camera, start + timedelta(minutes=5))
    owners.owner_opt_out_set(owner=camera_opted, opted_out=True, camera_id=camera.pk)

    request = request_open(agency_people(), window=(start, end))

    assert list(Notice.objects.filter(kind=ASKED).values_list("recipient", flat=True)) == [told.pk]
    assert list(CommunityMatch.objects.values_list("owner", flat=True)) == [told.pk]
    assert request.state == CommunityState.OPEN


def test_the_agency_sees_numbered_answers_and_nothing_about_who_was_asked() -> None:
    """GIVEN three owners asked, one shares, one declines, one ignores WHEN the agency reads
    the answers THEN it sees Neighbor #1 and #2 with no identity, and nothing about the third."""
    start, _end = window_yesterday()
    people = agency_people()
    owners_ = [person_create(Role.RESIDENT) for _ in range(3)]
    clips = [clip_at(camera_at(o, INSIDE), start + timedelta(minutes=1)) for o in owners_]
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    responses.response_share(owner=owners_[1], request_id=request.pk, clip_ids=[clips[1].pk])
    responses.response_decline(owner=owners_[0], request_id=request.pk)

    answers = selectors.answer_list_visible_to(viewer=people.member, request=request)
    assert [(a.neighbor_number, a.kind) for a in answers] == [(1, "shared"), (2, "declined")]
    assert [g.clip_id for g in answers[0].grants] == [clips[1].pk]
    text = repr(answers)
    for owner in owners_:
        assert owner.username not in text and owner.email not in text
    assert not hasattr(answers[0], "owner")


def test_an_owner_cannot_share_a_clip_outside_the_window() -> None:
    start, end = window_yesterday()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clip_at(camera, start + timedelta(minutes=1))
    late = clip_at(camera, end + timedelta(minutes=10))
    request = request_open(agency_people(), window=(start, end))
    with pytest.raises(PolicyDenied) as caught:
        responses.response_share(owner=owner, request_id=request.pk, clip_ids=[late.pk])
    assert caught.value.rule == "clip.window.overlap"


def test_an_owner_who_was_not_asked_cannot_answer() -> None:
    from fairwitness.core.errors import NotFound

    request = request_open(agency_people())
    stranger = person_create(Role.RESIDENT)
    with pytest.raises(NotFound):
        responses.response_decline(owner=stranger, request_id=request.pk)


def _circle(radius_m: float) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-122.65, 45.46]},
        "properties": {"radius_m": radius_m},
    }


def test_the_area_limits_hold_at_the_boundary_and_fail_just_beyond() -> None:
    from fairwitness.policy.geometry import circle_radius_for_area_m
    from fairwitness.policy.wording import SQ_M_PER_SQ_MI

    people = agency_people()
    largest = circle_radius_for_area_m(center_lat=45.46, area_sq_m=0.25 * SQ_M_PER_SQ_MI)
    smallest = circle_radius_for_area_m(center_lat=45.46, area_sq_m=0.025 * SQ_M_PER_SQ_MI)
    assert request_open(people, area=_circle(largest), case_number="A1").state == "open"
    assert request_open(people, area=_circle(smallest), case_number="A2").state == "open"
    denial, _ = _denied(people, area=_circle(largest * 1.001), case_number="A3")
    assert denial.rule == "community.area.max"
    denial, _ = _denied(people, area=_circle(smallest * 0.999), case_number="A4")
    assert denial.rule == "community.area.min"


def test_the_look_back_holds_at_30_days_and_fails_a_minute_beyond() -> None:
    people = agency_people()
    now = timezone.now().replace(microsecond=0)
    start = now - timedelta(days=30)
    ok = draft(people, window=(start, start + timedelta(hours=1)), case_number="B1")
    opened = community.community_request_approve(supervisor=people.supervisor, request=ok, now=now)
    assert opened.state == CommunityState.OPEN
    late = draft(
        people, window=(start - timedelta(minutes=1), start + timedelta(hours=1)), case_number="B2"
    )
    with pytest.raises(PolicyDenied) as caught:
        community.community_request_approve(supervisor=people.supervisor, request=late, now=now)
    assert caught.value.rule == "community.lookback.max"


def test_a_window_of_15_minutes_opens_and_14_minutes_is_denied() -> None:
    people = agency_people()
    assert request_open(people, window=window_yesterday(15), case_number="W1").state == "open"
    denial, _ = _denied(people, window=window_yesterday(14), case_number="W2")
    assert denial.rule == "community.window.min"


def test_the_owner_told_gets_an_email_with_the_link_to_answer(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    start, _end = window_yesterday()
    owner = person_create(Role.RESIDENT)
    clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        request = request_open(agency_people(), window=(start, start + timedelta(hours=2)))
    assert [m.to for m in mailoutbox] == [[owner.email]]
    assert f"/requests/asked/{request.pk}/" in mailoutbox[0].body
    assert Notice.objects.get(recipient=owner).emailed_at is not None
