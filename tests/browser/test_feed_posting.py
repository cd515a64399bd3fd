"""The posting flow in a real browser on a phone-sized screen: a race-only post is sent
back with reasons, and after what they did and two other details it publishes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from fairwitness.accounts.tests.factories import PASSWORD
from fairwitness.feed.models import Post
from fairwitness.feed.tests.factories import resident_at
from fairwitness.moderation.submissions import SubmissionState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(f"{base}/home/")


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_posting_flow_on_a_phone(page: Page, live_server: Any) -> None:
    author = resident_at()
    base = live_server.url
    _sign_in(page, base, author.username)

    page.goto(f"{base}/feed/posts/new/")
    page.get_by_label("Suspicious activity").check()
    page.get_by_label("What happened?").fill(
        "Suspicious Black man walking around our street tonight."
    )
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="What did the person do?")).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_label("What did the person do?").fill("walking around")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Describe the person (optional)")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check and post")).to_be_visible()
    page.get_by_role("button", name="Post", exact=True).click()

    expect(page.get_by_role("heading", name=re.compile("Needs your edit"))).to_be_visible()
    expect(page.get_by_text("does not say what they did")).to_be_visible()
    _no_sideways_scroll(page)

    page.get_by_role("link", name="Edit the post").click()
    page.get_by_label("What happened?").fill("Suspicious man on our street tonight.")
    page.get_by_role("button", name="Continue").click()
    behaviour = page.get_by_label("What did the person do?")
    behaviour.fill("tried the door handles of three parked cars")
    page.get_by_role("button", name="Continue").click()

    # A race with one other detail is refused on the page, with what to do.
    page.get_by_label("Race or ethnicity (optional)").fill("Black")
    page.get_by_label("Top").fill("red hoodie")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Add at least two other details above")).to_be_visible()
    page.get_by_label("Build").fill("tall, slim")
    page.get_by_label("Build").press("Enter")  # keyboard submit

    expect(page.get_by_role("heading", name="Before you post")).to_be_visible()
    page.get_by_label("Yes, what they did is suspicious by itself").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check and post")).to_be_visible()
    page.get_by_role("button", name="Post", exact=True).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Status: Published")).to_be_visible()
    _no_sideways_scroll(page)
    post = Post.objects.get()
    assert post.state == SubmissionState.PUBLISHED
    assert (post.race_ethnicity, post.top, post.build) == ("Black", "red hoodie", "tall, slim")

    page.goto(f"{base}/feed/")
    expect(page.get_by_text("Suspicious man on our street tonight.")).to_be_visible()
