"""Factories for people and agencies. Agency and staff users get a confirmed TOTP device."""

from __future__ import annotations

from typing import Any

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AGENCY_ROLES, AgencyKind, AgencyStatus, Role

PASSWORD = "correct-horse-battery"

JURISDICTION = {
    "type": "Polygon",
    "coordinates": [
        [[-122.72, 45.41], [-122.58, 45.41], [-122.58, 45.52], [-122.72, 45.52], [-122.72, 45.41]]
    ],
}


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.LOCAL
    status = AgencyStatus.VERIFIED
    jurisdiction_name = "Riverside"
    jurisdiction = JURISDICTION


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.RESIDENT
    agency = factory.LazyAttribute(
        lambda o: AgencyFactory() if Role(o.role) in AGENCY_ROLES else None
    )

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


def totp_device_confirm(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def person_create(role: Role, *, second_factor: bool = True, **kwargs: Any) -> User:
    """A user of ``role``; roles that need a second factor get a confirmed device."""
    user: User = UserFactory.create(role=role, **kwargs)
    if user.needs_second_factor and second_factor:
        totp_device_confirm(user)
    return user


def client_sign_in(client: Client, user: User, *, second_factor: bool = True) -> Client:
    """Sign ``client`` in as ``user``; with ``second_factor`` the session is OTP-verified."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if second_factor and device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
