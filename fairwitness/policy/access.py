"""Every access to a clip under a grant, re-checked against the policy in force.

``grant_access_evaluate`` runs, in order: the grant is live at that moment; its channel is
one the policy in force lists; the agency's kind is one the policy knows; the agency is
verified (a suspended agency is not); the agency kind may use the grant's channel (community:
not barred; emergency: not barred; legal: the kind of legal process reaches video for this
kind of agency); and a download is not asked of a view-only agency kind. A change of policy,
of the agency's status or of the grant therefore takes effect at the next view, stream or
download, with no grant rewritten.
"""

from __future__ import annotations

from collections.abc import Callable

from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.eligibility import (
    agency_kind_community_check,
    agency_kind_emergency_check,
    agency_kind_known_check,
    agency_verified_check,
    channel_known_check,
)
from fairwitness.policy.facts import GrantAccessFacts
from fairwitness.policy.legal import legal_agency_video_check, legal_kind_video_check
from fairwitness.policy.rules import Outcome, Rule


def grant_live_check(*, policy: Policy, facts: GrantAccessFacts) -> Decision:
    f = facts
    if f.ended_at is not None:
        allowed, reason = False, "The grant has ended; a new request is needed."
    elif f.at < f.granted_at:
        allowed, reason = False, "The grant does not start until later."
    elif f.at >= f.expires_at:
        allowed, reason = False, "The grant has expired; a new request is needed."
    else:
        allowed, reason = True, f"The grant is live until {f.expires_at.isoformat()}."
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.GRANT_LIVE, allowed=allowed, reason=reason
    )


def grant_view_only_check(*, policy: Policy, facts: GrantAccessFacts) -> Decision:
    label = policy.agency_kind_label(facts.agency.kind)
    allowed = facts.access == "view" or facts.agency.kind not in policy.view_only_agency_kinds
    reason = (
        f"A {label} may {facts.access} the clip under its grant."
        if allowed
        else f"A grant to a {label} allows viewing only; the clip cannot be downloaded."
    )
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.GRANT_VIEW_ONLY, allowed=allowed, reason=reason
    )


def _channel_rules(policy: Policy, facts: GrantAccessFacts) -> list[Callable[[], Decision]]:
    agency = facts.agency
    if facts.channel == "community":
        return [lambda: agency_kind_community_check(policy=policy, agency=agency)]
    if facts.channel == "emergency":
        return [lambda: agency_kind_emergency_check(policy=policy, agency=agency)]
    kind = facts.legal_kind or ""
    return [
        lambda: legal_kind_video_check(policy=policy, kind=kind),
        lambda: legal_agency_video_check(policy=policy, kind=kind, agency=agency),
    ]


def grant_access_evaluate(*, policy: Policy, facts: GrantAccessFacts) -> Decision:
    f = facts
    checks: list[Callable[[], Decision]] = [
        lambda: grant_live_check(policy=policy, facts=f),
        lambda: channel_known_check(policy=policy, channel=f.channel),
        lambda: agency_kind_known_check(policy=policy, agency=f.agency),
        lambda: agency_verified_check(policy=policy, agency=f.agency),
    ]
    # A channel this code does not know has no agency rules to run: it is already denied above
    # if the policy does not list it, and denied here if the policy lists it.
    if f.channel in ("community", "emergency", "legal"):
        checks += _channel_rules(policy, f)
    else:
        checks.append(
            lambda: decision_make(
                policy_hash=policy.sha256,
                rule=Rule.CHANNEL_KNOWN,
                allowed=False,
                reason=f"{f.channel!r} has no access rules in this version of the platform.",
            )
        )
    checks.append(lambda: grant_view_only_check(policy=policy, facts=f))
    return decision_first_denial(
        checks=checks,
        policy_hash=policy.sha256,
        outcome=Outcome.GRANT_ACCESS_ALLOWED,
        reason=f"The agency may {f.access} the clip under its live grant.",
    )
