"""A post with a clip in a real browser: the author chooses their own clip while composing,
and a neighbor sees its thumbnail in the feed and plays it on the post page through Range."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from fairwitness.accounts.tests.factories import PASSWORD
from fairwitness.feed.models import Post
from fairwitness.feed.tests.factories import resident_at
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired, footage_env, upload_all
from fairwitness.footage.tests.videos import make_video
from fairwitness.moderation.submissions import SubmissionState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["footage_env"]


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(f"{base}/home/")


def _image_decoded(page: Page, selector: str) -> bool:
    image = page.locator(selector).first
    expect(image).to_be_visible()
    page.wait_for_function("(img) => img.complete", arg=image.element_handle())
    return bool(page.evaluate("(img) => img.naturalWidth > 0", image.element_handle()))


def test_an_author_shows_a_clip_and_a_neighbor_plays_it(
    page: Page, browser: Browser, live_server: Any, footage_env: FootageEnv, tmp_path: Path
) -> None:
    author = resident_at()
    _, token = camera_paired(author)
    video = make_video(tmp_path / "clip.mp4", frames=60, fps=15, width=320, height=240)
    clip = Clip.objects.get(pk=upload_all(Client(), token, video.read_bytes()).json()["clip_id"])
    assert clip.state == ClipState.READY
    base = live_server.url

    _sign_in(page, base, author.username)
    page.goto(f"{base}/feed/posts/new/")
    page.get_by_label("Lost and found").check()
    page.get_by_label("What happened?").fill(
        "Lost grey cat near the park; my porch camera saw her."
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check and post")).to_be_visible()
    page.get_by_role("link", name="Show clips from your cameras").click()
    expect(page.get_by_role("heading", name="Show clips with the post (optional)")).to_be_visible()
    assert _image_decoded(page, f'img[src="/clips/{clip.pk}/thumbnail"]')
    page.locator(f'input[name="clips"][value="{clip.pk}"]').check()
    page.get_by_role("button", name="Continue").click()
    # Without the explicit consent nothing is attached, and the page says why.
    expect(page.get_by_text("confirm that neighbors who can read the post")).to_be_visible()
    page.locator(f'input[name="clips"][value="{clip.pk}"]').check()
    page.get_by_label("Let neighbors who can read this post play the chosen clips").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Clips shown with the post")).to_be_visible()
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_role("heading", name="Status: Published")).to_be_visible()
    post = Post.objects.get(author=author)
    assert post.state == SubmissionState.PUBLISHED

    neighbor = resident_at()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    reader = context.new_page()
    reader.set_default_timeout(15_000)
    video_path = f"/feed/posts/{post.pk}/clips/{clip.pk}/video"
    ranges: list[tuple[int, str]] = []
    reader.on(
        "response",
        lambda r: (
            ranges.append((r.status, r.headers.get("content-range", "")))
            if r.url.endswith(video_path)
            else None
        ),
    )
    try:
        _sign_in(reader, base, neighbor.username)
        reader.goto(f"{base}/feed/")
        assert _image_decoded(reader, f'img[src="/feed/posts/{post.pk}/clips/{clip.pk}/thumbnail"]')
        reader.goto(f"{base}/feed/posts/{post.pk}/")
        player = reader.locator(f'video[src="{video_path}"]')
        expect(player).to_be_visible()
        reader.evaluate(
            "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
        )
        reader.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
        assert reader.evaluate("() => document.querySelector('video').error") is None
        assert reader.evaluate("() => document.querySelector('video').duration") == pytest.approx(
            4.0, abs=0.2
        )
        assert any(status == 206 and value.startswith("bytes ") for status, value in ranges), ranges
        assert reader.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
