"""Vocabulary for access-matrix rows.

Each app declares who may use each of its routes in ``<app>/tests/access_rows.py``
as ``ROWS: dict[(method, route), (probe path, body, outcome per visitor)]``.
``route`` is the route as written in the URLconf (``"api/cameras"``,
``"cameras/<int:pk>/"``); the probe path is a concrete URL to request.
``test_access_matrix.py`` gathers every app's rows and fails for any route
that has none.
"""

from __future__ import annotations

from typing import Any

from fairwitness.accounts.roles import Role

ANON = "anonymous"
VISITORS = [ANON, *(role.value for role in Role)]

OK, CREATED, NO_CONTENT = 200, 201, 204
UNAUTHENTICATED, FORBIDDEN, NOT_FOUND = 401, 403, 404
SIGN_IN = ("redirect", "/accounts/sign-in/")
HOME = ("redirect", "/home/")
LANDING = ("redirect", "/")
VERIFY = ("redirect", "/accounts/two-factor/verify/")
SETUP = ("redirect", "/accounts/two-factor/setup/")

STAFF_AND_AGENCY = [r.value for r in Role if r is not Role.RESIDENT]

Row = tuple[str, dict[str, Any] | None, dict[str, Any]]
Rows = dict[tuple[str, str], Row]


def only(
    allowed: list[Role], *, yes: Any = OK, no: Any = FORBIDDEN, anon: Any = SIGN_IN
) -> dict[str, Any]:
    """``allowed`` roles get ``yes``, other roles ``no``, anonymous visitors ``anon``."""
    return {v: anon if v == ANON else (yes if v in allowed else no) for v in VISITORS}


def everyone(outcome: Any, *, anon: Any = None) -> dict[str, Any]:
    return {v: (anon if v == ANON and anon is not None else outcome) for v in VISITORS}
