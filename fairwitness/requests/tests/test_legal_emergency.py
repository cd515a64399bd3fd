"""Legal process and emergencies: the policy, the reviewer, notices, follow-up violations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.core.errors import ApplicationError, PolicyDenied
from fairwitness.notifications.models import Notice
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import (
    EmergencyRequest,
    EmergencyState,
    Grant,
    LegalProcess,
    LegalState,
)
from fairwitness.requests.services import emergency, legal
from fairwitness.requests.tests.factories import (
    ATTESTATIONS,
    INSIDE,
    PDF,
    AgencyPeople,
    agency_people,
    camera_at,
    clip_at,
    order_submit,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def test_a_subpoena_never_yields_video() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    with pytest.raises(PolicyDenied) as caught:
        order_submit(people, [camera.pk], kind="subpoena")
    assert caught.value.rule == "legal.kind.video"
    assert LegalProcess.objects.get().state == LegalState.DENIED
    assert not Grant.objects.exists()


def test_a_warrant_approved_by_a_reviewer_grants_the_clips_in_scope_and_is_stored_encrypted() -> (
    None
):
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    inside = clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    clip_at(camera, window_yesterday()[0] - timedelta(hours=5))
    order = order_submit(people, [camera.pk])
    assert PDF not in bytes(order.document)
    reviewer = person_create(Role.LEGAL_REVIEWER)
    legal.legal_process_review(
        reviewer=reviewer, legal_id=order.pk, outcome=LegalState.APPROVED, reason="Valid warrant."
    )
    assert list(Grant.objects.values_list("clip", flat=True)) == [inside.pk]
    assert Notice.objects.filter(recipient=owner, kind=RequestEvent.LEGAL_OWNER_NOTIFIED).exists()


def test_a_nondisclosure_order_delays_the_owner_notice_until_it_ends() -> None:
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    until = timezone.now() + timedelta(days=20)
    order = order_submit(people, [camera.pk], has_nondisclosure=True, nondisclosure_until=until)
    reviewer = person_create(Role.LEGAL_REVIEWER)
    legal.legal_process_review(
        reviewer=reviewer, legal_id=order.pk, outcome=LegalState.APPROVED, reason="ok"
    )
    order.refresh_from_db()
    assert order.owner_notice_due == until
    assert not Notice.objects.filter(recipient=owner).exists()
    assert legal.legal_notices_send(now=until + timedelta(minutes=1)) == 1
    assert Notice.objects.filter(recipient=owner, kind=RequestEvent.LEGAL_OWNER_NOTIFIED).exists()


def test_a_non_pdf_or_oversized_order_is_refused_and_nothing_is_stored() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    with pytest.raises(ApplicationError, match="not a complete PDF"):
        order_submit(people, [camera.pk], document=b"<html>not a pdf</html>")
    with pytest.raises(ApplicationError, match="at most 10 MiB"):
        order_submit(people, [camera.pk], document=b"%PDF-" + b"0" * (10 * 1024 * 1024) + b"%%EOF")
    assert not LegalProcess.objects.exists()


def test_a_reviewer_narrows_an_order_to_fewer_cameras() -> None:
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    keep, drop = camera_at(owner, INSIDE, "Front"), camera_at(owner, INSIDE, "Back")
    start = window_yesterday()[0] + timedelta(minutes=1)
    kept = clip_at(keep, start)
    clip_at(drop, start)
    order = order_submit(people, [keep.pk, drop.pk])
    legal.legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=order.pk,
        outcome=LegalState.NARROWED,
        reason="Only the front camera faces the street.",
        camera_ids=[keep.pk],
    )
    assert list(Grant.objects.values_list("clip", flat=True)) == [kept.pk]


def _emergency_approved(
    people: AgencyPeople, camera_id: int, minutes: int = 120
) -> EmergencyRequest:
    start, end = window_yesterday(minutes)
    request = emergency.emergency_submit(
        member=people.member,
        case_number="2025-0100",
        offense_category="kidnapping",
        danger="A child was taken; the car was seen on this street.",
        attestations=ATTESTATIONS,
        camera_ids=[camera_id],
        window_start=start,
        window_end=end,
    )
    emergency.emergency_attest(supervisor=people.supervisor, emergency_id=request.pk)
    return emergency.emergency_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        emergency_id=request.pk,
        approve=True,
        reason="Imminent danger to life.",
    )


def test_an_emergency_over_two_hours_is_refused() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    with pytest.raises(PolicyDenied) as caught:
        _emergency_approved(people, camera.pk, minutes=121)
    assert caught.value.rule == "emergency.window.max"


def test_an_emergency_needs_the_supervisor_before_the_reviewer() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    start, end = window_yesterday()
    request = emergency.emergency_submit(
        member=people.member,
        case_number="1",
        offense_category="kidnapping",
        danger="danger",
        attestations=ATTESTATIONS,
        camera_ids=[camera.pk],
        window_start=start,
        window_end=end,
    )
    with pytest.raises(ApplicationError):
        emergency.emergency_review(
            reviewer=person_create(Role.LEGAL_REVIEWER),
            emergency_id=request.pk,
            approve=True,
            reason="x",
        )


def test_an_emergency_without_follow_up_after_48_hours_is_flagged_told_and_public() -> None:
    """GIVEN an approved emergency WHEN 48 h pass with no legal process THEN it is flagged,
    the oversight auditors are told, the owner was told, and the public report shows it."""
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clip = clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    auditor = person_create(Role.OVERSIGHT_AUDITOR)
    approved = _emergency_approved(people, camera.pk)
    assert approved.state == EmergencyState.APPROVED
    assert list(Grant.objects.values_list("clip", flat=True)) == [clip.pk]
    notice = Notice.objects.get(recipient=owner)
    assert notice.due_by is not None and notice.created_at <= notice.due_by
    assert approved.approved_at is not None and approved.followup_due is not None
    assert approved.owner_notice_due == approved.approved_at + timedelta(hours=72)
    due = approved.followup_due
    assert due == approved.approved_at + timedelta(hours=48)

    assert emergency.emergency_followups_check(now=due - timedelta(seconds=1)) == 0
    assert emergency.emergency_followups_check(now=due) == 1
    assert Notice.objects.filter(recipient=auditor, kind=RequestEvent.EMERGENCY_VIOLATION).exists()
    page = Client().get("/transparency/").content.decode()
    assert "Emergency violations" in page and people.agency.name in page
    rows = Client().get("/transparency/report.json").json()["rows"]
    assert [(r["agency"], r["key"], r["count"]) for r in rows if r["measure"] == "emergencies"] == [
        (people.agency.name, "violation", 1)
    ]
    reviews = [(r["key"], r["count"]) for r in rows if r["measure"] == "reviews"]
    assert reviews == [("emergency:approved", 1)]


def test_legal_process_within_48_hours_settles_the_emergency() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    approved = _emergency_approved(people, camera.pk)
    order = order_submit(people, [camera.pk], emergency=approved)
    legal.legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=order.pk,
        outcome=LegalState.APPROVED,
        reason="Warrant follows the emergency.",
    )
    approved.refresh_from_db()
    assert approved.followed_up_at is not None and approved.followup_due is not None
    assert emergency.emergency_followups_check(now=approved.followup_due + timedelta(days=1)) == 0
