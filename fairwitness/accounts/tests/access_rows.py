"""Access rows for the sign-in pages, the home page and the account API."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import (
    ANON,
    HOME,
    LANDING,
    OK,
    SETUP,
    SIGN_IN,
    STAFF_AND_AGENCY,
    UNAUTHENTICATED,
    VERIFY,
    Rows,
    everyone,
)

ROWS: Rows = {
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
    ("GET", "api/agencies"): ("/api/agencies", None, everyone(OK)),
    ("GET", "api/me"): ("/api/me", None, everyone(OK, anon=UNAUTHENTICATED)),
}
