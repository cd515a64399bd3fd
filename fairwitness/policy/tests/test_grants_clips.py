"""Grant length, extension cap, retention, and which clips may be shared."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from fairwitness.policy.clips import clip_share_evaluate
from fairwitness.policy.facts import GrantExtensionFacts, Window
from fairwitness.policy.grants import (
    grant_expiry_compute,
    grant_extension_evaluate,
    retention_evaluate,
)
from fairwitness.policy.tests.factories import (
    CENTER,
    FILED_AT,
    clip_facts,
    extension_facts,
    policy,
)


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 1, hour, minute, tzinfo=UTC)


def test_grant_lasts_30_days():
    assert grant_expiry_compute(policy=policy(), granted_at=FILED_AT) == FILED_AT + timedelta(
        days=30
    )


def test_extension_to_180_days_in_all_allowed_and_one_minute_more_denied():
    ok = grant_extension_evaluate(policy=policy(), facts=extension_facts(timedelta(days=180)))
    assert (ok.allowed, ok.rule) == (True, "grant.extension.allowed")
    over = grant_extension_evaluate(
        policy=policy(), facts=extension_facts(timedelta(days=180, minutes=1))
    )
    assert (over.allowed, over.rule) == (False, "grant.extension.cap")
    assert over.reason == (
        "With this extension the grant would last 180 days 1 min in all; "
        "the policy allows at most 180 days."
    )


def test_extension_needs_a_justification():
    decision = grant_extension_evaluate(
        policy=policy(), facts=extension_facts(timedelta(days=60), justification="   ")
    )
    assert (decision.allowed, decision.rule) == (False, "grant.extension.justification")


def test_extension_must_move_expiry_later():
    with pytest.raises(ValueError, match="later"):
        GrantExtensionFacts(
            granted_at=FILED_AT,
            current_expires_at=FILED_AT + timedelta(days=30),
            requested_expires_at=FILED_AT + timedelta(days=30),
            justification="x",
        )


@pytest.mark.parametrize(
    ("days", "allowed"), [(0, False), (1, True), (30, True), (180, True), (181, False)]
)
def test_retention_between_1_and_180_days(days: int, allowed: bool):
    decision = retention_evaluate(policy=policy(), days=days)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "retention.days.range"
        assert f"{days} days" in decision.reason


def test_retention_default_is_30_days():
    assert policy().retention.default_days == 30


def test_clip_overlapping_window_from_camera_in_area_may_be_shared():
    decision = clip_share_evaluate(
        policy=policy(), facts=clip_facts(Window(start=_at(9, 58), end=_at(10, 1)))
    )
    assert (decision.allowed, decision.rule) == (True, "clip.share.allowed")


def test_clip_ending_as_window_starts_does_not_overlap():
    decision = clip_share_evaluate(
        policy=policy(), facts=clip_facts(Window(start=_at(9, 55), end=_at(10, 0)))
    )
    assert (decision.allowed, decision.rule) == (False, "clip.window.overlap")
    assert "2025-03-01 09:55:00 to 2025-03-01 10:00:00 UTC" in decision.reason


def test_clip_starting_one_second_before_window_end_overlaps():
    clip = Window(start=_at(12, 0) - timedelta(seconds=1), end=_at(12, 5))
    assert clip_share_evaluate(policy=policy(), facts=clip_facts(clip)).allowed


def test_clip_from_camera_outside_area_denied():
    # The area is a 0.1 sq mi circle (radius about 287 m); 0.005 degrees of
    # latitude is about 555 m.
    facts = clip_facts(Window(start=_at(10), end=_at(10, 5)), camera=(CENTER[0], CENTER[1] + 0.005))
    decision = clip_share_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "clip.camera.inside")


def test_clip_cannot_be_shared_after_request_closes():
    facts = clip_facts(Window(start=_at(10), end=_at(10, 5)))
    late = replace(facts, shared_at=FILED_AT + timedelta(days=14))
    decision = clip_share_evaluate(policy=policy(), facts=late)
    assert (decision.allowed, decision.rule) == (False, "community.open.period")
