"""Owner controls: opting out of community requests entirely or per camera."""

from __future__ import annotations

from django.db import transaction

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.subjects import Subject
from fairwitness.cameras.models import Camera
from fairwitness.core.errors import NotFound, PermissionDenied
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import OwnerPreference
from fairwitness.requests.recording import event_record


def owner_opt_out_set(*, owner: User, opted_out: bool, camera_id: int | None = None) -> None:
    """Opt the owner (or, with ``camera_id``, one of their cameras) out of or back in."""
    if owner.role_enum is not Role.RESIDENT:
        raise PermissionDenied("Only camera owners have community-request preferences.")
    with transaction.atomic():
        if camera_id is None:
            OwnerPreference.objects.update_or_create(
                owner=owner, defaults={"community_opt_out": opted_out}
            )
            subject = Subject("owner", owner.pk)
        else:
            updated = Camera.objects.filter(pk=camera_id, owner=owner).update(
                community_opt_out=opted_out
            )
            if not updated:
                raise NotFound("Nothing is here, or you may not see it.")
            subject = Subject("camera", camera_id)
        event_record(
            event=RequestEvent.OWNER_OPTED_OUT if opted_out else RequestEvent.OWNER_OPTED_IN,
            actor=owner,
            subject=[subject],
            public={"scope": "camera" if camera_id else "owner"},
        )
