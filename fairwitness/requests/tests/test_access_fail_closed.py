"""Every access under a grant is judged again against the policy in force (issue 17).

Fail closed: an unknown agency kind, a suspended agency, a channel the policy no longer lists.
Federal defaults: video only by a judicial warrant, no emergency requests, no civil
immigration enforcement, view-only grants. The player's check (``clip_get_for_playback``)
runs before every stream request, so "stops playing" is asserted on it.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from fairwitness.accounts.models import Agency
from fairwitness.accounts.roles import AgencyKind, Role
from fairwitness.accounts.services import agency_suspend
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import NotFound, PolicyDenied
from fairwitness.footage.selectors import clip_get_for_playback
from fairwitness.policy import Rule
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import AccessKind, Download, Grant, LegalState
from fairwitness.requests.policy_in_force import policy_current
from fairwitness.requests.services import downloads, emergency, grants, legal, policy_versions
from fairwitness.requests.tests.factories import (
    ATTESTATIONS,
    INSIDE,
    agency_people,
    camera_at,
    clip_at,
    clip_shared,
    order_submit,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def _viewing(grant: Grant, person: object) -> None:
    grants.clip_access(person=person, grant_id=grant.pk, kind=AccessKind.VIEW, reason="Bike")  # type: ignore[arg-type]


def test_a_suspended_agency_whose_live_grant_stops_playing() -> None:
    shared = clip_shared()
    member = shared.people.member
    _viewing(shared.grant, member)
    assert clip_get_for_playback(viewer=member, clip_id=shared.clip.pk) == shared.clip

    agency_suspend(agency=shared.people.agency, actor=person_create(Role.OPERATOR))
    member.refresh_from_db()

    with pytest.raises(NotFound):  # the player's next request
        clip_get_for_playback(viewer=member, clip_id=shared.clip.pk)
    with pytest.raises(PolicyDenied) as caught:
        _viewing(shared.grant, member)
    assert caught.value.rule == Rule.AGENCY_VERIFIED
    refused = AuditEntry.objects.filter(event=RequestEvent.ACCESS_REFUSED).latest("id")
    assert json.loads(bytes(refused.leaf))["rule"] == Rule.AGENCY_VERIFIED
    # The grant itself is untouched: the check, not a rewrite, stopped the access.
    assert Grant.objects.get(pk=shared.grant.pk).ended_at is None


def _approved_without_channel(channel_line: str) -> None:
    text = policy_current().source
    assert channel_line in text
    text = text.replace(channel_line + "\n", "", 1).replace('version = "1.1.0"', 'version = "9"')
    version = policy_versions.policy_version_propose(
        operator=person_create(Role.OPERATOR), text=text, note="Close the channel"
    )
    policy_versions.policy_version_decide(
        auditor=person_create(Role.OVERSIGHT_AUDITOR), version_id=version.pk, approve=True
    )


def test_a_policy_change_that_removes_a_channel_stops_access_under_its_grants() -> None:
    shared = clip_shared()
    member = shared.people.member
    _viewing(shared.grant, member)
    assert clip_get_for_playback(viewer=member, clip_id=shared.clip.pk) == shared.clip

    _approved_without_channel('community = "community request"')

    with pytest.raises(NotFound):
        clip_get_for_playback(viewer=member, clip_id=shared.clip.pk)
    with pytest.raises(PolicyDenied) as caught:
        _viewing(shared.grant, member)
    assert caught.value.rule == Rule.CHANNEL_KNOWN
    assert caught.value.policy_hash == policy_current().sha256
    with pytest.raises(PolicyDenied):  # and new requests through it
        request_open(shared.people, case_number="2025-0043")


def test_an_unknown_agency_kind_is_denied_for_requests_and_for_grants_it_holds() -> None:
    shared = clip_shared()
    member = shared.people.member
    _viewing(shared.grant, member)
    # A kind written by hand or left by an old release: neither the code nor the policy knows it.
    Agency.objects.filter(pk=shared.people.agency.pk).update(kind="tribal")
    member.refresh_from_db()
    with pytest.raises(NotFound):
        clip_get_for_playback(viewer=member, clip_id=shared.clip.pk)
    with pytest.raises(PolicyDenied) as caught:
        request_open(shared.people, case_number="2025-0044")
    assert caught.value.rule == Rule.AGENCY_KIND_KNOWN


@pytest.mark.parametrize("kind", ["court_order", "admin_warrant"])
def test_federal_legal_process_reaches_video_only_by_a_judicial_warrant(kind: str) -> None:
    people = agency_people(kind=AgencyKind.FEDERAL)
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip = clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    with pytest.raises(PolicyDenied) as caught:
        order_submit(people, [camera.pk], kind=kind)
    assert caught.value.rule in (Rule.LEGAL_AGENCY_VIDEO, Rule.LEGAL_KIND_VIDEO)
    warrant = order_submit(people, [camera.pk], kind="warrant", case_number="2025-0100")
    legal.legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=warrant.pk,
        outcome=LegalState.APPROVED,
        reason="A judge signed it.",
    )
    assert list(Grant.objects.values_list("clip", flat=True)) == [clip.pk]


def test_no_federal_emergency_requests() -> None:
    people = agency_people(kind=AgencyKind.FEDERAL)
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    start, _end = window_yesterday()
    with pytest.raises(PolicyDenied) as caught:
        emergency.emergency_submit(
            member=people.member,
            case_number="E-9",
            offense_category="kidnapping",
            danger="A child was taken.",
            attestations=ATTESTATIONS,
            camera_ids=[camera.pk],
            window_start=start,
            window_end=start + timedelta(minutes=30),
        )
    assert caught.value.rule == Rule.EMERGENCY_AGENCY_KIND


def test_civil_immigration_enforcement_is_denied_on_every_channel() -> None:
    purpose = "civil_immigration_enforcement"
    for agency_kind in (AgencyKind.FEDERAL, AgencyKind.LOCAL):
        people = agency_people(kind=agency_kind)
        camera = camera_at(person_create(Role.RESIDENT), INSIDE)
        start, _end = window_yesterday()
        with pytest.raises(PolicyDenied) as legal_denial:
            order_submit(people, [camera.pk], offense_category=purpose)
        assert legal_denial.value.rule == Rule.OFFENSE_DENIED
        with pytest.raises(PolicyDenied) as community_denial:
            request_open(people, offense=purpose)
        with pytest.raises(PolicyDenied) as emergency_denial:
            emergency.emergency_submit(
                member=people.member,
                case_number="E-10",
                offense_category=purpose,
                danger="None.",
                attestations=ATTESTATIONS,
                camera_ids=[camera.pk],
                window_start=start,
                window_end=start + timedelta(minutes=30),
            )
        if agency_kind == AgencyKind.LOCAL:
            assert community_denial.value.rule == Rule.OFFENSE_DENIED
            assert emergency_denial.value.rule == Rule.OFFENSE_DENIED
    assert not Grant.objects.exists()


def test_a_federal_grant_is_view_only() -> None:
    people = agency_people(kind=AgencyKind.FEDERAL)
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip = clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    warrant = order_submit(people, [camera.pk], kind="warrant")
    legal.legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=warrant.pk,
        outcome=LegalState.APPROVED,
        reason="A judge signed it.",
    )
    grant = Grant.objects.get()
    _viewing(grant, people.member)
    assert clip_get_for_playback(viewer=people.member, clip_id=clip.pk) == clip
    with pytest.raises(PolicyDenied) as caught:
        downloads.download_request(person=people.member, grant_id=grant.pk, reason="Court copy")
    assert caught.value.rule == Rule.GRANT_VIEW_ONLY
    assert not Download.objects.exists()
