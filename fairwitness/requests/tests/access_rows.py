"""Access rows for request and grant pages. Probes name ids that do not exist."""

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.access import NOT_FOUND, UNAUTHENTICATED, Rows, only

AGENCY = [Role.AGENCY_MEMBER, Role.AGENCY_SUPERVISOR]
METHOD_NOT_ALLOWED = 405

ROWS: Rows = {
    ("GET", "requests/"): ("/requests/", None, only(AGENCY)),
    ("GET", "requests/new/"): ("/requests/new/", None, only([Role.AGENCY_MEMBER])),
    ("GET", "requests/mine/"): ("/requests/mine/", None, only([Role.RESIDENT])),
    ("GET", "requests/<int:request_id>/"): (
        "/requests/999999/",
        None,
        only(AGENCY, yes=NOT_FOUND),
    ),
    ("GET", "requests/<int:request_id>/approve/"): (
        "/requests/999999/approve/",
        None,
        only([Role.AGENCY_SUPERVISOR], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "requests/<int:request_id>/close/"): (
        "/requests/999999/close/",
        None,
        only(AGENCY, yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "requests/asked/<int:request_id>/"): (
        "/requests/asked/999999/",
        None,
        only([Role.RESIDENT], yes=NOT_FOUND),
    ),
    ("GET", "grants/"): ("/grants/", None, only(AGENCY)),
    ("GET", "grants/<int:grant_id>/"): ("/grants/999999/", None, only(AGENCY, yes=NOT_FOUND)),
    ("GET", "grants/<int:grant_id>/download/"): (
        "/grants/999999/download/",
        None,
        only(AGENCY, yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "downloads/<int:download_id>/"): (
        "/downloads/999999/",
        None,
        only(AGENCY, yes=NOT_FOUND),
    ),
    ("GET", "downloads/<int:download_id>/file"): (
        "/downloads/999999/file",
        None,
        only(AGENCY, yes=NOT_FOUND),
    ),
    ("GET", "grants/<int:grant_id>/extend/"): (
        "/grants/999999/extend/",
        None,
        only([Role.AGENCY_SUPERVISOR], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "legal/new/"): ("/legal/new/", None, only([Role.AGENCY_MEMBER])),
    ("GET", "emergency/new/"): ("/emergency/new/", None, only([Role.AGENCY_MEMBER])),
    ("GET", "emergency/<int:emergency_id>/attest/"): (
        "/emergency/999999/attest/",
        None,
        only([Role.AGENCY_SUPERVISOR], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "review/"): ("/review/", None, only([Role.LEGAL_REVIEWER])),
    ("GET", "review/legal/<int:legal_id>/"): (
        "/review/legal/999999/",
        None,
        only([Role.LEGAL_REVIEWER], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "review/legal/<int:legal_id>/document"): (
        "/review/legal/999999/document",
        None,
        only([Role.LEGAL_REVIEWER], yes=NOT_FOUND),
    ),
    ("GET", "review/emergency/<int:emergency_id>/"): (
        "/review/emergency/999999/",
        None,
        only([Role.LEGAL_REVIEWER], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "policy/versions/"): (
        "/policy/versions/",
        None,
        only([Role.OPERATOR, Role.OVERSIGHT_AUDITOR]),
    ),
    ("GET", "policy/versions/<int:version_id>/decide/"): (
        "/policy/versions/999999/decide/",
        None,
        only([Role.OVERSIGHT_AUDITOR], yes=METHOD_NOT_ALLOWED),
    ),
    ("GET", "api/requests/community"): (
        "/api/requests/community",
        None,
        only(AGENCY, anon=UNAUTHENTICATED),
    ),
    ("GET", "api/requests/community/<request_id>"): (
        "/api/requests/community/999999",
        None,
        only(AGENCY, yes=NOT_FOUND, anon=UNAUTHENTICATED),
    ),
}
