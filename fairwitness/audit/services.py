"""Writes to the audit log. ``audit_record`` is the one way every app logs an event."""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import Agency, User
from fairwitness.audit.entries import (
    EVENT_NAME,
    EntryFieldError,
    actor_pseudonym,
    canonical_json,
    commitment,
    entry_build,
    public_fields_check,
    subject_check,
)
from fairwitness.audit.models import AuditEntry, AuditPrivate
from fairwitness.audit.tlog.merkle import leaf_hash
from fairwitness.core.errors import ApplicationError


class AuditRecordError(ApplicationError):
    """An event could not be recorded as given; nothing was written."""

    code = "audit_invalid"


def audit_record(
    *,
    event: StrEnum,
    actor: User | None,
    subject: dict[str, Any] | list[Any] | str,
    public: dict[str, Any],
    private: dict[str, Any],
    agency: Agency | None = None,
) -> AuditEntry:
    """Append a pending entry inside the caller's transaction.

    If the caller's transaction rolls back, the entry never existed. After the
    commit, a sequencer run is enqueued that integrates it into the tree; the
    periodic run picks up anything left behind (a crash after the commit).

    ``public`` holds only allow-listed, non-personal codes (see
    ``fairwitness.audit.entries.PUBLIC_FIELDS``); names, addresses, free text
    and reasons go in ``private``, which is stored apart and committed to by a
    salted SHA-256 in the public entry. ``agency`` defaults to the actor's.
    Raises AuditRecordError (and writes nothing) for a malformed event name,
    a personal-looking public field, or details that are not JSON.
    """
    if not isinstance(event, StrEnum) or not EVENT_NAME.match(event.value):
        raise AuditRecordError(
            f"event {event!r} must be a StrEnum member spelled scope:resource:action"
        )
    agency_id = _agency_id(agency=agency, actor=actor, public=public)
    try:
        checked_public = public_fields_check(public)
        checked_subject = subject_check(subject)
        details = canonical_json(
            {
                "actor": None if actor is None else {"id": actor.pk, "username": actor.username},
                "details": private,
            }
        )
    except EntryFieldError as exc:
        raise AuditRecordError(str(exc)) from exc
    except (TypeError, ValueError) as exc:
        raise AuditRecordError(f"private details must be plain JSON values: {exc}") from exc
    salt = secrets.token_bytes(32)
    now = timezone.now().replace(microsecond=0)
    try:
        leaf = entry_build(
            event=event.value,
            time=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            actor=None
            if actor is None
            else actor_pseudonym(secret=settings.AUDIT_ACTOR_SECRET, user_id=actor.pk),
            agency=agency_id,
            subject=checked_subject,
            commitment_hex=commitment(salt=salt, details=details),
            public=checked_public,
        )
    except EntryFieldError as exc:
        raise AuditRecordError(str(exc)) from exc
    # No savepoint: if either row fails, the caller's whole change must fail with it.
    with transaction.atomic(savepoint=False):
        entry = AuditEntry.objects.create(
            event=event.value,
            recorded_at=now,
            leaf=leaf,
            leaf_hash=leaf_hash(leaf),
            agency_id=agency_id,
        )
        AuditPrivate.objects.create(
            entry=entry, actor=actor, salt=salt, details=details.decode("utf-8")
        )
    # One sequencer run per committed transaction, however many entries it recorded.
    pending_callbacks = transaction.get_connection().run_on_commit
    if not any(callback is _sequence_soon for _, callback, _ in pending_callbacks):
        transaction.on_commit(_sequence_soon, robust=True)
    return entry


def _agency_id(*, agency: Agency | None, actor: User | None, public: dict[str, Any]) -> int | None:
    """The agency: the argument, else an ``agency`` id in ``public``, else the actor's."""
    given = public.get("agency")
    if given is not None and (isinstance(given, bool) or not isinstance(given, int)):
        raise AuditRecordError("public field 'agency' must be an agency id (an integer)")
    if agency is not None:
        if given is not None and given != agency.pk:
            raise AuditRecordError("the agency argument and public['agency'] disagree")
        return agency.pk
    if given is not None:
        return given
    return actor.agency_id if actor is not None else None


def _sequence_soon() -> None:
    from fairwitness.audit.tasks import audit_sequence

    audit_sequence.delay()


def details_viewed_record(*, viewer: User, entry_ids: list[int]) -> None:
    """Log that an auditor read private details; the search text itself stays out."""
    from fairwitness.audit.events import AuditEvent

    with transaction.atomic():
        audit_record(
            event=AuditEvent.DETAILS_VIEWED,
            actor=viewer,
            subject={"entries": entry_ids[:50]},
            public={"count": len(entry_ids)},
            private={},
        )
