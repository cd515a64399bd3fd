"""Reads for cameras. Only an owner ever sees a camera's exact location."""

from django.db.models import QuerySet

from fairwitness.accounts.models import User
from fairwitness.cameras.models import Camera


def camera_list_visible_to(*, viewer: User) -> QuerySet[Camera]:
    return Camera.objects.filter(owner=viewer).order_by("name")
