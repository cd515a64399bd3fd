"""Which policy is in force: the newest approved PolicyVersion, else the packaged file."""

from __future__ import annotations

from functools import cache, lru_cache

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
    """The policy in force at this moment (one query; the parse is cached by text)."""
    text = (
        PolicyVersion.objects.filter(state=PolicyVersionState.APPROVED)
        .order_by("-decided_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    if text is None:
        return _packaged()
    return _parsed(text)


@cache
def _packaged() -> Policy:
    return policy_load()


@lru_cache(maxsize=8)
def _parsed(text: str) -> Policy:
    # A Policy is immutable, so one parsed copy per approved text can be shared.
    return policy_parse(text.encode())


def agency_describe(agency: Agency) -> dict[str, object]:
    """The agency as policy_check JSON describes it."""
    return {
        "kind": AGENCY_KIND_POLICY.get(agency.kind, agency.kind),
        "verified": agency.is_verified,
        "jurisdiction": agency.jurisdiction,
    }
