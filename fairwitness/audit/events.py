"""Audit event names of the audit app itself, spelled scope:resource:action."""

from enum import StrEnum


class AuditEvent(StrEnum):
    # An oversight auditor read the private details of entries (search or detail page).
    DETAILS_VIEWED = "audit:details:viewed"


class AccountEvent(StrEnum):
    """Events of the accounts app that the audit app wires in (see accounts.services)."""

    AGENCY_VERIFIED = "account:agency:verified"
