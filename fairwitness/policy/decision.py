"""The Decision every policy evaluation returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """The policy's answer to one question.

    ``rule`` is a stable rule id (see ``rules.Rule``) for a denial, or an
    ``Outcome`` id such as ``community.allowed`` when every check passed.
    ``reason`` is a sentence a person can read; for a limit it names both the
    limit and the actual value. ``policy_hash`` identifies the policy applied.
    """

    allowed: bool
    rule: str
    reason: str
    policy_hash: str

    def as_dict(self) -> dict[str, object]:
        return {
            "allowed": self.allowed,
            "rule": self.rule,
            "reason": self.reason,
            "policy_hash": self.policy_hash,
        }


def decision_make(*, policy_hash: str, rule: str, allowed: bool, reason: str) -> Decision:
    # str() so a Rule enum member is stored as its plain id.
    return Decision(allowed=allowed, rule=str(rule), reason=reason, policy_hash=policy_hash)


def decision_first_denial(
    *, checks: Sequence[Callable[[], Decision]], policy_hash: str, outcome: str, reason: str
) -> Decision:
    """Run checks in order; return the first denial, else an allow Decision.

    Checks are thunks so that a later, costlier check (geometry) is not run
    once an earlier one has denied. The allow Decision carries ``outcome`` as
    its rule and ``reason`` as its sentence.
    """
    for check in checks:
        decision = check()
        if not decision.allowed:
            return decision
    return Decision(allowed=True, rule=str(outcome), reason=reason, policy_hash=policy_hash)
