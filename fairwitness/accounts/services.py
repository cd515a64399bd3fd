"""Writes for people and agencies."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.events import AccountEvent
from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AGENCY_ROLES, AgencyKind, AgencyStatus, Role
from fairwitness.core.errors import ApplicationError, Conflict


def user_create(
    *,
    username: str,
    email: str,
    password: str,
    role: Role = Role.RESIDENT,
    agency: Agency | None = None,
    first_name: str = "",
    last_name: str = "",
    send_welcome: bool = True,
) -> User:
    """Create an account. Agency roles need an agency; other roles must not have one.

    The welcome email is a background job, queued only once the account is committed.
    """
    if (role in AGENCY_ROLES) != (agency is not None):
        raise ApplicationError(
            "Agency members and supervisors belong to one agency; other roles belong to none.",
            code="agency_mismatch",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("That username is taken. Choose another.", code="username_taken")
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict("An account with that email exists. Sign in instead.", code="email_taken")
    user = User(
        username=username,
        email=email.lower(),
        role=role,
        agency=agency,
        first_name=first_name,
        last_name=last_name,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        if send_welcome:
            from fairwitness.notifications.tasks import welcome_email_send

            user_id = user.pk
            transaction.on_commit(lambda: welcome_email_send.delay(user_id))
    return user


def agency_create(
    *,
    name: str,
    kind: AgencyKind,
    jurisdiction_name: str,
    jurisdiction: dict[str, object],
) -> Agency:
    if jurisdiction.get("type") not in ("Polygon", "MultiPolygon"):
        raise ApplicationError(
            "The jurisdiction must be a GeoJSON Polygon or MultiPolygon.", code="invalid_area"
        )
    return Agency.objects.create(
        name=name, kind=kind, jurisdiction_name=jurisdiction_name, jurisdiction=jurisdiction
    )


def agency_verify(*, agency: Agency, actor: User | None = None) -> Agency:
    """Mark an agency verified; only verified agencies may file any request.

    The verification is written to the public audit log in the same transaction.
    """
    # The one upward import of accounts, at call time (see the import contract
    # in pyproject.toml): the audit log sits above accounts, whose User it names.
    from fairwitness.audit.services import audit_record
    from fairwitness.audit.subjects import Subject

    with transaction.atomic():
        agency.status = AgencyStatus.VERIFIED
        agency.verified_at = timezone.now()
        agency.save(update_fields=["status", "verified_at", "updated_at"])
        audit_record(
            event=AccountEvent.AGENCY_VERIFIED,
            actor=actor,
            subject=[Subject("agency", agency.pk)],
            public={"kind": agency.kind, "status": agency.status},
            private={"agency_name": agency.name, "jurisdiction": agency.jurisdiction_name},
            agency=agency,
        )
    return agency


def agency_suspend(*, agency: Agency, actor: User | None = None) -> Agency:
    """Suspend an agency's verification: from the next request on, it can file nothing and see
    no footage, even under grants it holds (every access re-checks the agency's status).

    The suspension is written to the public audit log in the same transaction.
    """
    # The one upward import of accounts, at call time (as in agency_verify).
    from fairwitness.audit.services import audit_record
    from fairwitness.audit.subjects import Subject

    with transaction.atomic():
        agency.status = AgencyStatus.SUSPENDED
        agency.save(update_fields=["status", "updated_at"])
        audit_record(
            event=AccountEvent.AGENCY_SUSPENDED,
            actor=actor,
            subject=[Subject("agency", agency.pk)],
            public={"kind": agency.kind, "status": agency.status},
            private={"agency_name": agency.name},
            agency=agency,
        )
    return agency
