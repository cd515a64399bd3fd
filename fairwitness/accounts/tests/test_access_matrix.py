"""The role-access matrix: every page and API route declares who may use it.

The matrix below is the single statement of intended access. The test walks
the URL configuration (and the API's OpenAPI schema for methods), so a route
that is added without a row here fails ``test_every_route_is_in_the_matrix``.
Django's admin counts as one route, ``admin/``, gated as a whole for operators.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create

ANON = "anonymous"
VISITORS = [ANON, *(role.value for role in Role)]

OK, CREATED = 200, 201
UNAUTHENTICATED, FORBIDDEN, NOT_FOUND = 401, 403, 404
SIGN_IN = ("redirect", "/accounts/sign-in/")
HOME = ("redirect", "/home/")
LANDING = ("redirect", "/")
VERIFY = ("redirect", "/accounts/two-factor/verify/")
SETUP = ("redirect", "/accounts/two-factor/setup/")

STAFF_AND_AGENCY = [r.value for r in Role if r is not Role.RESIDENT]


def only(
    allowed: list[str], *, yes: Any = OK, no: Any = FORBIDDEN, anon: Any = SIGN_IN
) -> dict[str, Any]:
    return {v: anon if v == ANON else (yes if v in allowed else no) for v in VISITORS}


def everyone(outcome: Any, *, anon: Any = None) -> dict[str, Any]:
    return {v: (anon if v == ANON and anon is not None else outcome) for v in VISITORS}


CAMERA = {"name": "Porch", "latitude": 45.46, "longitude": -122.65}

# (method, route as written in the URLconf) -> (probe path, body, outcome per visitor)
MATRIX: dict[tuple[str, str], tuple[str, dict[str, Any] | None, dict[str, Any]]] = {
    ("GET", ""): ("/", None, everyone(HOME, anon=OK)),
    ("GET", "accounts/sign-in/"): ("/accounts/sign-in/", None, everyone(HOME, anon=OK)),
    ("POST", "accounts/sign-out/"): ("/accounts/sign-out/", {}, everyone(LANDING)),
    ("GET", "accounts/sign-up/"): ("/accounts/sign-up/", None, everyone(HOME, anon=OK)),
    ("GET", "accounts/two-factor/setup/"): (
        "/accounts/two-factor/setup/",
        None,
        {ANON: SIGN_IN, Role.RESIDENT: OK, **dict.fromkeys(STAFF_AND_AGENCY, VERIFY)},
    ),
    ("GET", "accounts/two-factor/verify/"): (
        "/accounts/two-factor/verify/",
        None,
        {ANON: SIGN_IN, Role.RESIDENT: SETUP, **dict.fromkeys(STAFF_AND_AGENCY, OK)},
    ),
    ("GET", "home/"): ("/home/", None, everyone(OK, anon=SIGN_IN)),
    ("GET", "cameras/new/"): ("/cameras/new/", None, only([Role.RESIDENT])),
    ("GET", "admin/"): ("/admin/accounts/agency/", None, only([Role.OPERATOR])),
    ("GET", "api/"): ("/api/", None, everyone(NOT_FOUND)),
    ("GET", "api/openapi.json"): ("/api/openapi.json", None, everyone(OK)),
    ("GET", "api/docs"): ("/api/docs", None, everyone(OK)),
    ("GET", "api/health"): ("/api/health", None, everyone(OK)),
    ("GET", "api/agencies"): ("/api/agencies", None, everyone(OK)),
    ("GET", "api/me"): ("/api/me", None, everyone(OK, anon=UNAUTHENTICATED)),
    ("GET", "api/cameras"): ("/api/cameras", None, only([Role.RESIDENT], anon=UNAUTHENTICATED)),
    ("POST", "api/cameras"): (
        "/api/cameras",
        CAMERA,
        only([Role.RESIDENT], yes=CREATED, anon=UNAUTHENTICATED),
    ),
}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route == "admin/":
                routes.append(route)  # the admin is gated as one route
            else:
                routes.extend(_walk(list(entry.url_patterns), route))
        else:
            routes.append(route)
    return routes


def route_inventory() -> set[tuple[str, str]]:
    """(method, route) for every page and API route the project serves."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    api_methods: dict[str, set[str]] = {}
    for path, operations in schema["paths"].items():
        route = path.lstrip("/")
        api_methods[route] = {method.upper() for method in operations}
    inventory: set[tuple[str, str]] = set()
    for route in _walk(list(get_resolver().url_patterns)):
        if route == "accounts/sign-out/":
            inventory.add(("POST", route))  # sign-out only answers POST
        else:
            for method in api_methods.get(route, {"GET"}):
                inventory.add((method, route))
    return inventory


def test_every_route_is_in_the_matrix() -> None:
    """GIVEN the URLconf WHEN a route has no row THEN this fails and names it."""
    missing = route_inventory() - set(MATRIX)
    assert not missing, f"Routes without a row in the access matrix: {sorted(missing)}"


def test_the_matrix_has_no_stale_rows() -> None:
    stale = set(MATRIX) - route_inventory()
    assert not stale, f"Matrix rows for routes that no longer exist: {sorted(stale)}"


def _outcome(response: Any) -> Any:
    if response.status_code in (301, 302):
        return ("redirect", response["Location"].split("?")[0])
    return response.status_code


CASES = [
    pytest.param(method, route, visitor, id=f"{method} {route or '/'} as {visitor}")
    for (method, route) in MATRIX
    for visitor in VISITORS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "route", "visitor"), CASES)
def test_access_matrix(method: str, route: str, visitor: str) -> None:
    path, body, expected = MATRIX[(method, route)]
    client = Client()
    if visitor != ANON:
        client_sign_in(client, person_create(Role(visitor)))
    if method == "GET":
        response = client.get(path)
    elif path.startswith("/api/"):
        response = client.post(path, body, content_type="application/json")
    else:
        response = client.post(path, body)
    assert _outcome(response) == expected[visitor], response.content[:300]


@pytest.mark.django_db
def test_unknown_api_paths_answer_in_the_error_shape() -> None:
    response = Client().get("/api/no-such-route")
    assert response.status_code == NOT_FOUND
    assert response.json()["error"] == "not_found"
