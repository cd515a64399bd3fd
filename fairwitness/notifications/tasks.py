"""Background jobs for notifications. Each loads its rows by id and calls one service."""

from celery import shared_task

from fairwitness.accounts.models import User
from fairwitness.notifications import services


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
