"""Acceptance 7: every state change writes its audit entry. The events each flow must produce."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import PermissionDenied, PolicyDenied
from fairwitness.requests.events import RequestEvent as E
from fairwitness.requests.models import AccessKind, LegalState
from fairwitness.requests.services import community, emergency, grants, legal, owners, responses
from fairwitness.requests.tests.factories import (
    ATTESTATIONS,
    INSIDE,
    PDF,
    agency_people,
    camera_at,
    clip_at,
    clip_shared,
    draft,
    order_submit,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def _events() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("event", flat=True))


def test_the_community_flow_writes_every_event_in_order() -> None:
    people, _owner, _clip, _request, grant = clip_shared()
    grants.clip_access(person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="r")
    later = grant.expires_at + timedelta(seconds=1)
    grants.grants_expire(now=later)
    with pytest.raises(PermissionDenied):
        grants.clip_access(
            person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="r"
        )
    assert _events() == [
        E.COMMUNITY_DRAFTED,
        E.COMMUNITY_SUBMITTED,
        E.COMMUNITY_APPROVED,
        E.COMMUNITY_OPENED,
        E.COMMUNITY_OWNER_NOTIFIED,
        E.RESPONSE_SHARED,  # stands for the grants it made: no per-grant entry
        E.ACCESS_VIEWED,
        E.GRANT_EXPIRED,
        E.ACCESS_REFUSED,
    ]


def test_a_denied_request_a_decline_and_a_refused_access_are_logged() -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=1))
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    before = _events()
    responses.response_decline(owner=owner, request_id=request.pk)
    # A decline writes no entry of its own; the request's closing entry counts it.
    assert _events() == before
    community.community_request_close(member=people.member, request=request)
    closed = AuditEntry.objects.order_by("pk").last()
    assert closed is not None and closed.event == E.COMMUNITY_CLOSED
    assert json.loads(bytes(closed.leaf))["declined"] == 1
    AuditEntry.objects.all().delete()
    denied = draft(people, offense="loitering", case_number="2")
    with pytest.raises(PolicyDenied):
        community.community_request_approve(supervisor=people.supervisor, request=denied)
    assert _events() == [
        E.COMMUNITY_DRAFTED,
        E.COMMUNITY_SUBMITTED,
        E.COMMUNITY_APPROVED,
        E.COMMUNITY_DENIED,
    ]


def test_legal_process_writes_submission_review_grants_and_notice() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    with pytest.raises(PolicyDenied):
        order_submit(people, [camera.pk], kind="subpoena")
    order = order_submit(people, [camera.pk])
    legal.legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=order.pk,
        outcome=LegalState.APPROVED,
        reason="ok",
    )
    assert _events() == [
        E.LEGAL_DENIED,
        E.LEGAL_SUBMITTED,
        E.LEGAL_APPROVED,
        E.GRANT_CREATED,
        E.LEGAL_OWNER_NOTIFIED,
    ]
    assert PDF.startswith(b"%PDF-")


def test_an_emergency_writes_attestation_approval_grants_notice_and_violation() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    start, end = window_yesterday()
    request = emergency.emergency_submit(
        member=people.member,
        case_number="E-1",
        offense_category="kidnapping",
        danger="danger to life",
        attestations=ATTESTATIONS,
        camera_ids=[camera.pk],
        window_start=start,
        window_end=end,
    )
    emergency.emergency_attest(supervisor=people.supervisor, emergency_id=request.pk)
    approved = emergency.emergency_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        emergency_id=request.pk,
        approve=True,
        reason="ok",
    )
    assert approved.followup_due is not None
    emergency.emergency_followups_check(now=approved.followup_due)
    assert _events() == [
        E.EMERGENCY_SUBMITTED,
        E.EMERGENCY_ATTESTED,
        E.EMERGENCY_APPROVED,
        E.GRANT_CREATED,
        E.EMERGENCY_OWNER_NOTIFIED,
        E.EMERGENCY_VIOLATION,
    ]


def test_extensions_and_owner_preferences_are_logged() -> None:
    people, owner, _clip, _request, grant = clip_shared()
    AuditEntry.objects.all().delete()
    grants.grant_extend(
        supervisor=people.supervisor,
        grant_id=grant.pk,
        new_expires_at=grant.expires_at + timedelta(days=1),
        justification="Trial",
    )
    with pytest.raises(PolicyDenied):
        grants.grant_extend(
            supervisor=people.supervisor,
            grant_id=grant.pk,
            new_expires_at=grant.granted_at + timedelta(days=181),
            justification="Again",
        )
    owners.owner_opt_out_set(owner=owner, opted_out=True)
    owners.owner_opt_out_set(owner=owner, opted_out=False)
    assert _events() == [
        E.GRANT_EXTENDED,
        E.GRANT_EXTENSION_DENIED,
        E.OWNER_OPTED_OUT,
        E.OWNER_OPTED_IN,
    ]


def test_the_public_log_is_the_same_whether_one_owner_or_four_were_asked() -> None:
    """No notice, no leak: the public entries of a request do not grow with the owners asked."""
    start, _end = window_yesterday()
    logs = []
    for quiet in (0, 3):
        AuditEntry.objects.all().delete()
        people = agency_people()
        for _ in range(1 + quiet):
            owner = person_create(Role.RESIDENT)
            clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=1))
        request_open(people, window=(start, start + timedelta(hours=2)))
        varying = {"time", "actor", "agency", "subject", "commitment"}
        logs.append(
            [
                {k: v for k, v in json.loads(bytes(entry.leaf)).items() if k not in varying}
                for entry in AuditEntry.objects.order_by("pk")
            ]
        )
    assert logs[0] == logs[1]
    assert AuditEntry.objects.filter(event=E.COMMUNITY_OWNER_NOTIFIED).count() == 1
