"""Roles, and which of them need a confirmed second factor.

A person holds exactly one role. DESIGN.md's "neighbor" is any resident, and
"public" is an anonymous visitor, so neither is a stored role.
"""

from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"
    AGENCY_MEMBER = "agency_member"
    AGENCY_SUPERVISOR = "agency_supervisor"
    LEGAL_REVIEWER = "legal_reviewer"
    MODERATOR = "moderator"
    OVERSIGHT_AUDITOR = "oversight_auditor"
    OPERATOR = "operator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.RESIDENT: "Resident",
    Role.AGENCY_MEMBER: "Agency member",
    Role.AGENCY_SUPERVISOR: "Agency supervisor",
    Role.LEGAL_REVIEWER: "Legal reviewer",
    Role.MODERATOR: "Moderator",
    Role.OVERSIGHT_AUDITOR: "Oversight auditor",
    Role.OPERATOR: "Operator",
}

AGENCY_ROLES = frozenset({Role.AGENCY_MEMBER, Role.AGENCY_SUPERVISOR})
STAFF_ROLES = frozenset(
    {Role.LEGAL_REVIEWER, Role.MODERATOR, Role.OVERSIGHT_AUDITOR, Role.OPERATOR}
)
# Everyone but residents must confirm a TOTP device before reaching their pages.
SECOND_FACTOR_ROLES = AGENCY_ROLES | STAFF_ROLES


class AgencyKind(StrEnum):
    LOCAL = "local"
    STATE = "state"
    FEDERAL = "federal"


class AgencyStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"
