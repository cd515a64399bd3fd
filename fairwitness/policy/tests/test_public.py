"""Plain-language rules for the public policy page, and how numbers are written."""

from __future__ import annotations

from datetime import timedelta

from fairwitness.policy.loader import policy_parse
from fairwitness.policy.public import policy_rules_describe
from fairwitness.policy.rules import Rule
from fairwitness.policy.tests.factories import PACKAGED_POLICY_PATH, policy
from fairwitness.policy.wording import area_text, duration_text, list_text


def test_every_rule_is_described_once_in_order():
    items = policy_rules_describe(policy=policy())
    assert [rule for rule, _text in items] == [rule.value for rule in Rule]
    assert all(text and "{" not in text for _rule, text in items)


def test_descriptions_show_the_numbers_in_force():
    texts = dict(policy_rules_describe(policy=policy()))
    assert texts["community.window.max"] == (
        "A community request covers a time window of at most 6 h."
    )
    assert "0.25 sq mi" in texts["community.area.max"]
    assert "30 days" in texts["community.lookback.max"]
    assert "48 h" in texts["emergency.followup.deadline"]
    assert "180 days" in texts["grant.extension.cap"]
    assert "immigration violation" in texts["purpose.offense.denied"]
    assert "federal agency" in texts["eligibility.community.agency_kind"]


def test_descriptions_follow_a_changed_policy():
    raw = PACKAGED_POLICY_PATH.read_text().replace(
        "window_max_minutes = 360", "window_max_minutes = 270", 1
    )
    texts = dict(policy_rules_describe(policy=policy_parse(raw.encode())))
    assert texts["community.window.max"].endswith("at most 4 h 30 min.")


def test_duration_text():
    assert duration_text(timedelta(hours=6, minutes=1)) == "6 h 1 min"
    assert duration_text(timedelta(minutes=15)) == "15 min"
    assert duration_text(timedelta(hours=72)) == "72 h"
    assert duration_text(timedelta(days=30, minutes=1)) == "30 days 1 min"
    assert duration_text(timedelta(hours=6, seconds=30)) == "6 h 30 s"
    assert duration_text(timedelta(0)) == "0 s"


def test_area_text_never_prints_a_value_equal_to_its_limit():
    assert area_text(0.25) == "0.25 sq mi"
    assert area_text(0.2500004, beside=0.25) == "0.2500004 sq mi"
    assert area_text(0.25, beside=0.25) == "0.25 sq mi"
    assert area_text(0.98312, beside=0.25) == "0.983 sq mi"


def test_list_text():
    assert list_text(["a"]) == "a"
    assert list_text(["a", "b", "c"]) == "a, b and c"
    assert list_text(["a", "b"], conjunction="or") == "a or b"
