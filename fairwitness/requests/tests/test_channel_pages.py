"""Legal-process, emergency, review-queue and extension pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.requests.models import (
    EmergencyRequest,
    EmergencyState,
    Grant,
    LegalProcess,
    LegalState,
)
from fairwitness.requests.tests.factories import (
    ATTESTATIONS,
    INSIDE,
    PDF,
    agency_people,
    camera_at,
    clip_at,
    clip_shared,
    window_yesterday,
)

pytestmark = pytest.mark.django_db
FMT = "%Y-%m-%dT%H:%M"


def test_an_order_uploaded_on_the_page_is_decided_in_the_reviewer_queue() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    clip = clip_at(camera, window_yesterday()[0] + timedelta(minutes=1))
    start, end = window_yesterday()
    member = client_sign_in(Client(), people.member)
    form = {
        "case_number": "L-1",
        "offense_category": "robbery",
        "attestations": ATTESTATIONS,
        "kind": "warrant",
        "court": "Circuit Court",
        "judge": "Judge Example",
        "signed_on": date.today().isoformat(),
        "cameras": str(camera.pk),
        "scope_start": start.strftime(FMT),
        "scope_end": end.strftime(FMT),
    }
    bad = member.post("/legal/new/", {**form, "document": SimpleUploadedFile("o.pdf", b"nope")})
    assert bad.status_code == 400 and b"not a complete PDF" in bad.content
    member.post("/legal/new/", {**form, "document": SimpleUploadedFile("o.pdf", PDF)})
    order = LegalProcess.objects.get()

    reviewer = client_sign_in(Client(), person_create(Role.LEGAL_REVIEWER))
    queue = reviewer.get("/review/").content.decode()
    assert "L-1" in queue and "Circuit Court" in queue
    assert reviewer.get(f"/review/legal/{order.pk}/document").content == PDF
    reviewer.post(f"/review/legal/{order.pk}/", {"outcome": "approved", "reason": "Valid."})
    order.refresh_from_db()
    assert order.state == LegalState.APPROVED
    assert list(Grant.objects.values_list("clip", flat=True)) == [clip.pk]


def test_an_emergency_filed_attested_and_approved_through_the_pages() -> None:
    people = agency_people()
    camera = camera_at(person_create(Role.RESIDENT), INSIDE)
    start, end = window_yesterday()
    member = client_sign_in(Client(), people.member)
    member.post(
        "/emergency/new/",
        {
            "case_number": "E-1",
            "offense_category": "kidnapping",
            "attestations": ATTESTATIONS,
            "danger": "A child was taken.",
            "cameras": str(camera.pk),
            "window_start": start.strftime(FMT),
            "window_end": end.strftime(FMT),
        },
    )
    request = EmergencyRequest.objects.get()
    client_sign_in(Client(), people.supervisor).post(f"/emergency/{request.pk}/attest/")
    reviewer = client_sign_in(Client(), person_create(Role.LEGAL_REVIEWER))
    reviewer.post(f"/review/emergency/{request.pk}/", {"outcome": "approved", "reason": "Life."})
    request.refresh_from_db()
    assert request.state == EmergencyState.APPROVED
    listing = member.get("/requests/").content.decode()
    assert "legal process due by" in listing


def test_a_supervisor_extends_a_grant_on_its_page_within_the_cap() -> None:
    people, _owner, _clip, _request, grant = clip_shared()
    before = grant.expires_at
    supervisor = client_sign_in(Client(), people.supervisor)
    supervisor.post(f"/grants/{grant.pk}/extend/", {"days": 10, "justification": "Trial moved."})
    grant.refresh_from_db()
    assert grant.expires_at == before + timedelta(days=10)
    page = supervisor.post(
        f"/grants/{grant.pk}/extend/", {"days": 170, "justification": "Again."}, follow=True
    )
    assert b"at most 180 days" in page.content
    grant.refresh_from_db()
    assert grant.expires_at == before + timedelta(days=10)
