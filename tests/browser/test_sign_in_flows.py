"""Sign-in in a real browser, on a phone-sized screen, driven by the keyboard where it matters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import PASSWORD, person_create
from fairwitness.cameras.models import Camera

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")  # keyboard submit


def test_a_resident_signs_in_and_lands_on_their_home_page(page: Page, live_server: Any) -> None:
    resident = person_create(Role.RESIDENT)
    Camera.objects.create(
        owner=resident,
        name="Front door",
        latitude=45.46,
        longitude=-122.65,
        coarse_cell="882ab2c4a9fffff",
    )
    _sign_in(page, live_server.url, resident.username)
    expect(page).to_have_url(f"{live_server.url}/home/")
    expect(page.get_by_role("heading", name="Your cameras")).to_be_visible()
    expect(page.get_by_role("cell", name="Front door")).to_be_visible()
    # Usable on a phone: nothing overflows the 390 px viewport sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_an_agency_member_is_sent_to_two_factor_setup(page: Page, live_server: Any) -> None:
    member = person_create(Role.AGENCY_MEMBER, second_factor=False)
    _sign_in(page, live_server.url, member.username)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("#totp-secret")).to_have_text(re.compile(r"^[A-Z2-7 ]{16,}$"))
    # Going straight to home is refused until the device is confirmed.
    page.goto(f"{live_server.url}/home/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(
    page: Page, live_server: Any
) -> None:
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
