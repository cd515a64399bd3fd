"""Access rows for the public log endpoints and the audit pages."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import NOT_FOUND, OK, Rows, everyone, only

ROWS: Rows = {
    ("GET", "log/"): ("/log/", None, everyone(OK)),
    ("GET", "log/mine/"): ("/log/mine/", None, only([Role.RESIDENT])),
    # No entry 1 of the visitor's own exists in the empty test database.
    ("GET", "log/mine/<int:entry_id>/proof"): (
        "/log/mine/1/proof",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    ("GET", "oversight/audit/"): ("/oversight/audit/", None, only([Role.OVERSIGHT_AUDITOR])),
    # Empty test database: no checkpoint and no tile yet, for anyone.
    ("GET", "log/checkpoint"): ("/log/checkpoint", None, everyone(NOT_FOUND)),
    ("GET", "log/tile/<tilepath:tile_path>"): ("/log/tile/0/000", None, everyone(NOT_FOUND)),
    ("GET", "api/log/proof/inclusion"): (
        "/api/log/proof/inclusion?index=0",
        None,
        everyone(NOT_FOUND),
    ),
    ("GET", "api/log/proof/consistency"): (
        "/api/log/proof/consistency?old_size=1",
        None,
        everyone(NOT_FOUND),
    ),
    ("GET", "api/log/proof/tlog-proof"): (
        "/api/log/proof/tlog-proof?index=0",
        None,
        everyone(NOT_FOUND),
    ),
}
