"""Acceptance 8: manage.py policy_check gives the same decision as the web flow.

The JSON handed to the command is written here by hand from the same inputs the
member typed, not produced by the service, so a drift between the two paths fails.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from fairwitness.accounts.roles import AgencyKind
from fairwitness.accounts.tests.factories import JURISDICTION, client_sign_in
from fairwitness.core.errors import PolicyDenied
from fairwitness.requests.models import CommunityRequest, Decision
from fairwitness.requests.services import community
from fairwitness.requests.tests.factories import ATTESTATIONS, CENTRE, RADIUS_M, agency_people

pytestmark = pytest.mark.django_db
START = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
FILED = datetime(2025, 3, 2, 12, 0, tzinfo=UTC)
KINDS = {AgencyKind.LOCAL: "municipal_police", AgencyKind.FEDERAL: "federal"}

CASES: dict[str, dict[str, Any]] = {
    "allowed": {},
    "window_too_long": {"minutes": 361},
    "federal": {"kind": AgencyKind.FEDERAL},
    "denied_offense": {"offense": "loitering"},
    "outside_jurisdiction": {"lon": -121.9},
    "area_too_large": {"radius": 800.0},
    "missing_attestation": {"attestations": ATTESTATIONS[1:]},
}


def _command(description: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(description))
    out = io.StringIO()
    try:
        call_command("policy_check", "--input", str(path), stdout=out)
    except SystemExit as exit_:
        assert exit_.code == 1
    return dict(json.loads(out.getvalue()))


@pytest.mark.parametrize("case", sorted(CASES))
def test_policy_check_and_the_web_flow_agree(case: str, tmp_path: Path) -> None:
    given: dict[str, Any] = CASES[case]
    kind = given.get("kind", AgencyKind.LOCAL)
    minutes, offense = given.get("minutes", 120), given.get("offense", "burglary")
    lon, radius = given.get("lon", CENTRE[0]), given.get("radius", RADIUS_M)
    attestations = given.get("attestations", ATTESTATIONS)
    people = agency_people(kind=kind)
    end = START + timedelta(minutes=minutes)

    client = client_sign_in(Client(), people.member)
    response = client.post(
        "/requests/new/",
        {
            "case_number": "C-1",
            "offense_category": offense,
            "description": "Break-in",
            "latitude": CENTRE[1],
            "longitude": lon,
            "radius_m": radius,
            "window_start": START.strftime("%Y-%m-%dT%H:%M"),
            "window_end": end.strftime("%Y-%m-%dT%H:%M"),
            "attestations": attestations,
        },
    )
    assert response.status_code == 302, response.content[:500]
    request = CommunityRequest.objects.get()
    try:
        community.community_request_approve(
            supervisor=people.supervisor, request=request, now=FILED
        )
    except PolicyDenied:
        assert case != "allowed"
    web = Decision.objects.get()

    printed = _command(
        {
            "channel": "community",
            "agency": {"kind": KINDS[kind], "verified": True, "jurisdiction": JURISDICTION},
            "offense_category": offense,
            "attestations": list(attestations),
            "area": {"type": "Point", "coordinates": [lon, CENTRE[1]], "radius_m": radius},
            "window": {"start": START.isoformat(), "end": end.isoformat()},
            "filed_at": FILED.isoformat(),
            "earlier_requests": 0,
        },
        tmp_path,
    )
    assert (web.allowed, web.rule, web.reason, web.policy_hash) == (
        printed["allowed"],
        printed["rule"],
        printed["reason"],
        printed["policy_hash"],
    )
    assert web.allowed == (case == "allowed")
