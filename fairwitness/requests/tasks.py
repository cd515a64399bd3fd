"""Periodic jobs for requests: each calls one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from config.celery import app
from fairwitness.requests.services import community, downloads, emergency, grants, legal


@shared_task(name="requests.grants_expire")
def grants_expire() -> int:
    return grants.grants_expire()


@shared_task(name="requests.community_requests_expire")
def community_requests_expire() -> int:
    return community.community_requests_expire()


@shared_task(name="requests.emergency_followups_check")
def emergency_followups_check() -> int:
    return emergency.emergency_followups_check()


@shared_task(name="requests.legal_notices_send")
def legal_notices_send() -> int:
    return legal.legal_notices_send()


@shared_task(name="requests.download_prepare", acks_late=True)
def download_prepare_task(download_id: int) -> str:
    """Prepare one evidence package; returns its final state."""
    return str(downloads.download_prepare(download_id=download_id).state)


@app.on_after_finalize.connect
def schedule(sender: Any, **kwargs: Any) -> None:
    for task in (
        grants_expire,
        community_requests_expire,
        emergency_followups_check,
        legal_notices_send,
    ):
        sender.add_periodic_task(60.0, task.s(), name=task.name)
