"""The one place this app hands events to the audit log, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from fairwitness.accounts.models import User
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.subjects import Subject
from fairwitness.requests.events import RequestEvent


def event_record(
    *,
    event: RequestEvent,
    actor: User | None,
    subject: list[Subject],
    public: dict[str, Any] | None = None,
    private: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write an audit entry about ``subject``; return it (pending until integrated).

    ``subject`` names the rows, e.g. ``[Subject("community_request", 12)]``.

    ``public`` goes into the leaf (no names, no free text); ``private`` is committed to.
    """
    from fairwitness.audit.services import audit_record

    return audit_record(
        event=event, actor=actor, subject=subject, public=public or {}, private=private or {}
    )
