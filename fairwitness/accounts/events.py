"""Audit events of the accounts app, spelled scope:resource:action."""

from enum import StrEnum


class AccountEvent(StrEnum):
    # An operator verified an agency: only verified agencies may file any request.
    AGENCY_VERIFIED = "account:agency:verified"
    # An operator suspended an agency: its access stops at once, grants included.
    AGENCY_SUSPENDED = "account:agency:suspended"
