"""Moderator routes: the queue, most severe first."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from fairwitness.accounts.access import RoleAuth, signed_in_user
from fairwitness.accounts.roles import Role
from fairwitness.moderation import selectors
from fairwitness.moderation.schemas import QueueItemOut

router = Router(tags=["moderation"], auth=RoleAuth(Role.MODERATOR))


@router.get("/moderation/queue", response=list[QueueItemOut], summary="What waits for a moderator")
def queue(request: HttpRequest) -> list[QueueItemOut]:
    user = signed_in_user(request)
    return [
        QueueItemOut(
            kind=item.kind,
            id=item.pk,
            severity=item.severity,
            waiting_since=item.waiting_since,
            text=item.text,
            reasons=item.reasons,
            scores=item.scores,
            flags=item.flags,
        )
        for item in selectors.moderation_queue(viewer=user)
    ]
