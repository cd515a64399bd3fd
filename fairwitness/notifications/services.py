"""Writes for notices and the emails that carry them."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
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
