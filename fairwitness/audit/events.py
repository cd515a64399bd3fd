"""Audit event names of the audit app itself, spelled scope:resource:action."""

from enum import StrEnum


class AuditEvent(StrEnum):
    # An oversight auditor read the private details of entries (search or detail page).
    DETAILS_VIEWED = "audit:details:viewed"
