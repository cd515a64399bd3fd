"""Acceptance 2, end to end in Chromium: a community request from filing to expiry.

A member files, the supervisor approves, the owner in the area is told and shares 2 of
3 matching clips, the agency sees "Neighbor #1" with exactly those clips and no identity,
views one (audited), and after the grant expires the view is refused.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.notifications.models import Notice
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import Access, Grant
from fairwitness.requests.services.grants import grants_expire
from fairwitness.requests.tests.factories import (
    INSIDE,
    OUTSIDE,
    agency_people,
    camera_at,
    clip_at,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Page, base: str, user: User) -> None:
    """Start a signed-in (two-factor verified) session for ``user`` in the browser."""
    client = client_sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def test_a_community_request_from_filing_to_expiry(page: Page, live_server: Any) -> None:
    base = live_server.url
    people = agency_people()
    start = (timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
    owner = person_create(Role.RESIDENT)
    camera = camera_at(owner, INSIDE)
    clips = [clip_at(camera, start + timedelta(minutes=m)) for m in (5, 30, 60)]
    far_owner = person_create(Role.RESIDENT)
    clip_at(camera_at(far_owner, OUTSIDE), start + timedelta(minutes=5))

    # The member files the request.
    _as(page, base, people.member)
    page.goto(f"{base}/requests/new/")
    page.get_by_label("Case number").fill("2025-0042")
    page.get_by_label("Offense category").select_option("burglary")
    page.get_by_label("Description").fill("A break-in; a person was seen leaving by bicycle.")
    page.get_by_label("Latitude").fill("45.46")
    page.get_by_label("Longitude").fill("-122.65")
    page.get_by_label("Radius m").fill("280")
    page.get_by_label("Window start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Window end").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    for box in page.locator("input[name=attestations]").all():
        box.check()
    page.get_by_role("button", name="File request").click()
    expect(page.locator("#state")).to_have_text("Waiting for a supervisor")
    detail = page.url

    # The supervisor approves; the policy opens it.
    _as(page, base, people.supervisor)
    page.goto(detail)
    page.get_by_role("button", name="Approve and send to the policy").click()
    expect(page.locator("#state")).to_have_text("Open")
    expect(page.locator("#decision")).to_contain_text("community.allowed")

    # Only the owner in the area was told; they share 2 of their 3 clips.
    asked = str(RequestEvent.COMMUNITY_OWNER_NOTIFIED)
    assert list(Notice.objects.filter(kind=asked).values_list("recipient", flat=True)) == [owner.pk]
    _as(page, base, owner)
    page.goto(f"{base}/requests/mine/")
    page.get_by_role("link", name=re.compile("case 2025-0042")).click()
    expect(page.get_by_role("heading", name=re.compile("asks for footage"))).to_be_visible()
    expect(page.locator("svg.area-map")).to_be_visible()
    page.locator(f"input[name=clips][value='{clips[0].pk}']").check()
    page.locator(f"input[name=clips][value='{clips[2].pk}']").check()
    page.get_by_role("button", name="Share the chosen clips").click()
    expect(page.locator("#answered")).to_contain_text("Shared clips")

    # The agency sees Neighbor #1 with exactly those two clips, and no identity.
    _as(page, base, people.member)
    page.goto(detail)
    answer = page.locator(".answer")
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text("Neighbor #1")
    expect(answer.locator("a.grant")).to_have_count(2)
    html = page.content()
    for secret in (owner.username, owner.email, far_owner.username, camera.name):
        assert secret not in html
    shared = sorted(Grant.objects.values_list("clip", flat=True))
    assert shared == sorted([clips[0].pk, clips[2].pk])

    # It views one, with a reason: recorded and audited.
    answer.locator("a.grant").first.click()
    page.get_by_label("Reason for viewing").fill("Identify the bicycle")
    page.get_by_role("button", name="View the clip").click()
    expect(page.locator("#access")).to_contain_text("Access recorded")
    assert Access.objects.get().reason == "Identify the bicycle"
    assert AuditEntry.objects.filter(event=RequestEvent.ACCESS_VIEWED).count() == 1
    grant_page = page.url

    # After the grant expires, access is refused.
    Grant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert grants_expire() == 2
    page.goto(grant_page)
    page.get_by_label("Reason for viewing").fill("Once more")
    page.get_by_role("button", name="View the clip").click()
    expect(page.locator(".errorlist")).to_contain_text("expired")
    assert Access.objects.count() == 1
