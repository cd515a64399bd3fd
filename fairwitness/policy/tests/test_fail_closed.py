"""The policy fails closed, and its federal defaults hold, as pure rules (issue 17).

An agency kind, channel, purpose or legal-process kind the policy does not know is denied with
a rule that says so; each access under a grant is judged again against the policy given.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from fairwitness.policy import (
    community_request_evaluate,
    emergency_evaluate,
    grant_access_evaluate,
    legal_process_evaluate,
    policy_check_json,
)
from fairwitness.policy.facts import GrantAccessFacts
from fairwitness.policy.loader import policy_parse
from fairwitness.policy.rules import Outcome, Rule
from fairwitness.policy.tests.factories import (
    FILED_AT,
    agency,
    community_facts,
    emergency_facts,
    legal_facts,
    policy,
)


@pytest.mark.parametrize("kind", ["local", "Federal", "federal_agency", ""])
def test_an_unknown_agency_kind_is_denied_on_every_channel(kind: str) -> None:
    unknown = agency(kind)
    decisions = [
        community_request_evaluate(
            policy=policy(), facts=replace(community_facts(), agency=unknown)
        ),
        legal_process_evaluate(policy=policy(), facts=replace(legal_facts(), agency=unknown)),
        emergency_evaluate(policy=policy(), facts=replace(emergency_facts(), agency=unknown)),
        grant_access_evaluate(policy=policy(), facts=access_facts(agency_kind=kind)),
    ]
    for decision in decisions:
        assert not decision.allowed
        assert decision.rule == Rule.AGENCY_KIND_KNOWN
        assert repr(kind) in decision.reason


def test_an_unknown_channel_purpose_or_legal_kind_is_denied_with_its_rule() -> None:
    base = {
        "agency": {"kind": "municipal_police", "verified": True},
        "offense_category": "robbery",
        "attestations": sorted(policy().attestations),
    }
    channel = policy_check_json({**base, "channel": "phone"}, policy=policy())
    assert (channel["allowed"], channel["rule"]) == (False, Rule.CHANNEL_KNOWN)
    purpose = legal_process_evaluate(
        policy=policy(), facts=replace(legal_facts(), offense_category="curiosity")
    )
    assert (purpose.allowed, purpose.rule) == (False, Rule.OFFENSE_KNOWN)
    kind = legal_process_evaluate(policy=policy(), facts=legal_facts("wiretap"))
    assert (kind.allowed, kind.rule) == (False, Rule.LEGAL_KIND_KNOWN)
    access = grant_access_evaluate(policy=policy(), facts=access_facts(channel="phone"))
    assert (access.allowed, access.rule) == (False, Rule.CHANNEL_KNOWN)


def access_facts(
    *,
    agency_kind: str = "municipal_police",
    verified: bool = True,
    channel: str = "legal",
    legal_kind: str | None = "warrant",
    access: str = "view",
    at_days: int = 1,
) -> GrantAccessFacts:
    return GrantAccessFacts(
        agency=agency(agency_kind, verified=verified),
        channel=channel,
        legal_kind=legal_kind if channel == "legal" else None,
        access=access,
        granted_at=FILED_AT,
        expires_at=FILED_AT + timedelta(days=30),
        ended_at=None,
        at=FILED_AT + timedelta(days=at_days),
    )


def test_a_live_grant_of_a_verified_agency_is_allowed() -> None:
    decision = grant_access_evaluate(policy=policy(), facts=access_facts(access="download"))
    assert (decision.allowed, decision.rule) == (True, Outcome.GRANT_ACCESS_ALLOWED)


def test_a_suspended_agency_is_denied_under_a_live_grant() -> None:
    decision = grant_access_evaluate(policy=policy(), facts=access_facts(verified=False))
    assert (decision.allowed, decision.rule) == (False, Rule.AGENCY_VERIFIED)
    assert "suspended" in decision.reason


def test_an_expired_or_ended_grant_is_denied() -> None:
    expired = grant_access_evaluate(policy=policy(), facts=access_facts(at_days=30))
    assert (expired.allowed, expired.rule) == (False, Rule.GRANT_LIVE)
    ended = replace(access_facts(), ended_at=FILED_AT + timedelta(hours=1))
    assert grant_access_evaluate(policy=policy(), facts=ended).rule == Rule.GRANT_LIVE


def _without_channel(name: str) -> bytes:
    text = policy().source
    line = next(x for x in text.splitlines() if x.startswith(f"{name} = ") and "request" in x)
    return text.replace(line + "\n", "", 1).encode()


@pytest.mark.parametrize("channel", ["community", "emergency"])
def test_a_policy_without_a_channel_denies_access_under_its_grants(channel: str) -> None:
    narrowed = policy_parse(_without_channel(channel))
    assert channel not in narrowed.channels
    facts = access_facts(channel=channel)
    assert grant_access_evaluate(policy=policy(), facts=facts).allowed
    decision = grant_access_evaluate(policy=narrowed, facts=facts)
    assert (decision.allowed, decision.rule) == (False, Rule.CHANNEL_KNOWN)
    assert decision.policy_hash == narrowed.sha256


# The federal defaults of the packaged policy.

FEDERAL = "federal"


@pytest.mark.parametrize("kind", ["court_order", "subpoena", "admin_warrant"])
def test_federal_legal_process_reaches_video_only_by_a_judicial_warrant(kind: str) -> None:
    federal = replace(legal_facts(kind), agency=agency(FEDERAL))
    decision = legal_process_evaluate(policy=policy(), facts=federal)
    assert not decision.allowed
    assert decision.rule in (Rule.LEGAL_KIND_VIDEO, Rule.LEGAL_AGENCY_VIDEO)
    warrant = legal_process_evaluate(
        policy=policy(), facts=replace(legal_facts("warrant"), agency=agency(FEDERAL))
    )
    assert warrant.allowed
    # The same court order is enough for a local agency.
    assert legal_process_evaluate(policy=policy(), facts=legal_facts("court_order")).allowed


def test_a_federal_court_order_grant_stops_playing_under_the_federal_rule() -> None:
    facts = access_facts(agency_kind=FEDERAL, legal_kind="court_order")
    decision = grant_access_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, Rule.LEGAL_AGENCY_VIDEO)


def test_no_federal_emergency_requests() -> None:
    federal = replace(emergency_facts(), agency=agency(FEDERAL))
    decision = emergency_evaluate(policy=policy(), facts=federal)
    assert (decision.allowed, decision.rule) == (False, Rule.EMERGENCY_AGENCY_KIND)
    access = grant_access_evaluate(
        policy=policy(), facts=access_facts(agency_kind=FEDERAL, channel="emergency")
    )
    assert (access.allowed, access.rule) == (False, Rule.EMERGENCY_AGENCY_KIND)


@pytest.mark.parametrize("kind", [FEDERAL, "municipal_police"])
def test_civil_immigration_enforcement_is_denied_on_every_channel(kind: str) -> None:
    purpose = "civil_immigration_enforcement"
    who = agency(kind)
    decisions = [
        community_request_evaluate(
            policy=policy(),
            facts=replace(community_facts(), agency=who, offense_category=purpose),
        ),
        legal_process_evaluate(
            policy=policy(), facts=replace(legal_facts(), agency=who, offense_category=purpose)
        ),
        emergency_evaluate(
            policy=policy(),
            facts=replace(emergency_facts(), agency=who, offense_category=purpose),
        ),
    ]
    for decision in decisions:
        assert not decision.allowed
        # A federal agency is stopped earlier on community and emergency; the purpose rule
        # denies it wherever the channel is open to it.
        assert decision.rule in (
            Rule.OFFENSE_DENIED,
            Rule.COMMUNITY_AGENCY_KIND,
            Rule.EMERGENCY_AGENCY_KIND,
        )
    assert any(d.rule == Rule.OFFENSE_DENIED for d in decisions)
    if kind != FEDERAL:
        assert all(d.rule == Rule.OFFENSE_DENIED for d in decisions)


def test_a_federal_grant_is_view_only() -> None:
    view = grant_access_evaluate(policy=policy(), facts=access_facts(agency_kind=FEDERAL))
    assert view.allowed
    download = grant_access_evaluate(
        policy=policy(), facts=access_facts(agency_kind=FEDERAL, access="download")
    )
    assert (download.allowed, download.rule) == (False, Rule.GRANT_VIEW_ONLY)


def test_an_operator_can_change_the_federal_defaults_in_a_policy_version() -> None:
    text = policy().source.replace('view_only_kinds = ["federal"]', "view_only_kinds = []")
    text = text.replace('emergency_denied_kinds = ["federal"]', "emergency_denied_kinds = []")
    changed = policy_parse(text.encode())
    download = access_facts(agency_kind=FEDERAL, access="download")
    assert grant_access_evaluate(policy=changed, facts=download).allowed
    federal = replace(emergency_facts(), agency=agency(FEDERAL))
    assert emergency_evaluate(policy=changed, facts=federal).allowed
