"""Owners' answers to community requests: share chosen clips, or decline.

Only an owner the request was put to may answer, once, while it is open. Every
shared clip passes the policy's clip check (open period, overlap with the
window, camera inside the area) and becomes a Grant for the asking agency.
Neighbour numbers count answers in the order they came, so they reveal nothing
about how many owners were asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError, Conflict, NotFound, PolicyDenied
from fairwitness.footage.models import Clip, ClipState
from fairwitness.policy import clip_share_evaluate, grant_expiry_compute
from fairwitness.policy.facts import ClipShareFacts, Window
from fairwitness.requests.areas import area_of
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import (
    Channel,
    CommunityMatch,
    CommunityRequest,
    CommunityState,
    Grant,
    Response,
    ResponseKind,
)
from fairwitness.requests.policy_in_force import policy_current
from fairwitness.requests.recording import event_record

# A clip still being measured has no length yet; give it an instant so it is a window.
_TICK = timedelta(microseconds=1)


def _answerable(*, owner: User, request_id: int) -> CommunityRequest:
    """The request, locked, if it was put to ``owner``; else NotFound (no hint why)."""
    if not CommunityMatch.objects.filter(request_id=request_id, owner=owner).exists():
        raise NotFound("Nothing is here, or you may not see it.")
    request = (
        CommunityRequest.objects.select_for_update().select_related("agency").get(pk=request_id)
    )
    if Response.objects.filter(request=request, owner=owner).exists():
        raise Conflict("You have already answered this request.")
    if request.state != CommunityState.OPEN:
        raise Conflict("This request is no longer open; it cannot be answered.")
    return request


def _next_number(request: CommunityRequest) -> int:
    top = Response.objects.filter(request=request).aggregate(top=Max("neighbor_number"))["top"]
    return (top or 0) + 1


def response_share(
    *,
    owner: User,
    request_id: int,
    clip_ids: list[int],
    contact: str = "",
    now: datetime | None = None,
) -> Response:
    now = now or timezone.now()
    if not clip_ids:
        raise ApplicationError("Choose at least one clip to share, or decline the request.")
    with transaction.atomic():
        request = _answerable(owner=owner, request_id=request_id)
        clips = list(
            Clip.objects.filter(
                pk__in=set(clip_ids), camera__owner=owner, state=ClipState.READY
            ).select_related("camera")
        )
        if len(clips) != len(set(clip_ids)):
            raise ApplicationError("Some of the chosen clips are not yours or not ready.")
        policy = policy_current()
        area = area_of(request)
        assert request.filed_at is not None
        window = Window(start=request.window_start, end=request.window_end)
        for clip in clips:
            decision = clip_share_evaluate(
                policy=policy,
                facts=ClipShareFacts(
                    request_window=window,
                    request_area=area,
                    request_filed_at=request.filed_at,
                    clip=Window(
                        start=clip.started_at, end=max(clip.ended_at, clip.started_at + _TICK)
                    ),
                    camera_location=(clip.camera.longitude, clip.camera.latitude),
                    shared_at=now,
                ),
            )
            if not decision.allowed:
                raise PolicyDenied(
                    rule=decision.rule, reason=decision.reason, policy_hash=decision.policy_hash
                )
        response = Response.objects.create(
            request=request,
            owner=owner,
            neighbor_number=_next_number(request),
            kind=ResponseKind.SHARED,
            contact=contact.strip(),
        )
        expires = grant_expiry_compute(policy=policy, granted_at=now)
        grants = [
            Grant.objects.create(
                agency=request.agency,
                clip=clip,
                channel=Channel.COMMUNITY,
                case_number=request.case_number,
                response=response,
                granted_at=now,
                expires_at=expires,
            )
            for clip in clips
        ]
        # One public entry per share: it stands for the grants it made, so no
        # per-grant entries sit beside it to be linked. The grants are named only
        # in the private subject index, where the owner's log page finds them.
        event_record(
            event=RequestEvent.RESPONSE_SHARED,
            actor=owner,
            subject=[
                Subject("community_request", request.pk),
                *(Subject("grant", g.pk) for g in grants),
            ],
            public={"agency": request.agency_id, "clips": len(clips), "channel": Channel.COMMUNITY},
            private={"owner": owner.pk, "clips": sorted(c.pk for c in clips)},
        )
    return response


def response_decline(*, owner: User, request_id: int) -> Response:
    with transaction.atomic():
        request = _answerable(owner=owner, request_id=request_id)
        response = Response.objects.create(
            request=request,
            owner=owner,
            neighbor_number=_next_number(request),
            kind=ResponseKind.DECLINED,
        )
        # No log entry: a decline enters the public log only as part of the count
        # written when the request closes or expires (community.declines_counted).
    return response
