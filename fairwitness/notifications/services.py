"""Writes for notices and the emails that carry them."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.notifications.models import Notice


def welcome_email_send(*, user: User) -> Notice:
    """Tell a new account holder what they can do, in the app and by email."""
    context = {"user": user, "site_url": settings.SITE_URL}
    body = render_to_string("notifications/welcome.txt", context)
    notice = Notice.objects.create(
        recipient=user, kind="account:welcome", title="Welcome to Fair Witness", body=body
    )
    send_mail(
        subject=notice.title,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    notice.emailed_at = timezone.now()
    notice.save(update_fields=["emailed_at", "updated_at"])
    return notice


def notice_send(
    *, recipient: User, kind: str, title: str, body: str, due_by: datetime | None = None
) -> Notice:
    """Store an in-app notice and email it once the surrounding transaction commits."""
    notice = Notice.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, due_by=due_by
    )
    from fairwitness.notifications.tasks import notice_email_send as task

    transaction.on_commit(lambda: task.delay(notice.pk))
    return notice


def notice_email_send(*, notice: Notice) -> Notice:
    """Email a stored notice; a notice already emailed is not sent again."""
    if notice.emailed_at is not None:
        return notice
    send_mail(
        subject=notice.title,
        message=notice.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notice.recipient.email],
    )
    notice.emailed_at = timezone.now()
    notice.save(update_fields=["emailed_at", "updated_at"])
    return notice
