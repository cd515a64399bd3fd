"""The policy engine: pure rules over frozen dataclasses, returning a Decision.

No models and no Django (except the ``policy_check`` management command).
Services gather facts, call an ``*_evaluate`` function with the Policy in
force, raise ``PolicyDenied`` on a denial and audit both outcomes. Start with
``policy_load()``; see docs/policy.md.
"""

from fairwitness.policy.access import grant_access_evaluate
from fairwitness.policy.check import policy_check_json
from fairwitness.policy.clips import clip_share_evaluate
from fairwitness.policy.community import community_request_closes_at, community_request_evaluate
from fairwitness.policy.decision import Decision
from fairwitness.policy.document import Policy
from fairwitness.policy.emergency import (
    emergency_evaluate,
    emergency_followup_due,
    emergency_owner_notice_due,
)
from fairwitness.policy.grants import (
    grant_expiry_compute,
    grant_extension_evaluate,
    retention_evaluate,
)
from fairwitness.policy.legal import legal_owner_notice_due, legal_process_evaluate
from fairwitness.policy.loader import PolicyInvalid, policy_load
from fairwitness.policy.public import policy_rules_describe
from fairwitness.policy.rules import Outcome, Rule

__all__ = [
    "Decision",
    "Outcome",
    "Policy",
    "PolicyInvalid",
    "Rule",
    "clip_share_evaluate",
    "community_request_closes_at",
    "community_request_evaluate",
    "emergency_evaluate",
    "emergency_followup_due",
    "emergency_owner_notice_due",
    "grant_access_evaluate",
    "grant_expiry_compute",
    "grant_extension_evaluate",
    "legal_owner_notice_due",
    "legal_process_evaluate",
    "policy_check_json",
    "policy_load",
    "policy_rules_describe",
    "retention_evaluate",
]
