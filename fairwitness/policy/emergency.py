"""Emergency requests: named cameras, a short window, and their deadlines.

``emergency_evaluate`` runs, in order: channel open, agency kind known, agency verified,
agency kind allowed on this channel (the default policy bars federal agencies), offense
known, offense denied, attestations, cameras named, window max.
The two approvals (supervisor and legal reviewer) are workflow, enforced by
the requests app, not facts the policy weighs.
"""

from __future__ import annotations

from datetime import datetime

from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.eligibility import (
    agency_kind_emergency_check,
    agency_kind_known_check,
    agency_verified_check,
    attestation_required_check,
    channel_known_check,
    offense_denied_check,
    offense_known_check,
)
from fairwitness.policy.facts import EmergencyFacts, Window
from fairwitness.policy.geometry import Area
from fairwitness.policy.rules import Outcome, Rule
from fairwitness.policy.wording import duration_text


def emergency_cameras_check(
    *, policy: Policy, cameras: tuple[str, ...], area: Area | None
) -> Decision:
    """At least one camera named, each by a non-blank id, and no area."""
    if area is not None:
        allowed, reason = (
            False,
            (
                "An emergency request covers named cameras only; it cannot cover an area. "
                "Name the cameras instead."
            ),
        )
    elif not cameras or any(not camera.strip() for camera in cameras):
        allowed, reason = False, "An emergency request must name each camera it covers."
    else:
        count = len(set(cameras))
        allowed, reason = True, f"The request names {count} camera{'s' if count != 1 else ''}."
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.EMERGENCY_CAMERAS_NAMED,
        allowed=allowed,
        reason=reason,
    )


def emergency_window_check(*, policy: Policy, window: Window) -> Decision:
    limit = policy.emergency.window_max
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.EMERGENCY_WINDOW_MAX,
        allowed=window.duration <= limit,
        reason=f"The window is {duration_text(window.duration)}; "
        f"the policy allows at most {duration_text(limit)} for an emergency.",
    )


def emergency_followup_due(*, policy: Policy, approved_at: datetime) -> datetime:
    """When legal process must have followed; later than this is a violation."""
    return approved_at + policy.emergency.followup


def emergency_owner_notice_due(*, policy: Policy, approved_at: datetime) -> datetime:
    """When the owner must have been told of the emergency disclosure."""
    return approved_at + policy.emergency.owner_notice


def emergency_evaluate(*, policy: Policy, facts: EmergencyFacts) -> Decision:
    f = facts
    return decision_first_denial(
        checks=[
            lambda: channel_known_check(policy=policy, channel="emergency"),
            lambda: agency_kind_known_check(policy=policy, agency=f.agency),
            lambda: agency_verified_check(policy=policy, agency=f.agency),
            lambda: agency_kind_emergency_check(policy=policy, agency=f.agency),
            lambda: offense_known_check(policy=policy, offense_category=f.offense_category),
            lambda: offense_denied_check(policy=policy, offense_category=f.offense_category),
            lambda: attestation_required_check(policy=policy, attestations=f.attestations),
            lambda: emergency_cameras_check(policy=policy, cameras=f.cameras, area=f.area),
            lambda: emergency_window_check(policy=policy, window=f.window),
        ],
        policy_hash=policy.sha256,
        outcome=Outcome.EMERGENCY_ALLOWED,
        reason="The emergency request is within the policy's limits; legal process must follow "
        f"within {duration_text(policy.emergency.followup)}.",
    )
