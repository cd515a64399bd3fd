"""Reads for requests and grants. Every one takes the viewer and shows only what it may see.

Agency-facing reads never touch CommunityMatch: nothing an agency sees depends
on how many owners were asked or who did not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import AGENCY_ROLES, Role
from fairwitness.core.errors import NotFound
from fairwitness.footage.models import Clip, ClipState
from fairwitness.requests.areas import area_of
from fairwitness.requests.matching import cameras_in_area
from fairwitness.requests.models import (
    Access,
    Channel,
    CommunityMatch,
    CommunityRequest,
    EmergencyRequest,
    Grant,
    LegalProcess,
    OwnerPreference,
    Response,
)


def _agency_of(viewer: User) -> int:
    if viewer.role_enum not in AGENCY_ROLES or viewer.agency_id is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return viewer.agency_id


def community_request_list_visible_to(*, viewer: User) -> QuerySet[CommunityRequest]:
    return CommunityRequest.objects.filter(agency_id=_agency_of(viewer)).order_by("-created_at")


def community_request_get_visible_to(*, viewer: User, request_id: int) -> CommunityRequest:
    found = community_request_list_visible_to(viewer=viewer).filter(pk=request_id).first()
    if found is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return found


@dataclass(frozen=True)
class Answer:
    """An owner's answer as the agency sees it: a number, never a person."""

    neighbor_number: int
    kind: str
    contact: str
    grants: list[Grant]


def answer_list_visible_to(*, viewer: User, request: CommunityRequest) -> list[Answer]:
    if request.agency_id != _agency_of(viewer):
        raise NotFound("Nothing is here, or you may not see it.")
    responses = (
        Response.objects.filter(request=request)
        .prefetch_related("grants__clip")
        .order_by("neighbor_number")
    )
    return [
        Answer(
            neighbor_number=r.neighbor_number,
            kind=r.kind,
            contact=r.contact,
            grants=list(r.grants.all()),
        )
        for r in responses
    ]


def grant_list_visible_to(*, viewer: User) -> QuerySet[Grant]:
    return (
        Grant.objects.filter(agency_id=_agency_of(viewer))
        .select_related("clip")
        .order_by("-granted_at")
    )


def grant_get_visible_to(*, viewer: User, grant_id: int) -> Grant:
    grant = grant_list_visible_to(viewer=viewer).filter(pk=grant_id).first()
    if grant is None:
        raise NotFound("Nothing is here, or you may not see it.")
    return grant


def request_asked_get(*, viewer: User, request_id: int) -> CommunityRequest:
    """A community request put to this owner; NotFound for anyone else."""
    if not CommunityMatch.objects.filter(request_id=request_id, owner=viewer).exists():
        raise NotFound("Nothing is here, or you may not see it.")
    return CommunityRequest.objects.select_related("agency").get(pk=request_id)


def response_of(*, viewer: User, request: CommunityRequest) -> Response | None:
    return Response.objects.filter(request=request, owner=viewer).first()


def clips_matching_for_owner(*, viewer: User, request: CommunityRequest) -> list[Clip]:
    """The owner's ready clips that overlap the window, from their cameras inside the area."""
    inside = cameras_in_area(area=area_of(request), candidates=viewer.cameras.all())
    return list(
        Clip.objects.filter(
            camera__in=inside,
            state=ClipState.READY,
            started_at__lt=request.window_end,
            ended_at__gt=request.window_start,
        )
        .select_related("camera")
        .order_by("started_at")
    )


def owner_opted_out(*, viewer: User) -> bool:
    return OwnerPreference.objects.filter(owner=viewer, community_opt_out=True).exists()


@dataclass(frozen=True)
class OwnerHistory:
    asked: list[CommunityMatch]
    legal: list[LegalProcess]
    emergencies: list[EmergencyRequest]
    accesses: list[Access]


def owner_history(*, viewer: User) -> OwnerHistory:
    """Every request that touched the owner's cameras and every access to their footage.

    Legal process under a non-disclosure order appears once its notice went out.
    """
    if viewer.role_enum is not Role.RESIDENT:
        raise NotFound("Nothing is here, or you may not see it.")
    mine = Q(camera__owner=viewer)
    legal = (
        LegalProcess.objects.filter(scope_cameras__owner=viewer, owners_notified_at__isnull=False)
        .select_related("agency")
        .distinct()
    )
    emergencies = (
        EmergencyRequest.objects.filter(cameras__owner=viewer, owners_notified_at__isnull=False)
        .select_related("agency")
        .distinct()
    )
    visible_clips = Clip.objects.filter(mine).values("pk")
    accesses = (
        Access.objects.filter(grant__clip__in=visible_clips)
        .exclude(grant__legal_process__owners_notified_at__isnull=True, grant__channel="legal")
        .select_related("grant__agency", "grant__clip")
        .order_by("-created_at")
    )
    asked = (
        CommunityMatch.objects.filter(owner=viewer)
        .select_related("request__agency")
        .order_by("-created_at")
    )
    return OwnerHistory(
        asked=list(asked),
        legal=list(legal),
        emergencies=list(emergencies),
        accesses=list(accesses),
    )


def legal_list_visible_to(*, viewer: User) -> QuerySet[LegalProcess]:
    return LegalProcess.objects.filter(agency_id=_agency_of(viewer)).order_by("-created_at")


def emergency_list_visible_to(*, viewer: User) -> QuerySet[EmergencyRequest]:
    return EmergencyRequest.objects.filter(agency_id=_agency_of(viewer)).order_by("-created_at")


# What of this app a resident's own log shows (registered with audit in apps.py). The
# rules of ``owner_history`` hold: legal process, and the grants it made, show only once
# its notice to owners went out (a non-disclosure order is kept); an emergency shows
# once owners were told.


def grant_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    grants = Grant.objects.filter(clip__camera__owner=viewer)
    return grants.exclude(
        channel=Channel.LEGAL, legal_process__owners_notified_at__isnull=True
    ).values("pk")


def legal_process_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    return LegalProcess.objects.filter(
        scope_cameras__owner=viewer, owners_notified_at__isnull=False
    ).values("pk")


def emergency_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    return EmergencyRequest.objects.filter(
        cameras__owner=viewer, owners_notified_at__isnull=False
    ).values("pk")


def community_request_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    return CommunityMatch.objects.filter(owner=viewer).values("request_id")
