"""The public policy page, policy changes by two people, and the transparency report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.core.errors import ApplicationError, PermissionDenied, PolicyDenied
from fairwitness.policy import policy_load
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import PolicyVersion, PolicyVersionState
from fairwitness.requests.services import policy_versions, responses
from fairwitness.requests.services.community import community_request_approve
from fairwitness.requests.tests.factories import (
    INSIDE,
    agency_people,
    camera_at,
    clip_at,
    draft,
    request_open,
    window_yesterday,
)

pytestmark = pytest.mark.django_db


def test_the_policy_page_shows_rules_in_plain_language_the_file_version_and_hash() -> None:
    policy = policy_load()
    html = Client().get("/policy/").content.decode()
    assert policy.sha256 in html and f">{policy.version}<" in html
    assert "A community request covers a time window of at most 6 h." in html
    assert "community_denied_kinds" in html  # the file itself


def _proposal(window_max_minutes: int) -> str:
    text = policy_load().source
    text = text.replace('version = "1.1.0"', 'version = "1.2.0"')
    return text.replace("window_max_minutes = 360", f"window_max_minutes = {window_max_minutes}")


def test_a_policy_change_needs_an_operator_and_a_different_oversight_auditor() -> None:
    operator, auditor = person_create(Role.OPERATOR), person_create(Role.OVERSIGHT_AUDITOR)
    with pytest.raises(PermissionDenied):
        policy_versions.policy_version_propose(operator=auditor, text=_proposal(240))
    version = policy_versions.policy_version_propose(operator=operator, text=_proposal(240))
    assert Client().get("/policy/").content.decode().count(">1.1.0<") == 1  # not yet in force
    with pytest.raises(PermissionDenied):
        policy_versions.policy_version_decide(auditor=operator, version_id=version.pk, approve=True)
    approved = policy_versions.policy_version_decide(
        auditor=auditor, version_id=version.pk, approve=True
    )
    assert approved.state == PolicyVersionState.APPROVED
    html = Client().get("/policy/").content.decode()
    assert ">1.2.0<" in html and "at most 4 h" in html
    events = list(AuditEntry.objects.order_by("pk").values_list("event", flat=True))
    assert events == [RequestEvent.POLICY_PROPOSED, RequestEvent.POLICY_APPROVED]

    people = agency_people()
    request = draft(people, window=window_yesterday(241))
    with pytest.raises(PolicyDenied) as caught:
        community_request_approve(supervisor=people.supervisor, request=request)
    assert caught.value.policy_hash == approved.sha256


def test_an_invalid_proposal_is_explained_and_not_stored() -> None:
    with pytest.raises(ApplicationError, match="not valid"):
        policy_versions.policy_version_propose(
            operator=person_create(Role.OPERATOR), text="version = 2"
        )


def test_the_report_counts_per_agency_and_month_and_downloads_as_csv_and_json() -> None:
    start, _end = window_yesterday()
    people = agency_people()
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clips = [clip_at(camera, start + timedelta(minutes=m)) for m in (1, 5)]
    request = request_open(people, window=(start, start + timedelta(hours=2)))
    responses.response_share(owner=owner, request_id=request.pk, clip_ids=[c.pk for c in clips])
    with pytest.raises(PolicyDenied):
        community_request_approve(
            supervisor=people.supervisor, request=draft(people, offense="loitering")
        )

    rows = Client().get("/transparency/report.json").json()["rows"]
    mine = {(r["measure"], r["key"]): r["count"] for r in rows if r["agency"] == people.agency.name}
    assert mine == {
        ("requests", "community:allowed"): 1,
        ("requests", "community:denied"): 1,
        ("denials_by_rule", "purpose.offense.denied"): 1,
        ("clips_shared", "community"): 2,
    }
    body = Client().get("/transparency/report.csv").content.decode()
    parsed = list(csv.DictReader(io.StringIO(body)))
    assert {(r["measure"], r["key"], r["count"]) for r in parsed} == {
        (m, k, str(c)) for (m, k), c in mine.items()
    }
    html = Client().get("/transparency/").content.decode()
    assert people.agency.name in html and "purpose.offense.denied" in html
    assert owner.username not in body + html


def test_the_policy_change_pages_take_a_proposal_and_an_approval() -> None:
    operator = client_sign_in(Client(), person_create(Role.OPERATOR))
    page = operator.get("/policy/versions/").content.decode()
    assert "window_max_minutes = 360" in page  # the form starts from the file in force
    bad = operator.post("/policy/versions/", {"text": "nonsense = ", "note": ""})
    assert bad.status_code == 400 and b"not valid" in bad.content
    operator.post("/policy/versions/", {"text": _proposal(240), "note": "Shorter windows"})
    version = PolicyVersion.objects.get()
    assert operator.post(f"/policy/versions/{version.pk}/decide/").status_code == 403
    auditor = client_sign_in(Client(), person_create(Role.OVERSIGHT_AUDITOR))
    auditor.post(f"/policy/versions/{version.pk}/decide/", {"decision": "approve"})
    version.refresh_from_db()
    assert version.state == PolicyVersionState.APPROVED
    assert ">1.2.0<" in Client().get("/policy/").content.decode()


def test_the_policy_page_states_the_federal_defaults_and_an_approved_version_changes_them() -> None:
    html = Client().get("/policy/").content.decode()
    assert "What a federal agency can get" in html
    assert "A federal agency may not file emergency requests." in html
    assert (
        "A federal agency reaches video only by legal process: a judicial search warrant." in html
    )
    assert "may view the clips it is granted, but never download them" in html
    assert "civil immigration enforcement" in html
    text = policy_load().source.replace('version = "1.1.0"', 'version = "1.3.0"')
    text = text.replace('view_only_kinds = ["federal"]', "view_only_kinds = []")
    version = policy_versions.policy_version_propose(
        operator=person_create(Role.OPERATOR), text=text
    )
    policy_versions.policy_version_decide(
        auditor=person_create(Role.OVERSIGHT_AUDITOR), version_id=version.pk, approve=True
    )
    changed = Client().get("/policy/").content.decode()
    assert "never download them" not in changed
    assert "A federal agency may not file emergency requests." in changed
