"""Version 1 of the entry format, as the log wrote it before version 2: for tests only.

Version 1 entries stay in every log written before the change (the log is
append-only), so the verifier and witnesses must keep accepting them, and the
linkage test must show that its attack works on them. ``legacy_writer``
switches ``audit_record`` back to the version 1 row for the length of a test:
one HMAC actor id per person, every subject id, the time to the second, and an
entry per decline. Production code no longer writes any of this.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

import pytest
from django.conf import settings

from fairwitness.audit import services
from fairwitness.audit.entries import (
    EVENT_NAME,
    MAX_ENTRY_BYTES,
    EntryFieldError,
    actor_pseudonym,
    canonical_json,
    commitment,
    public_fields_check,
)
from fairwitness.audit.subjects import Subject, SubjectError, subject_refs, subjects_body
from fairwitness.audit.tlog.merkle import leaf_hash
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.services import responses


def entry_build_v1(
    *,
    event: str,
    time: str,
    actor: str | None,
    agency: int | None,
    subject: Any,
    commitment_hex: str,
    public: dict[str, Any],
) -> bytes:
    """The version 1 entry bytes, exactly as ``entries.entry_build`` made them."""
    body = {
        **public,
        "v": 1,
        "event": event,
        "time": time,
        "actor": actor,
        "agency": agency,
        "subject": subject,
        "commitment": commitment_hex,
    }
    data = canonical_json(body)
    assert len(data) <= MAX_ENTRY_BYTES
    return data


def row_prepare_v1(record: services.AuditEventRecord, *, time: str) -> Any:
    """``services._row_prepare`` as it was for version 1 (the time given is ignored:
    version 1 kept the second)."""
    event, actor = record.event, record.actor
    assert isinstance(event, StrEnum) and EVENT_NAME.match(event.value)
    agency_id = services._agency_id(agency=record.agency, actor=actor, public=record.public)
    try:
        checked_public = public_fields_check(record.public)
        checked_subject = subjects_body(record.subject)
    except (EntryFieldError, SubjectError) as exc:
        raise services.AuditRecordError(str(exc)) from exc
    details = canonical_json(
        {
            "actor": None if actor is None else {"id": actor.pk, "username": actor.username},
            "details": record.private,
        }
    )
    salt = secrets.token_bytes(32)
    leaf = entry_build_v1(
        event=event.value,
        time=services._now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        actor=None
        if actor is None
        else actor_pseudonym(secret=settings.AUDIT_ACTOR_SECRET, user_id=actor.pk),
        agency=agency_id,
        subject=checked_subject,
        commitment_hex=commitment(salt=salt, details=details),
        public=checked_public,
    )
    return services._Row(
        event=event.value,
        leaf=leaf,
        leaf_hash=leaf_hash(leaf),
        agency_id=agency_id,
        actor_id=None if actor is None else actor.pk,
        salt=salt,
        details=details.decode("utf-8"),
        subjects=subject_refs(record.subject),
    )


def _decline_v1(*, owner: Any, request_id: int) -> Any:
    """A decline as version 1 logged it: one entry per decline, with the owner's actor id."""
    from fairwitness.requests.recording import event_record

    response = _decline_now(owner=owner, request_id=request_id)
    event_record(
        event=RequestEvent.RESPONSE_DECLINED,
        actor=owner,
        subject=[Subject("community_request", request_id)],
        public={"agency": response.request.agency_id},
        private={"owner": owner.pk},
    )
    return response


_decline_now = responses.response_decline


@contextmanager
def legacy_writer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within the block, ``audit_record`` writes version 1 entries and declines are logged."""
    with monkeypatch.context() as patch:
        patch.setattr(services, "_row_prepare", row_prepare_v1)
        patch.setattr(responses, "response_decline", _decline_v1)
        yield
