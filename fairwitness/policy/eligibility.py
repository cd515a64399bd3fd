"""Who may ask, and for what: eligibility and prohibited purposes.

These checks apply on every channel, except the per-channel agency-kind checks and the
jurisdiction check (community requests: an area). Everything fails closed: a channel or an
agency kind the policy does not list is denied, with a rule that says so.
"""

from __future__ import annotations

from collections.abc import Collection

from fairwitness.policy.decision import Decision, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.facts import Agency
from fairwitness.policy.geometry import Area, region_covers_area
from fairwitness.policy.rules import Rule
from fairwitness.policy.wording import list_text


def channel_known_check(*, policy: Policy, channel: str) -> Decision:
    allowed = channel in policy.channels
    if allowed:
        reason = f"The {policy.channel_label(channel)} channel is open under the policy."
    else:
        reason = (
            f"{channel!r} is not a channel the policy in force lists; footage is reached only "
            f"through {list_text(sorted(policy.channels.values()), conjunction='or')}."
        )
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.CHANNEL_KNOWN, allowed=allowed, reason=reason
    )


def agency_kind_known_check(*, policy: Policy, agency: Agency) -> Decision:
    allowed = agency.kind in policy.agency_kinds
    if allowed:
        reason = f"A {policy.agency_kind_label(agency.kind)} is a kind of agency the policy knows."
    else:
        reason = (
            f"{agency.kind!r} is not a kind of agency the policy knows, so it may not ask for or "
            f"see footage; it knows {list_text(sorted(policy.agency_kinds.values()))}."
        )
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.AGENCY_KIND_KNOWN, allowed=allowed, reason=reason
    )


def agency_verified_check(*, policy: Policy, agency: Agency) -> Decision:
    if agency.verified:
        reason = "The agency is verified."
    else:
        reason = (
            "The agency is not verified by the operator (or its verification is suspended); "
            "only a verified agency may ask for or see footage."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.AGENCY_VERIFIED,
        allowed=agency.verified,
        reason=reason,
    )


def agency_kind_community_check(*, policy: Policy, agency: Agency) -> Decision:
    return _agency_kind_channel_check(
        policy=policy,
        agency=agency,
        denied=policy.community_denied_agency_kinds,
        rule=Rule.COMMUNITY_AGENCY_KIND,
        requests="community requests",
    )


def agency_kind_emergency_check(*, policy: Policy, agency: Agency) -> Decision:
    return _agency_kind_channel_check(
        policy=policy,
        agency=agency,
        denied=policy.emergency_denied_agency_kinds,
        rule=Rule.EMERGENCY_AGENCY_KIND,
        requests="emergency requests",
    )


def _agency_kind_channel_check(
    *, policy: Policy, agency: Agency, denied: Collection[str], rule: Rule, requests: str
) -> Decision:
    """Whether the agency's kind may file ``requests`` on a channel that denies ``denied``."""
    label = policy.agency_kind_label(agency.kind)
    allowed = agency.kind not in denied
    if allowed:
        reason = f"A {label} may file {requests}."
    else:
        reason = f"A {label} may not file {requests} under the policy."
    return decision_make(policy_hash=policy.sha256, rule=rule, allowed=allowed, reason=reason)


def area_jurisdiction_check(*, policy: Policy, agency: Agency, area: Area) -> Decision:
    """The whole area must lie inside the agency's jurisdiction (boundary allowed)."""
    if not agency.jurisdiction:
        allowed = False
        reason = (
            "The agency has no jurisdiction on file; the operator must record it "
            "before the agency can file community requests."
        )
    else:
        allowed = region_covers_area(agency.jurisdiction, area)
        reason = (
            "The area lies inside the agency's jurisdiction."
            if allowed
            else "The area is not wholly inside the agency's jurisdiction."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.JURISDICTION_CONTAINS,
        allowed=allowed,
        reason=reason,
    )


def offense_known_check(*, policy: Policy, offense_category: str) -> Decision:
    allowed = offense_category in policy.offense_categories
    if allowed:
        reason = f"The offense category {policy.offense_label(offense_category)} is on the list."
    else:
        reason = (
            f"The offense category {offense_category!r} is not on the policy's list; "
            "choose one of the listed categories."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.OFFENSE_KNOWN,
        allowed=allowed,
        reason=reason,
    )


def offense_denied_check(*, policy: Policy, offense_category: str) -> Decision:
    label = policy.offense_label(offense_category)
    allowed = offense_category not in policy.denied_offenses
    if allowed:
        reason = f"Footage may be requested for {label}."
    else:
        reason = f"Footage may not be requested for {label}; the policy denies it on every channel."
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.OFFENSE_DENIED,
        allowed=allowed,
        reason=reason,
    )


def attestation_required_check(*, policy: Policy, attestations: frozenset[str]) -> Decision:
    """Every attestation the policy lists must be given; extra ones are ignored."""
    missing = [key for key in policy.attestations if key not in attestations]
    if missing:
        statements = " ".join(policy.attestations[key] for key in missing)
        reason = f"The agency has not attested to: {statements}"
    else:
        reason = "The agency gave every attestation the policy requires."
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.ATTESTATION_REQUIRED,
        allowed=not missing,
        reason=reason,
    )
