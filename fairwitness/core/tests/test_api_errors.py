"""Every API failure has one shape: {"error", "message", "detail"}."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema
from ninja.testing import TestClient

from fairwitness.core.api import api_build
from fairwitness.core.errors import ApplicationError, PolicyDenied


class Payload(Schema):
    count: int


def _client() -> TestClient:
    api = api_build()
    api.urls_namespace = "errors-test"

    @api.post("/validate", auth=None)
    def validate(request: HttpRequest, payload: Payload) -> dict[str, int]:
        return {"count": payload.count}

    @api.get("/application", auth=None)
    def application(request: HttpRequest) -> None:
        raise ApplicationError(
            "Say what went wrong.", code="teapot", status=418, detail={"hint": 1}
        )

    @api.get("/policy", auth=None)
    def policy(request: HttpRequest) -> None:
        raise PolicyDenied(
            rule="community.window.max",
            reason="The window is 6 h 1 min; the policy allows at most 6 h.",
            policy_hash="abc",
        )

    @api.get("/crash", auth=None)
    def crash(request: HttpRequest) -> None:
        raise RuntimeError("secret internals")

    return TestClient(api)


def test_validation_errors_name_the_fields() -> None:
    response = _client().post("/validate", json={"count": "many"})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"error", "message", "detail"}
    assert body["error"] == "invalid" and "count" in body["message"]


def test_application_errors_keep_their_code_status_and_detail() -> None:
    response = _client().get("/application")
    assert response.status_code == 418
    assert response.json() == {
        "error": "teapot",
        "message": "Say what went wrong.",
        "detail": {"hint": 1},
    }


def test_policy_denials_carry_the_rule_and_reason() -> None:
    response = _client().get("/policy")
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "policy_denied"
    assert body["detail"]["rule"] == "community.window.max"
    assert body["message"].startswith("The window is 6 h 1 min")


def test_unexpected_errors_hide_internals() -> None:
    response = _client().get("/crash")
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "server_error" and "secret internals" not in body["message"]
