"""Community requests: a member drafts and submits, a supervisor approves, the policy decides.

On an allowed decision the request opens and the owners of matching cameras are
told; on a denial the request ends as denied, the denial is stored and audited,
and PolicyDenied is raised after the transaction commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import AGENCY_ROLES, Role
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError, Conflict, PermissionDenied
from fairwitness.notifications.services import notice_send
from fairwitness.policy import community_request_closes_at, policy_check_json
from fairwitness.policy.json_input import json_area
from fairwitness.requests.areas import area_of
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.matching import cameras_to_ask
from fairwitness.requests.models import (
    Channel,
    CommunityMatch,
    CommunityRequest,
    CommunityState,
    Response,
    ResponseKind,
)
from fairwitness.requests.policy_in_force import agency_describe, policy_current
from fairwitness.requests.recording import event_record
from fairwitness.requests.services.decisions import (
    agency_person_check,
    decision_public,
    decision_store,
    denial_raise,
)

FILED_STATES = (CommunityState.OPEN, CommunityState.CLOSED, CommunityState.EXPIRED)


def _subject(request: CommunityRequest) -> list[Subject]:
    return [Subject("community_request", request.pk)]


def declines_counted(*, request: CommunityRequest) -> int:
    """How many owners declined ``request``: the one figure of declines the public log holds.

    Declines are not logged one by one (an entry per decline would tell an agency
    that a neighbor said no, and when); the entry that closes or expires the
    request carries this count instead.
    """
    return Response.objects.filter(request=request, kind=ResponseKind.DECLINED).count()


def community_request_draft(
    *,
    member: User,
    case_number: str,
    offense_category: str,
    description: str,
    area: dict[str, Any],
    window_start: datetime,
    window_end: datetime,
    attestations: list[str],
) -> CommunityRequest:
    agency_person_check(person=member, role=Role.AGENCY_MEMBER)
    case_number, description = case_number.strip(), description.strip()
    if not case_number or not description:
        raise ApplicationError("Give the case number and describe the incident.")
    json_area(area, "area")  # raises a PolicyInputError naming what is wrong
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ApplicationError("Give the window's times with a time zone.")
    if window_end <= window_start:
        raise ApplicationError("The window must end after it starts. Correct the times.")
    with transaction.atomic():
        assert member.agency is not None
        request = CommunityRequest.objects.create(
            agency=member.agency,
            member=member,
            case_number=case_number,
            offense_category=offense_category,
            description=description,
            area=area,
            window_start=window_start,
            window_end=window_end,
            attestations=sorted(set(attestations)),
        )
        event_record(
            event=RequestEvent.COMMUNITY_DRAFTED,
            actor=member,
            subject=_subject(request),
            public={"agency": request.agency_id},
            private={"case_number": case_number, "description": description},
        )
    return request


def community_request_submit(*, member: User, request: CommunityRequest) -> CommunityRequest:
    agency_person_check(person=member, role=Role.AGENCY_MEMBER, agency=request.agency)
    with transaction.atomic():
        request = CommunityRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != CommunityState.DRAFT:
            raise Conflict("Only a draft can be submitted.")
        request.state = CommunityState.SUBMITTED
        request.submitted_at = timezone.now()
        request.save(update_fields=["state", "submitted_at", "updated_at"])
        event_record(
            event=RequestEvent.COMMUNITY_SUBMITTED,
            actor=member,
            subject=_subject(request),
            public={"agency": request.agency_id},
        )
    return request


def community_request_describe(*, request: CommunityRequest, filed_at: datetime) -> dict[str, Any]:
    """The request as ``policy_check`` input: the web flow decides on exactly this."""
    earlier = (
        CommunityRequest.objects.filter(
            agency=request.agency, case_number=request.case_number, state__in=FILED_STATES
        )
        .exclude(pk=request.pk)
        .count()
    )
    return {
        "channel": "community",
        "agency": agency_describe(request.agency),
        "offense_category": request.offense_category,
        "attestations": list(request.attestations),
        "area": request.area,
        "window": {
            "start": request.window_start.isoformat(),
            "end": request.window_end.isoformat(),
        },
        "filed_at": filed_at.isoformat(),
        "earlier_requests": earlier,
    }


def community_request_approve(
    *, supervisor: User, request: CommunityRequest, now: datetime | None = None
) -> CommunityRequest:
    """The supervisor's approval; then the policy opens or denies the request."""
    agency_person_check(person=supervisor, role=Role.AGENCY_SUPERVISOR, agency=request.agency)
    now = now or timezone.now()
    with transaction.atomic():
        request = CommunityRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != CommunityState.SUBMITTED:
            raise Conflict("Only a submitted request can be approved.")
        event_record(
            event=RequestEvent.COMMUNITY_APPROVED,
            actor=supervisor,
            subject=_subject(request),
            public={"agency": request.agency_id},
        )
        policy = policy_current()
        result = policy_check_json(
            community_request_describe(request=request, filed_at=now), policy=policy
        )
        decision = decision_store(agency=request.agency, channel=Channel.COMMUNITY, result=result)
        request.supervisor, request.decision, request.filed_at = supervisor, decision, now
        if decision.allowed:
            request.state = CommunityState.OPEN
            request.closes_at = community_request_closes_at(policy=policy, filed_at=now)
        else:
            request.state = CommunityState.DENIED
        request.save()
        event_record(
            event=RequestEvent.COMMUNITY_OPENED
            if decision.allowed
            else RequestEvent.COMMUNITY_DENIED,
            actor=supervisor,
            subject=_subject(request),
            public={"agency": request.agency_id, **decision_public(decision)},
            private={"reason": decision.reason},
        )
        if decision.allowed:
            _owners_notify(request=request)
    denial_raise(decision)
    return request


