"""Acceptance 4 at the service level: submitting a post screens it with the network gone."""

from __future__ import annotations

import socket

import pytest

from fairwitness.feed import services
from fairwitness.feed.tests.factories import resident_at
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db


def test_post_submission_screens_with_sockets_blocked(no_network: None) -> None:
    author = resident_at()
    with pytest.raises(AssertionError, match="network socket"):
        socket.socket()  # the fixture really blocks sockets
    post, screening = services.post_create(
        author=author,
        category="lost_and_found",
        text="Found a small brown dog with a red collar near the school.",
    )
    assert post.state == SubmissionState.PUBLISHED
    assert screening.outcome == "publish" and screening.model_version.startswith("hate-")
    hateful, _ = services.post_create(
        author=author, category="other", text="Wetbacks are taking over this street."
    )
    assert hateful.state == SubmissionState.REJECTED
