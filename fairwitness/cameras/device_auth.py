"""``Authorization: Device <token>`` for the device routes (no session, no CSRF)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader

from fairwitness.cameras.devices import secret_hash
from fairwitness.cameras.models import DeviceCredential
from fairwitness.core.errors import ApplicationError

SCHEME = "Device"


class DeviceUnauthorized(ApplicationError):
    status = 401
    code = "device_unauthorized"


class DeviceAuth(APIKeyHeader):
    """Authenticates a paired device; the route gets the DeviceCredential as ``request.auth``.

    A missing, malformed, unknown or revoked token answers 401 in the error shape.
    """

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None) -> DeviceCredential:
        scheme, _, token = (key or "").partition(" ")
        credential = None
        if scheme == SCHEME and token.strip():
            credential = (
                DeviceCredential.objects.select_related("camera__owner")
                .filter(token_hash=secret_hash(token.strip()), revoked_at__isnull=True)
                .first()
            )
        if credential is None:
            raise DeviceUnauthorized(
                "The device token is missing, unknown or revoked. Pair the device again "
                "from the camera's page under My cameras and use the new token "
                "(header 'Authorization: Device <token>').",
            )
        now = timezone.now()
        if credential.last_used_at is None or (now - credential.last_used_at).total_seconds() > 60:
            DeviceCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
        return credential


def request_device(request: HttpRequest) -> DeviceCredential:
    credential = request.auth  # type: ignore[attr-defined]
    assert isinstance(credential, DeviceCredential)
    return credential
