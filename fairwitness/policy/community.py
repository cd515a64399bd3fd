"""Limits on a community request: window, area, look-back, count, open period.

``community_request_evaluate`` runs every check in a fixed order: agency
verified, agency kind, offense known, offense denied, attestations, window
not in the future, window min, window max, look-back, area min, area max,
jurisdiction, requests per incident. The first denial is the answer.
"""

from __future__ import annotations

from datetime import datetime

from fairwitness.policy.decision import Decision, decision_first_denial, decision_make
from fairwitness.policy.document import Policy
from fairwitness.policy.eligibility import (
    agency_kind_community_check,
    agency_kind_known_check,
    agency_verified_check,
    area_jurisdiction_check,
    attestation_required_check,
    channel_known_check,
    offense_denied_check,
    offense_known_check,
)
from fairwitness.policy.facts import CommunityRequestFacts, Window
from fairwitness.policy.geometry import Area, area_sq_m
from fairwitness.policy.rules import Outcome, Rule
from fairwitness.policy.wording import SQ_M_PER_SQ_MI, area_text, duration_text

# Areas are floats from geodesic arithmetic; one part per billion of slack
# keeps an area computed to be exactly the limit from failing on rounding.
_AREA_TOLERANCE = 1e-9


def community_window_future_check(
    *, policy: Policy, window: Window, filed_at: datetime
) -> Decision:
    allowed = window.end <= filed_at
    if allowed:
        reason = "The window ends before the request was filed."
    else:
        reason = (
            f"The window ends {duration_text(window.end - filed_at)} after the request was "
            "filed; a community request may ask only for footage already recorded."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_WINDOW_FUTURE,
        allowed=allowed,
        reason=reason,
    )


def community_window_min_check(*, policy: Policy, window: Window) -> Decision:
    limit = policy.community.window_min
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_WINDOW_MIN,
        allowed=window.duration >= limit,
        reason=f"The window is {duration_text(window.duration)}; "
        f"the policy requires at least {duration_text(limit)}.",
    )


def community_window_max_check(*, policy: Policy, window: Window) -> Decision:
    limit = policy.community.window_max
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_WINDOW_MAX,
        allowed=window.duration <= limit,
        reason=f"The window is {duration_text(window.duration)}; "
        f"the policy allows at most {duration_text(limit)}.",
    )


def community_lookback_check(*, policy: Policy, window: Window, filed_at: datetime) -> Decision:
    """The window may start no earlier than the look-back before filing."""
    limit = policy.community.lookback
    back = filed_at - window.start
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_LOOKBACK_MAX,
        allowed=back <= limit,
        reason=f"The window starts {duration_text(back)} before the request was filed; "
        f"the policy allows looking back at most {duration_text(limit)}.",
    )


def community_area_min_check(*, policy: Policy, area: Area) -> Decision:
    limit = policy.community.area_min_sq_mi
    value = area_sq_m(area) / SQ_M_PER_SQ_MI
    allowed = value >= limit * (1 - _AREA_TOLERANCE)
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_AREA_MIN,
        allowed=allowed,
        reason=f"The area is {area_text(value, beside=limit)}; "
        f"the policy requires at least {area_text(limit)}.",
    )


def community_area_max_check(*, policy: Policy, area: Area) -> Decision:
    limit = policy.community.area_max_sq_mi
    value = area_sq_m(area) / SQ_M_PER_SQ_MI
    allowed = value <= limit * (1 + _AREA_TOLERANCE)
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_AREA_MAX,
        allowed=allowed,
        reason=f"The area is {area_text(value, beside=limit)}; "
        f"the policy allows at most {area_text(limit)}.",
    )


def community_incident_check(*, policy: Policy, earlier_requests: int) -> Decision:
    limit = policy.community.requests_per_incident_max
    number = earlier_requests + 1
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_INCIDENT_MAX,
        allowed=number <= limit,
        reason=f"This would be community request {number} for the incident; "
        f"the policy allows at most {limit}.",
    )


def community_request_closes_at(*, policy: Policy, filed_at: datetime) -> datetime:
    """When a request filed at ``filed_at`` stops accepting answers."""
    return filed_at + policy.community.open_for


def community_open_check(*, policy: Policy, filed_at: datetime, at: datetime) -> Decision:
    """A request is open from filing until, but not at, its closing time."""
    closes = community_request_closes_at(policy=policy, filed_at=filed_at)
    allowed = at < closes
    period = duration_text(policy.community.open_for)
    if allowed:
        reason = f"The request is open until {closes.isoformat()} ({period} after filing)."
    else:
        reason = (
            f"The request closed at {closes.isoformat()}, {period} after it was filed; "
            "clips can no longer be shared in answer."
        )
    return decision_make(
        policy_hash=policy.sha256,
        rule=Rule.COMMUNITY_OPEN_PERIOD,
        allowed=allowed,
        reason=reason,
    )


def community_request_evaluate(*, policy: Policy, facts: CommunityRequestFacts) -> Decision:
    f = facts
    return decision_first_denial(
        checks=[
            lambda: channel_known_check(policy=policy, channel="community"),
            lambda: agency_kind_known_check(policy=policy, agency=f.agency),
            lambda: agency_verified_check(policy=policy, agency=f.agency),
            lambda: agency_kind_community_check(policy=policy, agency=f.agency),
            lambda: offense_known_check(policy=policy, offense_category=f.offense_category),
            lambda: offense_denied_check(policy=policy, offense_category=f.offense_category),
            lambda: attestation_required_check(policy=policy, attestations=f.attestations),
            lambda: community_window_future_check(
                policy=policy, window=f.window, filed_at=f.filed_at
            ),
            lambda: community_window_min_check(policy=policy, window=f.window),
            lambda: community_window_max_check(policy=policy, window=f.window),
            lambda: community_lookback_check(policy=policy, window=f.window, filed_at=f.filed_at),
            lambda: community_area_min_check(policy=policy, area=f.area),
            lambda: community_area_max_check(policy=policy, area=f.area),
            lambda: area_jurisdiction_check(policy=policy, agency=f.agency, area=f.area),
            lambda: community_incident_check(policy=policy, earlier_requests=f.earlier_requests),
        ],
        policy_hash=policy.sha256,
        outcome=Outcome.COMMUNITY_ALLOWED,
        reason="The community request is within every limit of the policy.",
    )
