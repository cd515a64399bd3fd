"""Factories for audit tests: record events the way other apps do."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fairwitness.accounts.models import User
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject


class SampleEvent(StrEnum):
    CLIP_VIEWED = "access:clip:viewed"
    REQUEST_DENIED = "request:community:denied"


def entry_record(
    *, actor: User | None = None, n: int = 0, private: dict[str, Any] | None = None
) -> AuditEntry:
    return audit_record(
        event=SampleEvent.CLIP_VIEWED,
        actor=actor,
        subject=[Subject("clip", n), Subject("grant", n + 1000)],
        public={"decision": "allowed", "rule": "grant.live", "policy_hash": "ab" * 32},
        private=private if private is not None else {"reason": f"case review number {n}"},
    )
