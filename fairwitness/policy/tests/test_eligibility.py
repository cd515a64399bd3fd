"""Eligibility and prohibited purposes, across channels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fairwitness.policy.community import community_request_evaluate
from fairwitness.policy.emergency import emergency_evaluate
from fairwitness.policy.facts import Agency
from fairwitness.policy.legal import legal_process_evaluate
from fairwitness.policy.tests.factories import (
    CENTER,
    agency,
    all_attestations,
    circle_of,
    community_facts,
    emergency_facts,
    legal_facts,
    policy,
    square,
)


def test_unverified_agency_denied_on_every_channel():
    unverified = agency(verified=False)
    decisions = [
        community_request_evaluate(
            policy=policy(), facts=replace(community_facts(), agency=unverified)
        ),
        legal_process_evaluate(policy=policy(), facts=replace(legal_facts(), agency=unverified)),
        emergency_evaluate(policy=policy(), facts=replace(emergency_facts(), agency=unverified)),
    ]
    assert {(d.allowed, d.rule) for d in decisions} == {(False, "eligibility.agency.verified")}


def test_federal_agency_cannot_file_community_request():
    facts = replace(community_facts(), agency=agency("federal"))
    decision = community_request_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "eligibility.community.agency_kind")
    assert decision.reason == "A federal agency may not file community requests under the policy."


def test_federal_agency_may_use_legal_process():
    facts = replace(legal_facts(), agency=agency("federal"))
    assert legal_process_evaluate(policy=policy(), facts=facts).allowed


@pytest.mark.parametrize("category", sorted(policy().denied_offenses))
def test_denied_offense_category_refused_on_every_channel(category: str):
    for decision in (
        community_request_evaluate(
            policy=policy(), facts=replace(community_facts(), offense_category=category)
        ),
        legal_process_evaluate(
            policy=policy(), facts=replace(legal_facts(), offense_category=category)
        ),
        emergency_evaluate(
            policy=policy(), facts=replace(emergency_facts(), offense_category=category)
        ),
    ):
        assert (decision.allowed, decision.rule) == (False, "purpose.offense.denied")
        assert policy().offense_label(category) in decision.reason


def test_immigration_and_minor_offenses_are_in_the_denied_list():
    assert {"immigration_violation", "jaywalking", "loitering"} <= policy().denied_offenses


def test_unknown_offense_category_refused():
    facts = replace(community_facts(), offense_category="being_suspicious")
    decision = community_request_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "purpose.offense.known")
    assert "'being_suspicious'" in decision.reason


@pytest.mark.parametrize("missing", sorted(policy().attestations))
def test_each_missing_attestation_denies_and_is_named(missing: str):
    facts = replace(community_facts(), attestations=all_attestations() - {missing})
    decision = community_request_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "purpose.attestation.required")
    assert policy().attestations[missing] in decision.reason


def test_area_inside_jurisdiction_allowed_and_crossing_its_edge_denied():
    # The jurisdiction is a square 0.1 degrees either side of CENTER.
    inside = circle_of(0.25, center=(CENTER[0] + 0.09, CENTER[1]))
    assert community_request_evaluate(
        policy=policy(), facts=replace(community_facts(), area=inside)
    ).allowed
    crossing = circle_of(0.25, center=(CENTER[0] + 0.1, CENTER[1]))
    decision = community_request_evaluate(
        policy=policy(), facts=replace(community_facts(), area=crossing)
    )
    assert (decision.allowed, decision.rule) == (False, "eligibility.jurisdiction.contains")


def test_area_may_span_two_polygons_of_a_jurisdiction():
    west = square(CENTER[0] - 0.05, CENTER[1], 0.05)
    east = square(CENTER[0] + 0.05, CENTER[1], 0.05)
    two_part = Agency(kind="municipal_police", verified=True, jurisdiction=(west, east))
    facts = replace(community_facts(), agency=two_part, area=circle_of(0.2))
    assert community_request_evaluate(policy=policy(), facts=facts).allowed


def test_agency_without_jurisdiction_denied():
    facts = replace(community_facts(), agency=Agency(kind="county_sheriff", verified=True))
    decision = community_request_evaluate(policy=policy(), facts=facts)
    assert (decision.allowed, decision.rule) == (False, "eligibility.jurisdiction.contains")
    assert "no jurisdiction on file" in decision.reason
