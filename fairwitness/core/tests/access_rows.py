"""Access rows for the landing page, the admin and the API's own routes."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import HOME, NOT_FOUND, OK, Rows, everyone, only

ROWS: Rows = {
    ("GET", ""): ("/", None, everyone(HOME, anon=OK)),
    # Django's admin is gated as a whole: one row stands for all of its routes.
    ("GET", "admin/"): ("/admin/accounts/agency/", None, only([Role.OPERATOR])),
    ("GET", "api/"): ("/api/", None, everyone(NOT_FOUND)),
    ("GET", "api/openapi.json"): ("/api/openapi.json", None, everyone(OK)),
    ("GET", "api/docs"): ("/api/docs", None, everyone(OK)),
    ("GET", "api/health"): ("/api/health", None, everyone(OK)),
}
