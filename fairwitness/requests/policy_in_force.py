"""Which policy is in force: the newest approved PolicyVersion, else the packaged file."""

from __future__ import annotations

from fairwitness.accounts.models import Agency
from fairwitness.accounts.roles import AgencyKind
from fairwitness.policy import Policy, policy_load
from fairwitness.policy.loader import policy_parse
from fairwitness.requests.models import PolicyVersion, PolicyVersionState

# The accounts app's agency kinds, in the policy file's vocabulary.
AGENCY_KIND_POLICY: dict[str, str] = {
    AgencyKind.LOCAL: "municipal_police",
    AgencyKind.STATE: "state_police",
    AgencyKind.FEDERAL: "federal",
}


def policy_current() -> Policy:
    approved = (
        PolicyVersion.objects.filter(state=PolicyVersionState.APPROVED)
        .order_by("-decided_at", "-id")
        .first()
    )
    if approved is None:
        return policy_load()
    return policy_parse(approved.text.encode())


def agency_describe(agency: Agency) -> dict[str, object]:
    """The agency as policy_check JSON describes it."""
    return {
        "kind": AGENCY_KIND_POLICY.get(agency.kind, agency.kind),
        "verified": agency.is_verified,
        "jurisdiction": agency.jurisdiction,
    }
