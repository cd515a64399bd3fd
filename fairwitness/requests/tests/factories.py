"""Factories for request tests: an agency's people, cameras with clips, an open request.

The area is a 280 m circle (about 0.095 sq mi) inside the factory agency's jurisdiction.
Clips are created as ready rows: these tests need their times and cameras, not footage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from django.utils import timezone

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AgencyKind, Role
from fairwitness.accounts.tests.factories import AgencyFactory, person_create
from fairwitness.cameras.models import Camera
from fairwitness.cameras.services import camera_register
from fairwitness.footage.models import Clip, ClipState
from fairwitness.policy import policy_load
from fairwitness.requests.models import CommunityRequest, Grant, LegalProcess
from fairwitness.requests.services import community, legal, responses

CENTRE = (-122.65, 45.46)  # lon, lat
RADIUS_M = 280.0
AREA: dict[str, Any] = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": list(CENTRE)},
    "properties": {"radius_m": RADIUS_M},
}
ATTESTATIONS = sorted(policy_load().attestations)
# About 100 m and 2 km north of the centre: inside and outside the area.
INSIDE = (45.4609, -122.65)
OUTSIDE = (45.478, -122.65)
# The smallest complete PDF: what an agency uploads as its order.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class AgencyPeople:
    agency: Agency
    member: User
    supervisor: User


def agency_people(*, kind: AgencyKind = AgencyKind.LOCAL) -> AgencyPeople:
    agency = AgencyFactory.create(kind=kind)
    return AgencyPeople(
        agency=agency,
        member=person_create(Role.AGENCY_MEMBER, agency=agency),
        supervisor=person_create(Role.AGENCY_SUPERVISOR, agency=agency),
    )


def window_yesterday(minutes: int = 120) -> tuple[datetime, datetime]:
    start = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    return start, start + timedelta(minutes=minutes)


def camera_at(owner: User, where: tuple[float, float], name: str = "Porch") -> Camera:
    return camera_register(owner=owner, name=name, latitude=where[0], longitude=where[1])


def clip_at(camera: Camera, start: datetime, seconds: float = 30.0) -> Clip:
    digest = hashlib.sha256(f"{camera.pk}{start.isoformat()}".encode()).hexdigest()
    return Clip.objects.create(
        camera=camera,
        started_at=start,
        ended_at=start + timedelta(seconds=seconds),
        duration_seconds=seconds,
        state=ClipState.READY,
        upload_sha256=digest,
        upload_size=1000,
        expires_at=start + timedelta(days=30),
    )


def draft(
    people: AgencyPeople,
    *,
    window: tuple[datetime, datetime] | None = None,
    offense: str = "burglary",
    area: dict[str, Any] | None = None,
    case_number: str = "2025-0042",
    attestations: list[str] | None = None,
) -> CommunityRequest:
    start, end = window or window_yesterday()
    request = community.community_request_draft(
        member=people.member,
        case_number=case_number,
        offense_category=offense,
        description="A break-in at a house on the corner; a person seen leaving by bicycle.",
        area=area or AREA,
        window_start=start,
        window_end=end,
        attestations=ATTESTATIONS if attestations is None else attestations,
    )
    return community.community_request_submit(member=people.member, request=request)


def order_submit(people: AgencyPeople, camera_ids: list[int], **overrides: Any) -> LegalProcess:
    """A warrant for ``camera_ids`` over yesterday's window, submitted by the agency's member
    with ``PDF`` as its order; ``overrides`` replace any of ``legal_process_submit``'s fields."""
    start, end = window_yesterday()
    fields: dict[str, Any] = {
        "member": people.member,
        "case_number": "2025-0099",
        "offense_category": "robbery",
        "attestations": ATTESTATIONS,
        "kind": "warrant",
        "court": "Circuit Court",
        "judge": "Judge Example",
        "signed_on": date.today(),
        "camera_ids": camera_ids,
        "scope_start": start,
        "scope_end": end,
        "document": PDF,
    }
    return legal.legal_process_submit(**(fields | overrides))


def request_open(people: AgencyPeople, **kwargs: Any) -> CommunityRequest:
    request = draft(people, **kwargs)
    return community.community_request_approve(supervisor=people.supervisor, request=request)


class SharedClip(NamedTuple):
    people: AgencyPeople
    owner: User
    clip: Clip
    request: CommunityRequest
    grant: Grant


def clip_shared() -> SharedClip:
    """An owner's clip inside an open community request's area and window, shared with the
    agency: the grant that answer made, and everyone involved."""
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    clip = clip_at(camera_at(owner, INSIDE), start + timedelta(minutes=1))
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    responses.response_share(owner=owner, request_id=request.pk, clip_ids=[clip.pk])
    return SharedClip(people, owner, clip, request, Grant.objects.get(clip=clip))
