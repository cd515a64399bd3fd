"""What would the policy say? Evaluate a request described in JSON.

This is the contract of ``manage.py policy_check`` and of any oversight
tool. The input is one JSON object:

- ``channel``: "community", "legal" or "emergency";
- ``agency``: {"kind", "verified", "jurisdiction" (GeoJSON Polygon or
  MultiPolygon, optional)};
- ``offense_category`` and ``attestations`` (list of attestation ids);
- community: ``area`` (GeoJSON Polygon, or Point with ``radius_m``),
  ``window`` {"start", "end"}, ``filed_at``, ``earlier_requests`` (a count,
  or a list of the earlier requests, which are counted);
- legal: ``legal_kind`` and optional ``nondisclosure`` {"until": time or null};
- emergency: ``window``, ``cameras`` (list of camera ids), optional ``area``
  (which the policy refuses: emergencies name cameras).

Times are ISO-8601 with a zone. Keys not listed for the channel are refused,
so that a misspelt key cannot silently drop a fact.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fairwitness.policy.community import community_request_evaluate
from fairwitness.policy.decision import Decision
from fairwitness.policy.document import Policy
from fairwitness.policy.eligibility import channel_known_check
from fairwitness.policy.emergency import emergency_evaluate
from fairwitness.policy.facts import (
    Agency,
    CommunityRequestFacts,
    EmergencyFacts,
    LegalProcessFacts,
)
from fairwitness.policy.json_input import (
    PolicyInputError,
    json_area,
    json_bool,
    json_keys,
    json_object,
    json_region,
    json_text,
    json_text_list,
    json_time,
    json_window,
)
from fairwitness.policy.legal import legal_process_evaluate

_COMMON = {"channel", "agency", "offense_category", "attestations"}
_CHANNEL_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "community": (_COMMON | {"area", "window", "filed_at"}, {"earlier_requests"}),
    "legal": (_COMMON | {"legal_kind"}, {"nondisclosure"}),
    "emergency": (_COMMON | {"window", "cameras"}, {"area"}),
}


def policy_check_json(data: Any, *, policy: Policy) -> dict[str, Any]:
    """Evaluate a JSON request description against ``policy``.

    Returns {"allowed", "rule", "reason", "policy_hash", "policy_version"}.
    Raises PolicyInputError, whose message names the offending key, when the
    description is malformed; nothing else escapes for any JSON value.
    """
    try:
        decision = _decide(json_object(data, "the input"), policy)
    except PolicyInputError:
        raise
    except ValueError as exc:
        # The facts' own invariants (e.g. an invalid polygon) are bad input too.
        raise PolicyInputError(f"the input cannot be evaluated: {exc}") from exc
    return {**decision.as_dict(), "policy_version": policy.version}


def policy_check_error(error: PolicyInputError) -> dict[str, Any]:
    """The JSON printed for bad input."""
    return {"error": error.code, "message": error.message}


def _decide(data: dict[str, Any], policy: Policy) -> Decision:
    channel = data.get("channel")
    if not isinstance(channel, str):
        raise PolicyInputError(
            f"channel must be one of {', '.join(sorted(_CHANNEL_KEYS))}, got {channel!r}"
        )
    if channel not in _CHANNEL_KEYS or channel not in policy.channels:
        # Fail closed: a channel nobody defined is a denial with its rule, not an error.
        return channel_known_check(policy=policy, channel=channel)
    required, optional = _CHANNEL_KEYS[channel]
    json_keys(data, "", required=required, optional=optional)
    agency = _agency(data["agency"])
    offense = json_text(data["offense_category"], "offense_category")
    attestations = frozenset(json_text_list(data["attestations"], "attestations"))
    if channel == "community":
        return community_request_evaluate(
            policy=policy,
            facts=CommunityRequestFacts(
                agency=agency,
                offense_category=offense,
                area=json_area(data["area"], "area"),
                window=json_window(data["window"], "window"),
                filed_at=json_time(data["filed_at"], "filed_at"),
                earlier_requests=_earlier(data.get("earlier_requests", 0)),
                attestations=attestations,
            ),
        )
    if channel == "legal":
        has_order, until = _nondisclosure(data.get("nondisclosure"))
        return legal_process_evaluate(
            policy=policy,
            facts=LegalProcessFacts(
                agency=agency,
                offense_category=offense,
                kind=json_text(data["legal_kind"], "legal_kind"),
                attestations=attestations,
                has_nondisclosure=has_order,
                nondisclosure_until=until,
            ),
        )
    area = json_area(data["area"], "area") if data.get("area") is not None else None
    return emergency_evaluate(
        policy=policy,
        facts=EmergencyFacts(
            agency=agency,
            offense_category=offense,
            window=json_window(data["window"], "window"),
            cameras=json_text_list(data["cameras"], "cameras"),
            attestations=attestations,
            area=area,
        ),
    )


def _agency(value: Any) -> Agency:
    data = json_object(value, "agency")
    json_keys(data, "agency", required={"kind", "verified"}, optional={"jurisdiction"})
    jurisdiction = data.get("jurisdiction")
    return Agency(
        kind=json_text(data["kind"], "agency.kind"),
        verified=json_bool(data["verified"], "agency.verified"),
        jurisdiction=()
        if jurisdiction is None
        else json_region(jurisdiction, "agency.jurisdiction"),
    )


def _earlier(value: Any) -> int:
    if isinstance(value, list):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise PolicyInputError(
        "earlier_requests must be a count (0 or more) or a list of the earlier requests"
    )


def _nondisclosure(value: Any) -> tuple[bool, datetime | None]:
    if value is None:
        return False, None
    data = json_object(value, "nondisclosure")
    json_keys(data, "nondisclosure", required=set(), optional={"until"})
    until = data.get("until")
    return True, None if until is None else json_time(until, "nondisclosure.until")


EXIT_ALLOWED = 0
EXIT_DENIED = 1
EXIT_BAD_INPUT = 2


def policy_check_run(*, text: str, policy: Policy) -> tuple[int, dict[str, Any]]:
    """The whole of ``policy_check`` short of file access: JSON text in, exit code and output out.

    Exit code 0 when allowed, 1 when denied, 2 when the text is not JSON or
    not a request description the policy can evaluate.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return EXIT_BAD_INPUT, policy_check_error(
            PolicyInputError(f"the input is not JSON: {exc.msg} at line {exc.lineno}")
        )
    try:
        result = policy_check_json(data, policy=policy)
    except PolicyInputError as exc:
        return EXIT_BAD_INPUT, policy_check_error(exc)
    return (EXIT_ALLOWED if result["allowed"] else EXIT_DENIED), result
