"""People, their role, and the agencies some of them belong to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from fairwitness.accounts.roles import (
    AGENCY_ROLES,
    SECOND_FACTOR_ROLES,
    AgencyKind,
    AgencyStatus,
    Role,
)
from fairwitness.core.models import BaseModel

# Sorted so that migrations are the same whatever the set's iteration order.
_AGENCY_ROLE_VALUES = sorted(r.value for r in AGENCY_ROLES)


class Agency(BaseModel):
    """A law-enforcement agency. Only a verified agency may ask for anything.

    ``jurisdiction`` is a GeoJSON Polygon or MultiPolygon (WGS84 lon/lat) that an
    operator confirms when verifying the agency.
    """

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=[(k.value, k.name.title()) for k in AgencyKind])
    status = models.CharField(
        max_length=16,
        choices=[(s.value, s.name.title()) for s in AgencyStatus],
        default=AgencyStatus.PENDING,
    )
    jurisdiction_name = models.CharField(max_length=200)
    jurisdiction = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon, lon/lat.")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == AgencyStatus.VERIFIED


class User(AbstractUser):
    role = models.CharField(
        max_length=32,
        choices=[(r.value, r.label) for r in Role],
        default=Role.RESIDENT,
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(unique=True)

    class Meta:
        constraints = [
            # Agency people belong to exactly one agency; nobody else belongs to one.
            models.CheckConstraint(
                condition=(
                    Q(role__in=_AGENCY_ROLE_VALUES, agency__isnull=False)
                    | (~Q(role__in=_AGENCY_ROLE_VALUES) & Q(agency__isnull=True))
                ),
                name="accounts_user_agency_matches_role",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin is the operator's tool; the role decides who reaches it, nothing else.
        self.is_staff = self.is_superuser = self.role == Role.OPERATOR
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def needs_second_factor(self) -> bool:
        return self.role_enum in SECOND_FACTOR_ROLES
