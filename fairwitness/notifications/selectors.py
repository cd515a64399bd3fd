"""Reads for notices."""

from django.db.models import QuerySet

from fairwitness.accounts.models import User
from fairwitness.notifications.models import Notice


def notice_list_visible_to(*, viewer: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=viewer).order_by("-created_at")
