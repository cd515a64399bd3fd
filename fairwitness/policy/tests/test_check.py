"""The JSON entry point behind manage.py policy_check."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairwitness.policy.check import policy_check_json, policy_check_run
from fairwitness.policy.community import community_request_evaluate
from fairwitness.policy.json_input import PolicyInputError
from fairwitness.policy.tests.factories import circle_of, community_facts, policy

JURISDICTION = {
    "type": "Polygon",
    "coordinates": [
        [[-87.75, 41.8], [-87.55, 41.8], [-87.55, 42.0], [-87.75, 42.0], [-87.75, 41.8]]
    ],
}
RADIUS_0_1_SQ_MI = circle_of(0.1).radius_m


def community_request() -> dict[str, Any]:
    return {
        "channel": "community",
        "agency": {"kind": "municipal_police", "verified": True, "jurisdiction": JURISDICTION},
        "offense_category": "burglary",
        "attestations": sorted(policy().attestations),
        "area": {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-87.65, 41.9]},
            "properties": {"radius_m": RADIUS_0_1_SQ_MI},
        },
        "window": {"start": "2025-03-01T10:00:00Z", "end": "2025-03-01T12:00:00Z"},
        "filed_at": "2025-03-02T12:00:00+00:00",
        "earlier_requests": 0,
    }


def legal_request(kind: str) -> dict[str, Any]:
    data = community_request()
    for key in ("area", "window", "filed_at", "earlier_requests"):
        del data[key]
    return {**data, "channel": "legal", "legal_kind": kind}


def emergency_request() -> dict[str, Any]:
    data = community_request()
    for key in ("area", "filed_at", "earlier_requests"):
        del data[key]
    return {**data, "channel": "emergency", "cameras": ["cam-3"], "offense_category": "shooting"}


def _check(data: Any) -> dict[str, Any]:
    return policy_check_json(data, policy=policy())


def test_allowed_community_request_reports_rule_hash_and_version():
    assert _check(community_request()) == {
        "allowed": True,
        "rule": "community.allowed",
        "reason": "The community request is within every limit of the policy.",
        "policy_hash": policy().sha256,
        "policy_version": "1.1.0",
    }


def test_result_is_json_serialisable_with_plain_strings():
    result = _check(community_request())
    assert json.loads(json.dumps(result)) == result
    assert type(result["rule"]) is str


def test_same_decision_as_the_rule_functions_for_the_same_request():
    """The JSON path and the service path must agree (acceptance point 8)."""
    direct = community_request_evaluate(policy=policy(), facts=community_facts())
    via_json = _check(community_request())
    assert (via_json["allowed"], via_json["rule"], via_json["reason"]) == (
        direct.allowed,
        direct.rule,
        direct.reason,
    )


def test_window_of_6_h_1_min_denied():
    data = community_request()
    data["window"] = {"start": "2025-03-01T06:00:00Z", "end": "2025-03-01T12:01:00Z"}
    result = _check(data)
    assert (result["allowed"], result["rule"]) == (False, "community.window.max")
    assert result["reason"] == "The window is 6 h 1 min; the policy allows at most 6 h."


def test_polygon_area_and_bare_point_with_radius_accepted():
    data = community_request()
    data["area"] = {
        "type": "Polygon",
        "coordinates": [
            [
                [-87.655, 41.897],
                [-87.645, 41.897],
                [-87.645, 41.903],
                [-87.655, 41.903],
                [-87.655, 41.897],
            ]
        ],
    }
    assert _check(data)["allowed"]
    data["area"] = {"type": "Point", "coordinates": [-87.65, 41.9], "radius_m": 900}
    assert _check(data)["rule"] == "community.area.max"


def test_earlier_requests_as_a_list_are_counted():
    data = community_request()
    data["earlier_requests"] = [{"case": "A-1"}, {"case": "A-2"}]
    assert _check(data)["rule"] == "community.incident.max"


def test_federal_agency_refused_on_community_channel():
    data = community_request()
    data["agency"]["kind"] = "federal"
    assert _check(data)["rule"] == "eligibility.community.agency_kind"


def test_area_outside_jurisdiction_refused():
    data = community_request()
    data["area"]["geometry"]["coordinates"] = [-87.3, 41.9]
    assert _check(data)["rule"] == "eligibility.jurisdiction.contains"


def test_legal_channel():
    assert _check(legal_request("court_order"))["allowed"]
    assert _check(legal_request("subpoena"))["rule"] == "legal.kind.video"
    data = legal_request("warrant")
    data["nondisclosure"] = {"until": None}
    assert _check(data)["rule"] == "legal.nondisclosure.end_date"
    data["nondisclosure"] = {"until": "2025-09-01T00:00:00Z"}
    assert _check(data)["allowed"]


def test_emergency_channel():
    assert _check(emergency_request())["rule"] == "emergency.allowed"
    data = emergency_request()
    data["area"] = community_request()["area"]
    assert _check(data)["rule"] == "emergency.cameras.named"


def _without(key: str) -> dict[str, Any]:
    data = community_request()
    del data[key]
    return data


def _with(path: list[str], value: Any) -> dict[str, Any]:
    data = community_request()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "the input must be a JSON object, got a list"),
        (_without("channel"), "channel must be one of community, emergency, legal, got None"),
        (_with(["attestation"], []), "attestation is not a known key here"),
        (_with(["cameras"], ["c"]), "cameras is not a known key here"),
        (_without("window"), "window is required"),
        (_with(["agency", "verified"], "yes"), "agency.verified must be true or false"),
        (_with(["window", "start"], "yesterday"), "window.start is not an ISO-8601 time"),
        (_with(["window", "start"], "2025-03-01T10:00:00"), "window.start needs a time zone"),
        (_with(["window", "end"], "2025-03-01T09:00:00Z"), "window.end must be after window.start"),
        (_with(["area"], {"type": "LineString"}), "area must be a GeoJSON Polygon or a Point"),
        (_with(["area", "properties"], {}), "area is a Point, so it needs a number radius_m"),
        (_with(["area", "properties", "radius_m"], -3), "radius must be a positive number"),
        (_with(["area", "geometry", "coordinates"], [-87.6]), "area.geometry.coordinates must be"),
        (
            _with(
                ["area"],
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            ),
            "area.coordinates: the polygon is not valid",
        ),
        (_with(["agency", "jurisdiction"], {"type": "Point"}), "agency.jurisdiction must be"),
        (_with(["earlier_requests"], -1), "earlier_requests must be a count"),
        (_with(["attestations"], "all"), "attestations must be a list of strings"),
        (_with(["filed_at"], 20250302), "filed_at must be a non-empty string, got a number"),
    ],
)
def test_malformed_input_gives_a_clear_message(data: Any, message: str):
    with pytest.raises(PolicyInputError) as caught:
        _check(data)
    assert message in caught.value.message
    assert caught.value.code == "invalid_input"


def test_run_exit_codes_and_output():
    allowed = policy_check_run(text=json.dumps(community_request()), policy=policy())
    assert allowed[0] == 0 and allowed[1]["allowed"] is True
    denied = policy_check_run(text=json.dumps(legal_request("subpoena")), policy=policy())
    assert denied[0] == 1 and denied[1]["rule"] == "legal.kind.video"
    bad_json = policy_check_run(text="{", policy=policy())
    assert bad_json[0] == 2
    assert bad_json[1]["error"] == "invalid_input"
    assert bad_json[1]["message"].startswith("the input is not JSON")
    bad_input = policy_check_run(text='{"channel": "community"}', policy=policy())
    assert bad_input == (2, {"error": "invalid_input", "message": "agency is required"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _all_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            paths += _all_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths += _all_paths(value, (*prefix, index))
    return paths


@settings(max_examples=300, deadline=None)
@given(data=st.data(), replacement=json_values)
def test_any_corruption_of_a_request_gives_a_decision_or_an_input_error(
    data: st.DataObject, replacement: Any
):
    """GIVEN a valid request with any one value replaced by arbitrary JSON
    THEN the result is a decision or PolicyInputError, never another exception."""
    base = data.draw(
        st.sampled_from([community_request(), legal_request("warrant"), emergency_request()])
    )
    request = copy.deepcopy(base)
    path = data.draw(st.sampled_from(_all_paths(request)))
    target = request
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    try:
        result = _check(request)
    except PolicyInputError as exc:
        assert exc.message
    else:
        assert set(result) == {"allowed", "rule", "reason", "policy_hash", "policy_version"}
