"""Legal process: which kinds reach video, non-disclosure, owner notice.

``legal_process_evaluate`` runs, in order: channel open, agency kind known, agency
verified, offense known, offense denied, attestations, kind known, kind reaches video, kind
reaches video for this kind of agency (the default policy: a federal agency only by a judicial
warrant), non-disclosure end date. Area and jurisdiction do not apply: the order names its scope.
"""

from __future__ import annotations

from datetime import datetime

from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.eligibility import (
    agency_kind_known_check,
    agency_verified_check,
    attestation_required_check,
    channel_known_check,
    offense_denied_check,
    offense_known_check,
)
from fairwitness.policy.facts import Agency, LegalProcessFacts
from fairwitness.policy.rules import Outcome, Rule
from fairwitness.policy.wording import list_text


def legal_kind_known_check(*, policy: Policy, kind: str) -> Decision:
    allowed = kind in policy.legal.kinds
    if allowed:
        reason = f"A {policy.legal_kind_label(kind)} is a kind of legal process the policy knows."
    else:
        reason = (
            f"{kind!r} is not a kind of legal process the policy knows; it knows "
            f"{list_text(list(policy.legal.kinds.values()))}."
        )
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.LEGAL_KIND_KNOWN, allowed=allowed, reason=reason
    )


def legal_kind_video_check(*, policy: Policy, kind: str) -> Decision:
    label = policy.legal_kind_label(kind)
    allowed = kind in policy.legal.video_kinds
    reaching = list_text(
        sorted(policy.legal_kind_label(k) for k in policy.legal.video_kinds), conjunction="or"
    )
    if allowed:
        reason = f"A {label} reaches video under the policy."
    else:
        reason = f"A {label} does not reach video; only a {reaching} does."
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.LEGAL_KIND_VIDEO, allowed=allowed, reason=reason
    )


def legal_agency_video_check(*, policy: Policy, kind: str, agency: Agency) -> Decision:
    """Some agency kinds reach video by fewer kinds of legal process than others."""
    allowed_kinds = policy.legal_video_kinds_for(agency.kind)
    allowed = kind in allowed_kinds
    agency_label = policy.agency_kind_label(agency.kind)
    reaching = list_text(
        sorted(policy.legal_kind_label(k) for k in allowed_kinds), conjunction="or"
    )
    if allowed:
        reason = f"A {policy.legal_kind_label(kind)} reaches video for a {agency_label}."
    else:
        reason = (
            f"A {agency_label} reaches video only by a {reaching}, "
            f"not by a {policy.legal_kind_label(kind)}."
        )
    return decision_make(
        policy_hash=policy.sha256, rule=Rule.LEGAL_AGENCY_VIDEO, allowed=allowed, reason=reason
    )


def legal_nondisclosure_check(
    *, policy: Policy, has_nondisclosure: bool, nondisclosure_until: datetime | None
) -> Decision:
    allowed = not has_nondisclosure or nondisclosure_until is not None
    if not has_nondisclosure:
        reason = "There is no non-disclosure order; the owner will be told."
    elif allowed:
        reason = "The non-disclosure order has an end date; the owner will be told when it ends."
    else:
        reason = (
            "The non-disclosure order has no end date; the policy honours only an order "
            "with an end date. Upload the order's end date."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.LEGAL_NONDISCLOSURE_END_DATE,
        allowed=allowed,
        reason=reason,
    )


def legal_owner_notice_due(
    *, policy: Policy, approved_at: datetime, nondisclosure_until: datetime | None
) -> datetime:
    """When the owner must be told: the notice period after approval, or after
    the non-disclosure order ends if that is later."""
    due = approved_at + policy.legal.owner_notice
    if nondisclosure_until is not None and nondisclosure_until > due:
        return nondisclosure_until
    return due


def legal_process_evaluate(*, policy: Policy, facts: LegalProcessFacts) -> Decision:
    f = facts
    return decision_first_denial(
        checks=[
            lambda: channel_known_check(policy=policy, channel="legal"),
            lambda: agency_kind_known_check(policy=policy, agency=f.agency),
            lambda: agency_verified_check(policy=policy, agency=f.agency),
            lambda: offense_known_check(policy=policy, offense_category=f.offense_category),
            lambda: offense_denied_check(policy=policy, offense_category=f.offense_category),
            lambda: attestation_required_check(policy=policy, attestations=f.attestations),
            lambda: legal_kind_known_check(policy=policy, kind=f.kind),
            lambda: legal_kind_video_check(policy=policy, kind=f.kind),
            lambda: legal_agency_video_check(policy=policy, kind=f.kind, agency=f.agency),
            lambda: legal_nondisclosure_check(
                policy=policy,
                has_nondisclosure=f.has_nondisclosure,
                nondisclosure_until=f.nondisclosure_until,
            ),
        ],
        policy_hash=policy.sha256,
        outcome=Outcome.LEGAL_ALLOWED,
        reason=f"The {policy.legal_kind_label(f.kind)} may reach video under the policy.",
    )
