"""Emergencies: a member files and attests, the supervisor co-signs, a legal reviewer approves.

submitted -> attested -> approved | rejected; a policy denial ends it as denied.
Approval grants the clips of the named cameras in the window (at most the
policy's emergency window), sets the 48 h follow-up and 72 h owner-notice
deadlines, and tells the owners at once. ``emergency_followups_check`` flags a
missed follow-up as a violation and tells every oversight auditor.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.subjects import Subject
from fairwitness.cameras.models import Camera
from fairwitness.core.errors import ApplicationError, Conflict
from fairwitness.footage.models import Clip, ClipState
from fairwitness.notifications.services import notice_send
from fairwitness.policy import (
    emergency_followup_due,
    emergency_owner_notice_due,
    grant_expiry_compute,
    policy_check_json,
)
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import Channel, EmergencyRequest, EmergencyState
from fairwitness.requests.policy_in_force import agency_describe, policy_current
from fairwitness.requests.recording import event_record
from fairwitness.requests.services.decisions import (
    agency_person_check,
    decision_public,
    decision_store,
    denial_raise,
)
from fairwitness.requests.services.grants import grant_create


def emergency_submit(
    *,
    member: User,
    case_number: str,
    offense_category: str,
    danger: str,
    attestations: list[str],
    camera_ids: list[int],
    window_start: datetime,
    window_end: datetime,
) -> EmergencyRequest:
    agency_person_check(person=member, role=Role.AGENCY_MEMBER)
    if not danger.strip() or not case_number.strip():
        raise ApplicationError("Give the case number and describe the imminent danger.")
    if window_end <= window_start:
        raise ApplicationError("The window must end after it starts.")
    cameras = list(Camera.objects.filter(pk__in=set(camera_ids)))
    if len(cameras) != len(set(camera_ids)):
        raise ApplicationError("Every named camera must exist.")
    assert member.agency is not None
    description = {
        "channel": "emergency",
        "agency": agency_describe(member.agency),
        "offense_category": offense_category,
        "attestations": sorted(set(attestations)),
        "window": {"start": window_start.isoformat(), "end": window_end.isoformat()},
        "cameras": [str(c.pk) for c in cameras],
    }
    with transaction.atomic():
        result = policy_check_json(description, policy=policy_current())
        decision = decision_store(agency=member.agency, channel=Channel.EMERGENCY, result=result)
        emergency = EmergencyRequest.objects.create(
            agency=member.agency,
            member=member,
            case_number=case_number.strip(),
            offense_category=offense_category,
            danger=danger.strip(),
            attestations=sorted(set(attestations)),
            window_start=window_start,
            window_end=window_end,
            decision=decision,
            state=EmergencyState.SUBMITTED if decision.allowed else EmergencyState.DENIED,
        )
        emergency.cameras.set(cameras)
        event_record(
            event=RequestEvent.EMERGENCY_SUBMITTED
            if decision.allowed
            else RequestEvent.EMERGENCY_DENIED,
            actor=member,
            subject=[Subject("emergency", emergency.pk)],
            public={"agency": member.agency_id, **decision_public(decision)},
            private={"danger": danger, "reason": decision.reason},
        )
    denial_raise(decision)
    return emergency


def emergency_attest(*, supervisor: User, emergency_id: int) -> EmergencyRequest:
    with transaction.atomic():
        emergency = EmergencyRequest.objects.select_for_update().get(pk=emergency_id)
        agency_person_check(person=supervisor, role=Role.AGENCY_SUPERVISOR, agency=emergency.agency)
        if emergency.state != EmergencyState.SUBMITTED:
            raise Conflict("Only a submitted emergency request can be attested.")
        emergency.state, emergency.supervisor = EmergencyState.ATTESTED, supervisor
        emergency.save(update_fields=["state", "supervisor", "updated_at"])
        event_record(
            event=RequestEvent.EMERGENCY_ATTESTED,
            actor=supervisor,
            subject=[Subject("emergency", emergency.pk)],
            public={"agency": emergency.agency_id},
        )
    return emergency


def emergency_review(
    *, reviewer: User, emergency_id: int, approve: bool, reason: str, now: datetime | None = None
) -> EmergencyRequest:
    agency_person_check(person=reviewer, role=Role.LEGAL_REVIEWER)
    if not reason.strip():
        raise ApplicationError("Give the reason for the decision; it is recorded.")
    now = now or timezone.now()
    with transaction.atomic():
        emergency = EmergencyRequest.objects.select_for_update().get(pk=emergency_id)
        if emergency.state != EmergencyState.ATTESTED:
            raise Conflict("Only an emergency request the supervisor attested can be reviewed.")
        emergency.reviewer, emergency.review_reason = reviewer, reason.strip()
        if not approve:
            emergency.state = EmergencyState.REJECTED
            emergency.save()
            event_record(
                event=RequestEvent.EMERGENCY_REJECTED,
                actor=reviewer,
                subject=[Subject("emergency", emergency.pk)],
                public={"agency": emergency.agency_id},
                private={"reason": reason},
            )
            return emergency
        policy = policy_current()
        emergency.state, emergency.approved_at = EmergencyState.APPROVED, now
        emergency.followup_due = emergency_followup_due(policy=policy, approved_at=now)
        emergency.owner_notice_due = emergency_owner_notice_due(policy=policy, approved_at=now)
        emergency.owners_notified_at = now
        emergency.save()
        event_record(
            event=RequestEvent.EMERGENCY_APPROVED,
            actor=reviewer,
            subject=[Subject("emergency", emergency.pk)],
            public={"agency": emergency.agency_id},
            private={"reason": reason},
        )
        cameras = list(emergency.cameras.select_related("owner"))
        clips = Clip.objects.filter(
            camera__in=cameras,
            state=ClipState.READY,
            started_at__lt=emergency.window_end,
            ended_at__gt=emergency.window_start,
        )
        expires = grant_expiry_compute(policy=policy, granted_at=now)
        for clip in clips:
            grant_create(
                agency=emergency.agency,
                clip=clip,
                channel=Channel.EMERGENCY,
                case_number=emergency.case_number,
                actor=reviewer,
                granted_at=now,
                expires_at=expires,
                emergency=emergency,
            )
        for owner in {camera.owner for camera in cameras}:
            notice_send(
                recipient=owner,
                kind=str(RequestEvent.EMERGENCY_OWNER_NOTIFIED),
                title=f"{emergency.agency.name} received your footage in an emergency",
                body=(
                    "An emergency request (imminent danger of death or serious injury) reached "
                    "clips of your cameras recorded between "
                    f"{emergency.window_start:%Y-%m-%d %H:%M} and "
                    f"{emergency.window_end:%H:%M} UTC. Legal process must follow "
                    f"within 48 hours. See {settings.SITE_URL}/requests/mine/."
                ),
                due_by=emergency.owner_notice_due,
            )
        event_record(
            event=RequestEvent.EMERGENCY_OWNER_NOTIFIED,
            actor=None,
            subject=[Subject("emergency", emergency.pk)],
            public={"agency": emergency.agency_id},
        )
    return emergency


def emergency_followups_check(*, now: datetime | None = None) -> int:
    """Flag approved emergencies with no legal process by their deadline; returns how many."""
    now = now or timezone.now()
    flagged = 0
    overdue = EmergencyRequest.objects.filter(
        state=EmergencyState.APPROVED,
        followed_up_at__isnull=True,
        violation_at__isnull=True,
        followup_due__lte=now,
    ).values_list("pk", flat=True)
    auditors = list(User.objects.filter(role=Role.OVERSIGHT_AUDITOR, is_active=True))
    for pk in overdue:
        with transaction.atomic():
            if not EmergencyRequest.objects.filter(pk=pk, violation_at__isnull=True).update(
                violation_at=now
            ):
                continue
            emergency = EmergencyRequest.objects.select_related("agency").get(pk=pk)
            event_record(
                event=RequestEvent.EMERGENCY_VIOLATION,
                actor=None,
                subject=[Subject("emergency", pk)],
                public={"agency": emergency.agency_id, "rule": "emergency.followup.deadline"},
            )
            for auditor in auditors:
                notice_send(
                    recipient=auditor,
                    kind=str(RequestEvent.EMERGENCY_VIOLATION),
                    title=f"Violation: emergency of {emergency.agency} without legal process",
                    body=(
                        f"Emergency request {pk} of {emergency.agency.name} was approved at "
                        f"{emergency.approved_at:%Y-%m-%d %H:%M} UTC; legal process was due by "
                        f"{emergency.followup_due:%Y-%m-%d %H:%M} UTC and none followed."
                    ),
                )
            flagged += 1
    return flagged