def _owners_notify(*, request: CommunityRequest) -> None:
    cameras = cameras_to_ask(
        area=area_of(request), window_start=request.window_start, window_end=request.window_end
    )
    owners = {camera.owner_id: camera.owner for camera in cameras}
    for owner in owners.values():
        notice = notice_send(
            recipient=owner,
            kind=str(RequestEvent.COMMUNITY_OWNER_NOTIFIED),
            title=f"{request.agency.name} asks for footage (case {request.case_number})",
            body=(
                f"{request.agency.name} asks neighbours near an incident for footage recorded "
                f"between {request.window_start:%Y-%m-%d %H:%M} and {request.window_end:%H:%M} "
                f"UTC. You may share clips, decline, or ignore the request. Open "
                f"{settings.SITE_URL}/requests/asked/{request.pk}/ to answer."
            ),
        )
        CommunityMatch.objects.create(request=request, owner=owner, notice=notice)
    # One entry whatever the number of owners, with the owners only in the private
    # details: the public log must not tell an agency how many were asked.
    event_record(
        event=RequestEvent.COMMUNITY_OWNER_NOTIFIED,
        actor=None,
        subject=_subject(request),
        public={"agency": request.agency_id},
        private={"owners": sorted(owners)},
    )


def community_request_close(*, member: User, request: CommunityRequest) -> CommunityRequest:
    if member.role_enum not in AGENCY_ROLES or member.agency_id != request.agency_id:
        raise PermissionDenied("Only the agency's own people may close its request.")
    with transaction.atomic():
        request = CommunityRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != CommunityState.OPEN:
            raise Conflict("Only an open request can be closed.")
        request.state = CommunityState.CLOSED
        request.save(update_fields=["state", "updated_at"])
        event_record(
            event=RequestEvent.COMMUNITY_CLOSED,
            actor=member,
            subject=_subject(request),
            public={"agency": request.agency_id, "declined": declines_counted(request=request)},
        )
    return request


def community_requests_expire(*, now: datetime | None = None) -> int:
    """Expire open requests past their closing time; returns how many."""
    now = now or timezone.now()
    count = 0
    for pk in CommunityRequest.objects.filter(
        state=CommunityState.OPEN, closes_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            request = CommunityRequest.objects.select_for_update().get(pk=pk)
            if request.state != CommunityState.OPEN:
                continue
            request.state = CommunityState.EXPIRED
            request.save(update_fields=["state", "updated_at"])
            event_record(
                event=RequestEvent.COMMUNITY_EXPIRED,
                actor=None,
                subject=_subject(request),
                public={
                    "agency": request.agency_id,
                    "declined": declines_counted(request=request),
                },
            )
            count += 1
    return count
