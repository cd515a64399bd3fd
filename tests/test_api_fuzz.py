"""Schemathesis over every API operation, in-process through the WSGI app, with all its checks.

Each operation is called as every caller that may use it (each role its ``RoleAuth`` admits,
a paired device for device routes, anyone for public routes) and, for a signed-in route, also
anonymously. Bounded for CI: a few examples per operation and caller (``FUZZ_EXAMPLES``);
run with more in a quiet hour (FAIRWITNESS_FUZZ_EXAMPLES=200).

Two things are set by hand. ``positive_data_acceptance`` also accepts a 400, the answer of a
service's rule that no JSON Schema can state (a post of a category that needs a description,
an order for a camera that does not exist); a 422, the answer to a request that does not match
the schema, stays a failure for valid data. And a clip's start is kept within the server's
clock (``_clip_start_within_the_clock``). A refusal of invalid data may also be a 413 (a
declared clip size over the server's limit).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from config.api import api
from config.wsgi import application
from fairwitness.accounts.access import RoleAuth
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.cameras.device_auth import DeviceAuth
from fairwitness.core.input_bounds import EARLIEST
from fairwitness.feed.tests.factories import resident_at
from fairwitness.footage.tests.fixtures import camera_paired

FUZZ_EXAMPLES = int(os.environ.get("FAIRWITNESS_FUZZ_EXAMPLES", "6"))

# The API's contract does not depend on the database engine, and the run costs minutes: it
# runs in the SQLite suite only.
pytestmark = pytest.mark.skipif(
    "postgresql" in settings.DATABASES["default"]["ENGINE"],
    reason="the API fuzzing runs in the SQLite suite only (same contract, half the CI time)",
)
CSRF_TOKEN = "f" * 32
DEVICE = "device"
ANONYMOUS = "anonymous"

CONFIG = SchemathesisConfig.from_str(
    """
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[checks.negative_data_rejection]
expected-statuses = [
    "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"
]
"""
)


def _callers_by_operation() -> dict[str, list[str]]:
    """operationId -> who may call it, read from each operation's own auth."""
    callers: dict[str, list[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                who: list[str] = []
                for auth in operation.auth_callbacks:
                    if isinstance(auth, RoleAuth):
                        who += sorted(auth.roles)
                    elif isinstance(auth, DeviceAuth):
                        who.append(DEVICE)
                callers[api.get_openapi_operation_id(operation)] = [*who, ANONYMOUS]
    return callers


CALLERS = _callers_by_operation()


# Loaded at collection: the schema route needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)


@schema.hook("map_body")
def _clip_start_within_the_clock(context: Any, body: Any) -> Any:
    """The one bound JSON Schema cannot state: a clip's ``started_at`` lies between
    2000-01-01 (the schema's description) and the server's clock. A valid date-time the
    generator draws outside it is moved inside, so that a 422 for it is not counted as a
    schema-valid request refused; the bound itself has its own regression tests."""
    if context.operation is None or context.operation.label != "POST /api/ingest/uploads":
        return body
    if not isinstance(body, dict) or not isinstance(body.get("started_at"), str):
        return body
    try:
        moment = datetime.fromisoformat(body["started_at"])
    except ValueError:
        return body
    if moment.tzinfo is not None and not EARLIEST <= moment <= datetime.now(UTC):
        body = {**body, "started_at": datetime.now(UTC).isoformat()}
    return body


@pytest.fixture
def credentials(db: None) -> dict[str, dict[str, str]]:
    """The credential of each caller: a session (agency and staff ones passed two-factor) or
    a device token."""
    made: dict[str, dict[str, str]] = {}
    for role in Role:
        user = resident_at() if role is Role.RESIDENT else person_create(role)
        client = client_sign_in(Client(), user)
        made[str(role)] = {"session": client.cookies[settings.SESSION_COOKIE_NAME].value}
    _camera, token = camera_paired(person_create(Role.RESIDENT))
    made[DEVICE] = {"token": f"Device {token}"}
    return made


def _signed(
    case: Any, cookies: dict[str, str], headers: dict[str, str], given: dict[str, str]
) -> bool:
    """Put the caller's credential where the generated case carries one; False when the case
    carries none (a generated request without authentication, sent as it is)."""
    session = settings.SESSION_COOKIE_NAME
    if "session" in given and session in cookies:
        cookies[session] = given["session"]
        cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN
        headers["X-CSRFToken"] = CSRF_TOKEN
    elif "token" in given and "Authorization" in headers:
        headers["Authorization"] = given["token"]
    else:
        return False
    case.cookies, case.headers = cookies, headers
    return True


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_as_every_caller(case: Any, credentials: dict[str, Any]) -> None:
    operation_id = case.operation.definition.raw.get("operationId", "")
    generated_cookies, generated_headers = dict(case.cookies or {}), dict(case.headers or {})
    sent_as_generated = False
    for caller in CALLERS.get(operation_id, [ANONYMOUS]):
        cookies, headers = dict(generated_cookies), dict(generated_headers)
        if caller != ANONYMOUS and _signed(case, cookies, headers, credentials[caller]):
            case.call_and_validate()
        elif not sent_as_generated:
            case.cookies, case.headers = generated_cookies, generated_headers
            case.call_and_validate()
            sent_as_generated = True
