"""Reads for cameras. Only an owner ever sees a camera's exact location."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from fairwitness.accounts.models import User
from fairwitness.cameras.models import Camera, DeviceCredential


def camera_list_visible_to(*, viewer: User) -> QuerySet[Camera]:
    return Camera.objects.filter(owner=viewer).order_by("name")


def camera_list_with_devices(*, viewer: User) -> QuerySet[Camera]:
    """The viewer's cameras with their active device count, in one query."""
    return camera_list_visible_to(viewer=viewer).annotate(
        active_devices=Count("devices", filter=Q(devices__revoked_at__isnull=True))
    )


def camera_get_owned(*, viewer: User, camera_id: int) -> Camera:
    """One of the viewer's cameras, or Http404 (whether it exists is not revealed)."""
    camera = camera_list_visible_to(viewer=viewer).filter(pk=camera_id).first()
    if camera is None:
        raise Http404("No such camera among yours.")
    return camera


def device_list_for(*, camera: Camera) -> QuerySet[DeviceCredential]:
    return DeviceCredential.objects.filter(camera=camera).order_by("revoked_at", "-created_at")


def camera_location_for(*, camera: Camera, viewer: User | None) -> str | tuple[float, float]:
    """What ``viewer`` may know of where the camera is: the exact point for its owner,
    the coarse H3 cell for everyone else (request matching included)."""
    if viewer is not None and viewer.pk == camera.owner_id:
        return (camera.latitude, camera.longitude)
    return camera.coarse_cell


def camera_ids_for_owner_log(*, viewer: User) -> QuerySet[Any]:
    """The viewer's cameras, whose entries their own log shows (registered with audit)."""
    return Camera.objects.filter(owner=viewer).values("pk")
