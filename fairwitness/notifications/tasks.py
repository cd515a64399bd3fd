"""Background jobs for notifications. Each loads its rows by id and calls one service."""

from celery import shared_task

from fairwitness.accounts.models import User
from fairwitness.notifications import services
from fairwitness.notifications.models import Notice


@shared_task(
    name="notifications.welcome_email_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def welcome_email_send(user_id: int) -> int:
    """Send the welcome email; returns the notice id. A deleted user is skipped."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return services.welcome_email_send(user=user).pk


@shared_task(
    name="notifications.notice_email_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notice_email_send(notice_id: int) -> int:
    """Email one stored notice; returns its id, or 0 if it no longer exists."""
    notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None:
        return 0
    return services.notice_email_send(notice=notice).pk
