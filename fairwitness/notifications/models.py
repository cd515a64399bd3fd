"""What a person is told, in the app and by email."""

from django.conf import settings
from django.db import models

from fairwitness.core.models import BaseModel


class Notice(BaseModel):
    """A message to one person.

    ``due_by`` is the deadline the notice had to meet (for example the 72 hours
    after an emergency disclosure); ``emailed_at`` records when the email left.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField()
    due_by = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
