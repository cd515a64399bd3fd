"""Legal process: the agency uploads the order, the policy checks it, a legal reviewer decides.

submitted -> denied (policy) | approved | narrowed | rejected. Approval grants the
agency the ready clips of the cameras in scope within the time range; narrowing
approves a subset of cameras or a shorter range. Owners are told at approval, or
when a non-disclosure order ends (``legal_notices_send`` runs periodically).
The order's PDF is checked and sealed by ``documents.py``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.subjects import Subject
from fairwitness.cameras.models import Camera
from fairwitness.core.errors import ApplicationError, Conflict
from fairwitness.core.input_bounds import day_recorded_problem, moment_recorded_problem
from fairwitness.footage.models import Clip, ClipState
from fairwitness.notifications.services import notice_send
from fairwitness.policy import grant_expiry_compute, legal_owner_notice_due, policy_check_json
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import (
    Channel,
    EmergencyRequest,
    LegalProcess,
    LegalState,
)
from fairwitness.requests.policy_in_force import agency_describe, policy_current
from fairwitness.requests.recording import event_record
from fairwitness.requests.services.decisions import (
    agency_person_check,
    decision_public,
    decision_store,
    denial_raise,
)
from fairwitness.requests.services.documents import document_check, document_encrypt
from fairwitness.requests.services.grants import grant_create


def legal_process_submit(
    *,
    member: User,
    case_number: str,
    offense_category: str,
    attestations: list[str],
    kind: str,
    court: str,
    judge: str,
    signed_on: date,
    camera_ids: list[int],
    scope_start: datetime,
    scope_end: datetime,
    document: bytes,
    has_nondisclosure: bool = False,
    nondisclosure_until: datetime | None = None,
    emergency: EmergencyRequest | None = None,
) -> LegalProcess:
    """Store the order encrypted and let the policy decide; a denial raises PolicyDenied."""
    agency_person_check(person=member, role=Role.AGENCY_MEMBER)
    document_check(document)
    if not court.strip() or not judge.strip() or not case_number.strip():
        raise ApplicationError("Give the case number, the court and the judge.")
    if scope_end <= scope_start:
        raise ApplicationError("The scope's time range must end after it starts.")
    problem = day_recorded_problem(signed_on) or moment_recorded_problem(scope_start)
    if problem:
        raise ApplicationError(problem, code="date_out_of_range")
    document_sha256 = hashlib.sha256(document).hexdigest()
    cameras = list(Camera.objects.filter(pk__in=set(camera_ids)))
    if not cameras or len(cameras) != len(set(camera_ids)):
        raise ApplicationError("Name at least one camera, each by an id that exists.")
    assert member.agency is not None
    description: dict[str, Any] = {
        "channel": "legal",
        "agency": agency_describe(member.agency),
        "offense_category": offense_category,
        "attestations": sorted(set(attestations)),
        "legal_kind": kind,
    }
    if has_nondisclosure:
        until = None if nondisclosure_until is None else nondisclosure_until.isoformat()
        description["nondisclosure"] = {"until": until}
    stored, wrapped = document_encrypt(document, sha256=document_sha256)
    with transaction.atomic():
        result = policy_check_json(description, policy=policy_current())
        decision = decision_store(agency=member.agency, channel=Channel.LEGAL, result=result)
        legal = LegalProcess.objects.create(
            agency=member.agency,
            member=member,
            case_number=case_number.strip(),
            offense_category=offense_category,
            attestations=sorted(set(attestations)),
            kind=kind,
            court=court.strip(),
            judge=judge.strip(),
            signed_on=signed_on,
            scope_start=scope_start,
            scope_end=scope_end,
            document=stored,
            document_key=wrapped,
            document_sha256=document_sha256,
            has_nondisclosure=has_nondisclosure,
            nondisclosure_until=nondisclosure_until,
            emergency=emergency,
            decision=decision,
            state=LegalState.SUBMITTED if decision.allowed else LegalState.DENIED,
        )
        legal.scope_cameras.set(cameras)
        event_record(
            event=RequestEvent.LEGAL_SUBMITTED if decision.allowed else RequestEvent.LEGAL_DENIED,
            actor=member,
            subject=[Subject("legal_process", legal.pk)],
            public={"agency": member.agency_id, "kind": kind, **decision_public(decision)},
            private={"court": court, "judge": judge, "reason": decision.reason},
        )
    denial_raise(decision)
    return legal


def legal_process_review(
    *,
    reviewer: User,
    legal_id: int,
    outcome: LegalState,
    reason: str,
    camera_ids: list[int] | None = None,
    scope_start: datetime | None = None,
    scope_end: datetime | None = None,
) -> LegalProcess:
    """approve, narrow (fewer cameras or a shorter range) or reject, each with a reason."""
    if reviewer.role_enum is not Role.LEGAL_REVIEWER:
        agency_person_check(person=reviewer, role=Role.LEGAL_REVIEWER)
    if outcome not in (LegalState.APPROVED, LegalState.NARROWED, LegalState.REJECTED):
        raise ApplicationError("Choose approve, narrow or reject.")
    if not reason.strip():
        raise ApplicationError("Give the reason for the decision; it is recorded.")
    now = timezone.now()
    with transaction.atomic():
        legal = LegalProcess.objects.select_for_update().get(pk=legal_id)
        if legal.state != LegalState.SUBMITTED:
            raise Conflict("This legal process has already been decided.")
        if outcome == LegalState.NARROWED:
            _narrow(legal, camera_ids, scope_start, scope_end)
        legal.state, legal.reviewer, legal.reviewed_at = outcome, reviewer, now
        legal.review_reason = reason.strip()
        policy = policy_current()
        if outcome != LegalState.REJECTED:
            legal.owner_notice_due = legal_owner_notice_due(
                policy=policy, approved_at=now, nondisclosure_until=legal.nondisclosure_until
            )
        legal.save()
        event = {
            LegalState.APPROVED: RequestEvent.LEGAL_APPROVED,
            LegalState.NARROWED: RequestEvent.LEGAL_NARROWED,
            LegalState.REJECTED: RequestEvent.LEGAL_REJECTED,
        }[outcome]
        event_record(
            event=event,
            actor=reviewer,
            subject=[Subject("legal_process", legal.pk)],
            public={"agency": legal.agency_id},
            private={"reason": reason},
        )
        if outcome == LegalState.REJECTED:
            return legal
        clips = Clip.objects.filter(
            camera__in=legal.scope_cameras.all(),
            state=ClipState.READY,
            started_at__lt=legal.scope_end,
            ended_at__gt=legal.scope_start,
        )
        expires = grant_expiry_compute(policy=policy, granted_at=now)
        for clip in clips:
            grant_create(
                agency=legal.agency,
                clip=clip,
                channel=Channel.LEGAL,
                case_number=legal.case_number,
                actor=reviewer,
                granted_at=now,
                expires_at=expires,
                legal_process=legal,
            )
        if legal.emergency_id is not None:
            EmergencyRequest.objects.filter(
                pk=legal.emergency_id, followed_up_at__isnull=True
            ).update(followed_up_at=now)
            event_record(
                event=RequestEvent.EMERGENCY_FOLLOWED_UP,
                actor=reviewer,
                subject=[Subject("emergency", legal.emergency_id)],
                public={"agency": legal.agency_id},
            )
    legal_notices_send(now=now)
    return legal


def _narrow(
    legal: LegalProcess,
    camera_ids: list[int] | None,
    start: datetime | None,
    end: datetime | None,
) -> None:
    current = set(legal.scope_cameras.values_list("pk", flat=True))
    if camera_ids is not None:
        if not camera_ids or not set(camera_ids) <= current:
            raise ApplicationError("Narrowing keeps some of the order's cameras and adds none.")
        legal.scope_cameras.set(camera_ids)
    new_start, new_end = start or legal.scope_start, end or legal.scope_end
    if new_start < legal.scope_start or new_end > legal.scope_end or new_end <= new_start:
        raise ApplicationError("Narrowing keeps the time range inside the order's range.")
    legal.scope_start, legal.scope_end = new_start, new_end


def legal_notices_send(*, now: datetime | None = None) -> int:
    """Tell owners about approved legal process whose non-disclosure period (if any) is over."""
    now = now or timezone.now()
    sent = 0
    pending = LegalProcess.objects.filter(
        state__in=(LegalState.APPROVED, LegalState.NARROWED), owners_notified_at__isnull=True
    ).select_related("agency")
    for legal in pending:
        if legal.has_nondisclosure and (
            legal.nondisclosure_until is None or legal.nondisclosure_until > now
        ):
            continue
        with transaction.atomic():
            owners = {c.owner for c in legal.scope_cameras.select_related("owner")}
            for owner in owners:
                notice_send(
                    recipient=owner,
                    kind=str(RequestEvent.LEGAL_OWNER_NOTIFIED),
                    title=f"{legal.agency.name} obtained your footage by legal process",
                    body=(
                        f"A {legal.get_kind_display().lower()} from {legal.court} (case "
                        f"{legal.case_number}) reached clips of your cameras recorded between "
                        f"{legal.scope_start:%Y-%m-%d %H:%M} and {legal.scope_end:%Y-%m-%d %H:%M}"
                        f" UTC. See {settings.SITE_URL}/requests/mine/ for every access."
                    ),
                    due_by=legal.owner_notice_due,
                )
            LegalProcess.objects.filter(pk=legal.pk).update(owners_notified_at=now)
            event_record(
                event=RequestEvent.LEGAL_OWNER_NOTIFIED,
                actor=None,
                subject=[Subject("legal_process", legal.pk)],
                public={"agency": legal.agency_id, "owners_notified": len(owners)},
            )
            sent += 1
    return sent
