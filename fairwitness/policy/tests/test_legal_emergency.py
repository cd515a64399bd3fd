"""Legal process and emergency requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fairwitness.policy.emergency import (
    emergency_evaluate,
    emergency_followup_due,
    emergency_owner_notice_due,
)
from fairwitness.policy.legal import legal_owner_notice_due, legal_process_evaluate
from fairwitness.policy.tests.factories import (
    FILED_AT,
    circle_of,
    emergency_facts,
    legal_facts,
    policy,
    window_ending,
)


def test_warrant_and_court_order_reach_video():
    for kind in ("warrant", "court_order"):
        decision = legal_process_evaluate(policy=policy(), facts=legal_facts(kind))
        assert (decision.allowed, decision.rule) == (True, "legal.allowed")


def test_subpoena_never_reaches_video():
    decision = legal_process_evaluate(policy=policy(), facts=legal_facts("subpoena"))
    assert (decision.allowed, decision.rule) == (False, "legal.kind.video")
    assert decision.reason == (
        "A subpoena does not reach video; only a court order or judicial search warrant does."
    )


def test_unknown_legal_kind_refused():
    decision = legal_process_evaluate(policy=policy(), facts=legal_facts("letter"))
    assert (decision.allowed, decision.rule) == (False, "legal.kind.known")


def test_nondisclosure_order_needs_an_end_date():
    open_ended = replace(legal_facts(), has_nondisclosure=True)
    decision = legal_process_evaluate(policy=policy(), facts=open_ended)
    assert (decision.allowed, decision.rule) == (False, "legal.nondisclosure.end_date")
    dated = replace(open_ended, nondisclosure_until=FILED_AT + timedelta(days=90))
    assert legal_process_evaluate(policy=policy(), facts=dated).allowed


def test_owner_notice_within_7_days_or_when_nondisclosure_ends():
    approved = datetime(2025, 3, 1, tzinfo=UTC)
    assert legal_owner_notice_due(
        policy=policy(), approved_at=approved, nondisclosure_until=None
    ) == approved + timedelta(days=7)
    ends = approved + timedelta(days=60)
    assert (
        legal_owner_notice_due(policy=policy(), approved_at=approved, nondisclosure_until=ends)
        == ends
    )


def test_emergency_window_of_2_h_allowed_and_2_h_1_min_denied():
    ok = replace(emergency_facts(), window=window_ending(FILED_AT, timedelta(hours=2)))
    assert emergency_evaluate(policy=policy(), facts=ok).rule == "emergency.allowed"
    long = replace(ok, window=window_ending(FILED_AT, timedelta(hours=2, minutes=1)))
    decision = emergency_evaluate(policy=policy(), facts=long)
    assert (decision.allowed, decision.rule) == (False, "emergency.window.max")
    assert decision.reason == (
        "The window is 2 h 1 min; the policy allows at most 2 h for an emergency."
    )


def test_emergency_must_name_cameras():
    for cameras in ((), ("cam-1", "  ")):
        decision = emergency_evaluate(
            policy=policy(), facts=replace(emergency_facts(), cameras=cameras)
        )
        assert (decision.allowed, decision.rule) == (False, "emergency.cameras.named")


def test_emergency_cannot_cover_an_area():
    facts = replace(emergency_facts(), area=circle_of(0.05))
    decision = emergency_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "emergency.cameras.named")
    assert "cannot cover an area" in decision.reason


def test_emergency_deadlines_48_h_followup_and_72_h_owner_notice():
    approved = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    assert emergency_followup_due(policy=policy(), approved_at=approved) == approved + timedelta(
        hours=48
    )
    assert emergency_owner_notice_due(
        policy=policy(), approved_at=approved
    ) == approved + timedelta(hours=72)
