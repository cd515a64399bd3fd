"""Community-request limits, each at its boundary and just beyond."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from fairwitness.policy.community import (
    community_open_check,
    community_request_closes_at,
    community_request_evaluate,
)
from fairwitness.policy.decision import Decision
from fairwitness.policy.facts import CommunityRequestFacts, Window
from fairwitness.policy.tests.factories import (
    FILED_AT,
    circle_of,
    community_facts,
    policy,
    window_ending,
)

MINUTE = timedelta(minutes=1)


def _evaluate(facts: CommunityRequestFacts) -> Decision:
    return community_request_evaluate(policy=policy(), facts=facts)


def _with_window(length: timedelta) -> CommunityRequestFacts:
    end = FILED_AT - timedelta(hours=1)
    return replace(community_facts(), window=window_ending(end, length))


def test_valid_request_is_allowed_with_policy_hash():
    decision = _evaluate(community_facts())
    assert decision.allowed
    assert decision.rule == "community.allowed"
    assert decision.policy_hash == policy().sha256


def test_window_of_6_h_allowed_and_6_h_1_min_denied_with_readable_reason():
    assert _evaluate(_with_window(timedelta(hours=6))).allowed
    decision = _evaluate(_with_window(timedelta(hours=6) + MINUTE))
    assert not decision.allowed
    assert decision.rule == "community.window.max"
    assert decision.reason == "The window is 6 h 1 min; the policy allows at most 6 h."


def test_window_of_15_min_allowed_and_14_min_denied():
    assert _evaluate(_with_window(timedelta(minutes=15))).allowed
    decision = _evaluate(_with_window(timedelta(minutes=14)))
    assert (decision.allowed, decision.rule) == (False, "community.window.min")
    assert decision.reason == "The window is 14 min; the policy requires at least 15 min."


@given(seconds=st.integers(min_value=1, max_value=12 * 3600))
def test_window_allowed_exactly_between_15_min_and_6_h(seconds: int):
    """GIVEN any window length WHEN evaluated THEN allowed iff 15 min <= length <= 6 h."""
    length = timedelta(seconds=seconds)
    decision = _evaluate(_with_window(length))
    assert decision.allowed == (timedelta(minutes=15) <= length <= timedelta(hours=6))
    if not decision.allowed:
        assert decision.rule in {"community.window.min", "community.window.max"}


def test_window_ending_after_filing_is_denied():
    facts = replace(community_facts(), window=window_ending(FILED_AT + MINUTE, timedelta(hours=1)))
    decision = _evaluate(facts)
    assert (decision.allowed, decision.rule) == (False, "community.window.future")
    assert "1 min after the request was filed" in decision.reason
    at_filing = replace(community_facts(), window=window_ending(FILED_AT, timedelta(hours=1)))
    assert _evaluate(at_filing).allowed


def test_lookback_of_30_days_allowed_and_30_days_1_min_denied():
    start = FILED_AT - timedelta(days=30)
    ok = replace(community_facts(), window=Window(start=start, end=start + timedelta(hours=1)))
    assert _evaluate(ok).allowed
    start -= MINUTE
    late = replace(community_facts(), window=Window(start=start, end=start + timedelta(hours=1)))
    decision = _evaluate(late)
    assert (decision.allowed, decision.rule) == (False, "community.lookback.max")
    assert decision.reason == (
        "The window starts 30 days 1 min before the request was filed; "
        "the policy allows looking back at most 30 days."
    )


def test_area_of_0_25_sq_mi_allowed_and_slightly_more_denied():
    assert _evaluate(replace(community_facts(), area=circle_of(0.25))).allowed
    decision = _evaluate(replace(community_facts(), area=circle_of(0.2501)))
    assert (decision.allowed, decision.rule) == (False, "community.area.max")
    assert decision.reason == "The area is 0.2501 sq mi; the policy allows at most 0.25 sq mi."


def test_area_of_0_025_sq_mi_allowed_and_slightly_less_denied():
    assert _evaluate(replace(community_facts(), area=circle_of(0.025))).allowed
    decision = _evaluate(replace(community_facts(), area=circle_of(0.0249)))
    assert (decision.allowed, decision.rule) == (False, "community.area.min")
    assert decision.reason == "The area is 0.0249 sq mi; the policy requires at least 0.025 sq mi."


def test_second_request_for_incident_allowed_third_denied():
    assert _evaluate(replace(community_facts(), earlier_requests=1)).allowed
    decision = _evaluate(replace(community_facts(), earlier_requests=2))
    assert (decision.allowed, decision.rule) == (False, "community.incident.max")
    assert decision.reason == (
        "This would be community request 3 for the incident; the policy allows at most 2."
    )


def test_request_open_until_14_days_after_filing_and_closed_at_14_days():
    closes = community_request_closes_at(policy=policy(), filed_at=FILED_AT)
    assert closes == FILED_AT + timedelta(days=14)
    assert community_open_check(policy=policy(), filed_at=FILED_AT, at=closes - MINUTE).allowed
    decision = community_open_check(policy=policy(), filed_at=FILED_AT, at=closes)
    assert (decision.allowed, decision.rule) == (False, "community.open.period")
    assert "14 days after it was filed" in decision.reason


def test_first_denial_in_fixed_order_wins():
    """GIVEN a request both too long and too large THEN the window rule, checked first, answers."""
    facts = replace(_with_window(timedelta(hours=7)), area=circle_of(1.0))
    assert _evaluate(facts).rule == "community.window.max"


@given(sq_mi=st.floats(min_value=0.005, max_value=0.6))
def test_area_allowed_exactly_between_0_025_and_0_25_sq_mi(sq_mi: float):
    """GIVEN a circle of any size WHEN evaluated THEN allowed iff 0.025 <= area <= 0.25 sq mi.

    Sizes within a part per million of a limit are left out: there the answer
    depends on float rounding, which the boundary tests above pin down.
    """
    if min(abs(sq_mi - 0.025) / 0.025, abs(sq_mi - 0.25) / 0.25) < 1e-6:
        return
    decision = _evaluate(replace(community_facts(), area=circle_of(sq_mi)))
    assert decision.allowed == (0.025 <= sq_mi <= 0.25)
