"""The owner's player in Chromium: the decrypted clip plays and seeks through HTTP Range."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import PASSWORD, person_create
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import (
    FootageEnv,
    camera_paired,
    footage_env,
    upload_all,
)
from fairwitness.footage.tests.videos import make_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["footage_env"]


def test_the_owner_plays_a_clip_and_seeks_in_it(
    page: Page, live_server: Any, footage_env: FootageEnv, tmp_path: Path
) -> None:
    owner = person_create(Role.RESIDENT)
    _, token = camera_paired(owner)
    data = make_video(tmp_path / "clip.mp4", frames=150, fps=15, width=320, height=240)
    done = upload_all(Client(), token, data.read_bytes())
    clip = Clip.objects.get(pk=done.json()["clip_id"])
    assert clip.state == ClipState.READY

    ranges: list[tuple[int, str]] = []
    page.on(
        "response",
        lambda r: (
            ranges.append((r.status, r.headers.get("content-range", "")))
            if r.url.endswith(f"/clips/{clip.pk}/video")
            else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/sign-in/?next=/clips/")
    page.get_by_label("Username").fill(owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="My clips")).to_be_visible()
    thumbnail = page.locator(f'a[href="/clips/{clip.pk}/"] img')
    expect(thumbnail).to_be_visible()
    # The thumbnail is decrypted on request: wait for it to load, then check it decoded.
    page.wait_for_function("(img) => img.complete", arg=thumbnail.element_handle())
    assert page.evaluate("(img) => img.naturalWidth", thumbnail.element_handle()) > 0
    thumbnail.click()

    video = page.locator("video#player")
    expect(video).to_be_visible()
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play(); }")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.5")
    assert page.evaluate("() => document.querySelector('video').error") is None
    assert page.evaluate("() => document.querySelector('video').duration") == pytest.approx(
        10.0, abs=0.2
    )
    page.evaluate(
        """() => new Promise((resolve) => {
            const v = document.querySelector('video');
            v.pause();
            v.addEventListener('seeked', resolve, { once: true });
            v.currentTime = 7.5;
        })"""
    )
    page.wait_for_function("() => document.querySelector('video').readyState >= 2")
    assert page.evaluate("() => document.querySelector('video').currentTime") == pytest.approx(
        7.5, abs=0.1
    )
    assert any(status == 206 and value.startswith("bytes ") for status, value in ranges), ranges
