"""Storing a policy decision and turning a denial into PolicyDenied."""

from __future__ import annotations

from typing import Any

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import Role
from fairwitness.core.errors import PermissionDenied, PolicyDenied
from fairwitness.requests.models import Channel, Decision


def decision_store(*, agency: Agency, channel: Channel, result: dict[str, Any]) -> Decision:
    """``result`` is policy_check_json's output (or a Decision's as_dict plus the version)."""
    return Decision.objects.create(
        agency=agency,
        channel=channel,
        allowed=bool(result["allowed"]),
        rule=str(result["rule"]),
        reason=str(result["reason"]),
        policy_hash=str(result["policy_hash"]),
        policy_version=str(result.get("policy_version", "")),
    )


def decision_public(decision: Decision) -> dict[str, Any]:
    return {
        "allowed": decision.allowed,
        "rule": decision.rule,
        "policy_hash": decision.policy_hash,
    }


def denial_raise(decision: Decision) -> None:
    if not decision.allowed:
        raise PolicyDenied(
            rule=decision.rule, reason=decision.reason, policy_hash=decision.policy_hash
        )


def agency_person_check(*, person: User, role: Role, agency: Agency | None = None) -> None:
    """``person`` holds ``role`` and, when given, belongs to ``agency``."""
    if person.role_enum is not role:
        raise PermissionDenied(f"Only an {role.label.lower()} may do this.")
    if agency is not None and person.agency_id != agency.pk:
        raise PermissionDenied("This belongs to another agency.")
