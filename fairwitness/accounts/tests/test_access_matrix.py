"""The role-access matrix: every page and API route declares who may use it.

Each app states its rows in ``<app>/tests/access_rows.py`` (see ``access.py``
for the vocabulary). This test gathers them, walks the URL configuration and
the API's OpenAPI schema, and fails for any route without a row, so a new
route cannot ship without saying who may use it. Django's admin counts as one
route, ``admin/``, gated as a whole for operators.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import fairwitness
from config.api import api
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import ANON, NOT_FOUND, VISITORS, Rows
from fairwitness.accounts.tests.factories import client_sign_in, person_create

# Routes that answer only POST; everything else is probed with GET unless the API says otherwise.
POST_ONLY = {"accounts/sign-out/"}


def matrix_gather() -> Rows:
    rows: Rows = {}
    for app in pkgutil.iter_modules(fairwitness.__path__):
        try:
            module = importlib.import_module(f"fairwitness.{app.name}.tests.access_rows")
        except ModuleNotFoundError as exc:
            if exc.name in (
                f"fairwitness.{app.name}.tests",
                f"fairwitness.{app.name}.tests.access_rows",
            ):
                continue
            raise
        clash = set(rows) & set(module.ROWS)
        assert not clash, f"routes declared by two apps: {sorted(clash)}"
        rows.update(module.ROWS)
    return rows


MATRIX = matrix_gather()


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route == "admin/":
                routes.append(route)
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
        route = path.lstrip("/").replace("{", "<").replace("}", ">")
        api_methods.setdefault(route, set()).update(method.upper() for method in operations)
    inventory: set[tuple[str, str]] = set()
    for route in _walk(list(get_resolver().url_patterns)):
        plain = _plain(route)
        if route in POST_ONLY:
            inventory.add(("POST", route))
        else:
            for method in api_methods.get(plain, {"GET"}):
                inventory.add((method, route))
    return inventory


def _plain(route: str) -> str:
    """``api/clips/<int:clip_id>`` -> ``api/clips/<clip_id>``, to match the OpenAPI paths."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)


def test_every_route_is_in_the_matrix() -> None:
    """GIVEN the URLconf WHEN a route has no row THEN this fails and names it."""
    missing = route_inventory() - set(MATRIX)
    assert not missing, f"Routes without a row in the access matrix: {sorted(missing)}"


def test_the_matrix_has_no_stale_rows() -> None:
    stale = set(MATRIX) - route_inventory()
    assert not stale, f"Matrix rows for routes that no longer exist: {sorted(stale)}"


def test_every_row_names_every_visitor() -> None:
    incomplete = {
        key: set(VISITORS) - set(row[2])
        for key, row in MATRIX.items()
        if set(VISITORS) - set(row[2])
    }
    assert not incomplete, incomplete


def _outcome(response: Any) -> Any:
    if response.status_code in (301, 302):
        return ("redirect", response["Location"].split("?")[0])
    return response.status_code


CASES = [
    pytest.param(method, route, visitor, id=f"{method} {route or '/'} as {visitor}")
    for (method, route) in sorted(MATRIX)
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
        data = "" if body is None else json.dumps(body)
        response = client.generic(method, path, data, content_type="application/json")
    else:
        response = client.post(path, body)
    assert _outcome(response) == expected[visitor], response.content[:300]


@pytest.mark.django_db
def test_unknown_api_paths_answer_in_the_error_shape() -> None:
    response = Client().get("/api/no-such-route")
    assert response.status_code == NOT_FOUND
    assert response.json()["error"] == "not_found"
