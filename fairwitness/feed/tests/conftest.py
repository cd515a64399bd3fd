from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.feed.tests.factories import resident_at
from fairwitness.footage.models import Clip, ClipState
from fairwitness.footage.tests.fixtures import FootageEnv, camera_paired, footage_env, upload_all
from fairwitness.footage.tests.videos import make_video

__all__ = ["footage_env"]


@pytest.fixture
def author(db: None) -> User:
    return resident_at()


@pytest.fixture
def author_client(author: User) -> Client:
    return client_sign_in(Client(), author)


@pytest.fixture
def clip_recorded(
    footage_env: FootageEnv, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> Callable[[User], Clip]:
    """Makes a real clip of the owner's camera: uploaded by its device, processed, encrypted."""
    video = make_video(tmp_path / "clip.mp4", frames=30, fps=15).read_bytes()

    def record(owner: User) -> Clip:
        _, token = camera_paired(owner, name=f"Camera {uuid.uuid4().hex[:8]}")
        with django_capture_on_commit_callbacks(execute=True):
            done = upload_all(Client(), token, video)
        clip = Clip.objects.get(pk=done.json()["clip_id"])
        assert clip.state == ClipState.READY, clip.rejected_reason
        return clip

    return record
