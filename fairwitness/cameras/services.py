"""Writes for cameras."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

import h3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.cameras.devices import (
    device_token_generate,
    pairing_code_generate,
    pairing_code_normalise,
    secret_hash,
)
from fairwitness.cameras.events import CameraEvent
from fairwitness.cameras.models import (
    COARSE_CELL_RESOLUTION,
    RETENTION_DAYS_DEFAULT,
    RETENTION_DAYS_MAX,
    RETENTION_DAYS_MIN,
    Camera,
    DeviceCredential,
    PairingCode,
)
from fairwitness.cameras.throttle import PairingCodeInvalid, pairing_attempt
from fairwitness.cameras.zones import privacy_zones_clean
from fairwitness.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from fairwitness.core.input_bounds import text_plain_problem


def camera_register(
    *,
    owner: User,
    name: str,
    latitude: float,
    longitude: float,
    retention_days: int = RETENTION_DAYS_DEFAULT,
) -> Camera:
    """Register a camera for a resident. Its coarse cell is derived, never supplied."""
    if owner.role_enum is not Role.RESIDENT:
        raise PermissionDenied("Only residents register cameras.")
    name = name.strip()
    if not name:
        raise ApplicationError("Give the camera a name, such as 'Front door'.", code="invalid")
    problem = text_plain_problem(name)
    if problem:
        raise ApplicationError(problem, code="text_control_character")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ApplicationError(
            "The location is not on Earth: latitude runs -90..90, longitude -180..180.",
            code="invalid_location",
        )
    if not (RETENTION_DAYS_MIN <= retention_days <= RETENTION_DAYS_MAX):
        raise ApplicationError(
            f"Keep clips between {RETENTION_DAYS_MIN} and {RETENTION_DAYS_MAX} days.",
            code="invalid_retention",
        )
    cell = h3.latlng_to_cell(latitude, longitude, COARSE_CELL_RESOLUTION)
    try:
        with transaction.atomic():
            return Camera.objects.create(
                owner=owner,
                name=name,
                latitude=latitude,
                longitude=longitude,
                coarse_cell=cell,
                retention_days=retention_days,
            )
    except IntegrityError:
        raise Conflict(
            f"You already have a camera named {name!r}. Choose another name.",
            code="camera_name_taken",
        ) from None


def _owned_camera(*, owner: User, camera_id: int, lock: bool = False) -> Camera:
    cameras = Camera.objects.select_for_update() if lock else Camera.objects
    camera = cameras.filter(pk=camera_id, owner=owner).first()
    if camera is None:
        raise NotFound("No such camera among yours.")
    return camera


def pairing_code_create(*, owner: User, camera_id: int) -> tuple[PairingCode, str]:
    """A fresh one-time pairing code for one of ``owner``'s cameras.

    Returns the row and the code itself, which is shown once and never stored.
    """
    camera = _owned_camera(owner=owner, camera_id=camera_id)
    code = pairing_code_generate()
    minutes = int(settings.FOOTAGE_PAIRING_CODE_MINUTES)
    row = PairingCode.objects.create(
        camera=camera,
        code_hash=secret_hash(code),
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    return row, code


def device_pair(*, code: str, name: str = "", client: str = "") -> tuple[DeviceCredential, str]:
    """Exchange a pairing code for a device credential scoped to the code's camera.

    The code is consumed atomically (a second exchange fails); the token is
    returned once and only its SHA-256 is kept. Raises PairingCodeInvalid
    (``pairing_code_invalid``, 400) for an unknown, used or expired code, and
    PairingThrottled (429) once too many wrong codes came from ``client`` (the
    caller's network address) or from everyone in the current window; see
    ``fairwitness.cameras.throttle``.
    """
    with pairing_attempt(client=client):
        return _device_pair_exchange(code=code, name=name)


def _device_pair_exchange(*, code: str, name: str) -> tuple[DeviceCredential, str]:
    name = (name or "").strip()[:80] or "Camera device"
    digest = secret_hash(pairing_code_normalise(code or ""))
    now = timezone.now()
    with transaction.atomic():
        row = (
            PairingCode.objects.select_for_update()
            .select_related("camera__owner")
            .filter(code_hash=digest)
            .first()
        )
        consumed = (
            row is not None
            and PairingCode.objects.filter(
                pk=row.pk, used_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            == 1
        )
        if row is None or not consumed:
            raise PairingCodeInvalid(
                "This pairing code is unknown, already used or expired. Make a new code on "
                "the camera's page under My cameras and enter it within "
                f"{settings.FOOTAGE_PAIRING_CODE_MINUTES} minutes."
            )
        token = device_token_generate()
        credential = DeviceCredential.objects.create(
            camera=row.camera, name=name, token_hash=secret_hash(token), prefix=token[:10]
        )
        audit_record(
            event=CameraEvent.DEVICE_PAIRED,
            actor=row.camera.owner,
            subject=[Subject("camera", row.camera.pk), Subject("device", credential.pk)],
            public={},
            private={"device_name": name, "camera_name": row.camera.name},
        )
    return credential, token


def device_revoke(*, owner: User, credential_id: int) -> DeviceCredential:
    """Revoke one of ``owner``'s device credentials; idempotent."""
    with transaction.atomic():
        credential = (
            DeviceCredential.objects.select_for_update()
            .select_related("camera")
            .filter(pk=credential_id, camera__owner=owner)
            .first()
        )
        if credential is None:
            raise NotFound("No such device among your cameras.")
        if credential.revoked_at is None:
            credential.revoked_at = timezone.now()
            credential.save(update_fields=["revoked_at", "updated_at"])
            audit_record(
                event=CameraEvent.DEVICE_REVOKED,
                actor=owner,
                subject=[
                    Subject("camera", credential.camera.pk),
                    Subject("device", credential.pk),
                ],
                public={},
                private={"device_name": credential.name},
            )
    return credential


class RetentionHook(Protocol):
    """Work another app does, in the same transaction, when a camera's retention changes."""

    def __call__(self, *, camera: Camera) -> object: ...


_RETENTION_HOOKS: list[RetentionHook] = []


def camera_retention_hook_register(hook: RetentionHook) -> None:
    """Run ``hook(camera=...)`` on each retention change (call from ``AppConfig.ready()``).

    Footage registers its clips' expiry reset here, so cameras never import footage.
    """
    if hook not in _RETENTION_HOOKS:
        _RETENTION_HOOKS.append(hook)


def camera_settings_update(
    *, owner: User, camera_id: int, retention_days: int, privacy_zones: list[dict[str, Any]]
) -> Camera:
    """Set retention (1..180 days) and privacy zones; clips' expiry follows the retention."""
    if not (RETENTION_DAYS_MIN <= retention_days <= RETENTION_DAYS_MAX):
        raise ApplicationError(
            f"Keep clips between {RETENTION_DAYS_MIN} and {RETENTION_DAYS_MAX} days.",
            code="invalid_retention",
        )
    zones = privacy_zones_clean(privacy_zones)
    with transaction.atomic():
        camera = _owned_camera(owner=owner, camera_id=camera_id, lock=True)
        changed = camera.retention_days != retention_days
        camera.retention_days = retention_days
        camera.privacy_zones = zones
        camera.save(update_fields=["retention_days", "privacy_zones", "updated_at"])
        if changed:
            for hook in _RETENTION_HOOKS:
                hook(camera=camera)
            audit_record(
                event=CameraEvent.RETENTION_CHANGED,
                actor=owner,
                subject=[Subject("camera", camera.pk)],
                # Private: a chosen period could single out one owner's cameras.
                public={},
                private={"retention_days": retention_days},
            )
    return camera
