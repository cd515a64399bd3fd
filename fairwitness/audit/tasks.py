"""Background jobs of the audit log: sequencing and witness pushes.

``audit_sequence`` runs after commits that recorded entries and every few
seconds on the schedule; ``witnesses_push`` runs after each new checkpoint.
Both are idempotent, so duplicates and retries do no harm.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from config.celery import app


@shared_task(name="audit.sequence")
def audit_sequence() -> int:
    """Integrate every pending entry; returns how many were integrated."""
    from fairwitness.audit.sequencer import log_sequence

    return log_sequence()


@shared_task(name="audit.witnesses_push", autoretry_for=(OSError,), max_retries=3)
def witnesses_push() -> int:
    """Push the latest checkpoint to every configured witness; returns cosignatures gained."""
    from fairwitness.audit.witnessing import witnesses_push as push

    return push()


def witnesses_push_soon() -> None:
    from fairwitness.audit.keys import witnesses_configured

    if witnesses_configured():
        witnesses_push.delay()


@app.on_after_finalize.connect
def _schedule(sender: Any, **kwargs: Any) -> None:
    interval = float(settings.AUDIT_SEQUENCER_INTERVAL)
    sender.add_periodic_task(interval, audit_sequence.s(), name="audit: sequence pending entries")
    sender.add_periodic_task(
        max(interval, 30.0), witnesses_push.s(), name="audit: push checkpoint to witnesses"
    )
