"""Acceptance 4, the officer's half, in Chromium: the officer downloads the evidence package
of a clip with faces, and the evidence verifier passes on it, offline and against the live log.
"""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.keys import log_vkey
from fairwitness.evidence.verify.__main__ import main as evidence_verify
from fairwitness.footage.models import Clip
from fairwitness.footage.tests.face_clips import face_clip_write
from fairwitness.footage.tests.fixtures import (
    FootageEnv,
    camera_paired,
    chunk_put,
    footage_env,
    upload_finish,
    upload_start,
)
from fairwitness.requests.models import Grant, LegalState
from fairwitness.requests.services.legal import legal_process_review
from fairwitness.requests.tests.factories import agency_people, order_submit, window_yesterday
from tests.browser.test_requests_e2e import _as

__all__ = ["footage_env"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_downloads_an_evidence_package_that_verifies(
    page: Page,
    live_server: Any,
    footage_env: FootageEnv,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = live_server.url
    owner = person_create(Role.RESIDENT)
    camera, token = camera_paired(owner)
    source = tmp_path / "faces.mp4"
    face_clip_write(source, frames=10)
    data = source.read_bytes()
    # The clip starts inside the warrant's window (yesterday), so the order covers it.
    started = (window_yesterday()[0] + timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
    upload_id = upload_start(Client(), token, data, started_at=started).json()["upload_id"]
    assert chunk_put(Client(), token, upload_id, 0, data).status_code == 200
    done = upload_finish(Client(), token, upload_id)
    assert done.status_code == 202, done.content
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    people = agency_people()
    # A real legal grant: a warrant over the clip's camera and window, approved by a reviewer
    # (the access judge re-checks the order at every access, so a bare grant row is refused).
    order = order_submit(people, [camera.pk], case_number="2025-0777")
    legal_process_review(
        reviewer=person_create(Role.LEGAL_REVIEWER),
        legal_id=order.pk,
        outcome=LegalState.APPROVED,
        reason="A judge signed it.",
    )
    grant = Grant.objects.get(clip=clip)

    _as(page, base, people.member)
    page.goto(f"{base}/grants/{grant.pk}/")
    page.get_by_label("Reason for the download").fill("Court exhibit")
    page.get_by_role("button", name="Prepare the download").click()
    expect(page.get_by_role("heading")).to_have_text("Evidence package for case 2025-0777")
    expect(page.locator("#download-state")).to_have_text("Ready")
    expect(page.locator("#verify-command")).to_contain_text(log_vkey())
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the evidence package").click()
    package = tmp_path / "evidence.zip"
    info.value.save_as(package)

    capsys.readouterr()
    code = evidence_verify([str(package), "--key", log_vkey(), "--log", f"{base}/log"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "consistent with the live log" in out.out
    with zipfile.ZipFile(package) as archive:
        claims = json.loads(archive.read("manifest.json"))["claims"]
    assert claims["case"] == "2025-0777"
    assert claims["redactions"][0]["face_tracks"] >= 1
