"""Reads for people and agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AGENCY_ROLES, AgencyStatus


def agency_list_public() -> QuerySet[Agency]:
    """Verified agencies: who may ask for footage here is public information."""
    return Agency.objects.filter(status=AgencyStatus.VERIFIED).order_by("name")


def agency_list_pending() -> QuerySet[Agency]:
    return Agency.objects.filter(status=AgencyStatus.PENDING).order_by("created_at")


def agency_people_visible_to(*, viewer: User) -> QuerySet[User]:
    """The people of the viewer's own agency; nobody else's."""
    if viewer.role_enum not in AGENCY_ROLES or viewer.agency_id is None:
        return User.objects.none()
    return User.objects.filter(agency_id=viewer.agency_id).order_by("role", "username")
