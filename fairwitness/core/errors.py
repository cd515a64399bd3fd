"""Error types shared by every app.

Services raise these; the API and the pages map them to one error shape
(``{"error": code, "message": ..., "detail": ...}``) and an HTTP status.
Nothing in this module imports Django, so pure packages may use it.
"""

from __future__ import annotations

from typing import Any


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """The one error shape every API answer and refusal uses."""
    return {"error": code, "message": message, "detail": detail}


class ApplicationError(Exception):
    """A failure a person can act on.

    ``code`` is a stable machine-readable string, ``message`` is written for a
    person and says what was wrong and what to do, ``detail`` is optional
    structured data. ``status`` is the HTTP status the interfaces use.
    """

    status: int = 400
    code: str = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        detail: Any = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.detail = detail


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class PermissionDenied(ApplicationError):
    status = 403
    code = "forbidden"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class PolicyDenied(ApplicationError):
    """The published policy refused an action.

    ``rule`` is the policy rule id and ``reason`` the sentence a person reads;
    both also go into the audit entry written for the denial.
    """

    status = 403
    code = "policy_denied"

    def __init__(self, *, rule: str, reason: str, policy_hash: str = "") -> None:
        super().__init__(
            reason,
            detail={"rule": rule, "reason": reason, "policy_hash": policy_hash},
        )
        self.rule = rule
        self.reason = reason
        self.policy_hash = policy_hash
