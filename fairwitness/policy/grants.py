"""Grant length and extensions, and owners' retention choices."""

from __future__ import annotations

from datetime import datetime

from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.facts import GrantExtensionFacts
from fairwitness.policy.rules import Outcome, Rule
from fairwitness.policy.wording import days_text, duration_text


def grant_expiry_compute(*, policy: Policy, granted_at: datetime) -> datetime:
    """The expiry of a new grant."""
    return granted_at + policy.grant.length


def grant_extension_justification_check(*, policy: Policy, justification: str) -> Decision:
    allowed = bool(justification.strip())
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.GRANT_EXTENSION_JUSTIFICATION,
        allowed=allowed,
        reason="The extension is justified in writing."
        if allowed
        else "An extension needs a supervisor's written justification; none was given.",
    )


def grant_extension_cap_check(
    *, policy: Policy, granted_at: datetime, requested_expires_at: datetime
) -> Decision:
    """The grant's whole life, from grant to the requested expiry, is capped."""
    limit = policy.grant.total_max
    total = requested_expires_at - granted_at
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.GRANT_EXTENSION_CAP,
        allowed=total <= limit,
        reason=f"With this extension the grant would last {duration_text(total)} in all; "
        f"the policy allows at most {duration_text(limit)}.",
    )


def grant_extension_evaluate(*, policy: Policy, facts: GrantExtensionFacts) -> Decision:
    """Runs, in order: justification, cap."""
    f = facts
    return decision_first_denial(
        checks=[
            lambda: grant_extension_justification_check(
                policy=policy, justification=f.justification
            ),
            lambda: grant_extension_cap_check(
                policy=policy,
                granted_at=f.granted_at,
                requested_expires_at=f.requested_expires_at,
            ),
        ],
        policy_hash=policy.sha256,
        outcome=Outcome.GRANT_EXTENSION_ALLOWED,
        reason=f"The grant may be extended to {f.requested_expires_at.isoformat()}.",
    )


def retention_evaluate(*, policy: Policy, days: int) -> Decision:
    """Whether an owner may keep clips for ``days`` days."""
    low, high = policy.retention.min_days, policy.retention.max_days
    if low <= days <= high:
        return decision_make(
            policy_hash=policy.sha256,
            rule=Outcome.RETENTION_ALLOWED,
            allowed=True,
            reason=f"Clips will be kept for {days_text(days)}.",
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.RETENTION_RANGE,
        allowed=False,
        reason=f"A retention of {days_text(days)} is outside the allowed "
        f"{low} to {days_text(high)}.",
    )
