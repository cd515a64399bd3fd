"""Subject kinds are registered by the apps that own them; the audit app knows none itself."""

from __future__ import annotations

import pytest

from fairwitness.audit.describe import PER_OWNER_EVENTS, event_words
from fairwitness.audit.subjects import (
    Subject,
    SubjectError,
    subject_kind_register,
    subjects_body,
)
from fairwitness.footage.events import FootageEvent
from fairwitness.requests.events import RequestEvent


def test_each_domain_kind_is_registered_by_its_own_app() -> None:
    from fairwitness.audit import subjects

    owners = {kind: known.app for kind, known in subjects._KINDS.items()}
    assert owners["clip"] == "fairwitness.footage"
    assert owners["camera"] == "fairwitness.cameras"
    assert owners["legal_process"] == "fairwitness.requests"
    assert owners["post"] == "fairwitness.feed"
    assert owners["appeal"] == "fairwitness.moderation"


def test_a_kind_cannot_be_claimed_by_a_second_app() -> None:
    with pytest.raises(SubjectError, match=r"already registered by fairwitness\.footage"):
        subject_kind_register(kind="clip", app="fairwitness.feed")
    assert subjects_body([Subject("clip", 3)]) == {"clip": 3}


def test_event_words_come_from_the_apps_that_own_the_events() -> None:
    assert event_words(FootageEvent.CLIP_DELETED, agency=None) == "A clip was deleted"
    assert event_words(FootageEvent.CLIP_DELETED, agency=None, by_you=True) == "You deleted a clip"
    assert event_words(RequestEvent.GRANT_CREATED, agency="Metro PD").startswith("Metro PD was")
    assert RequestEvent.RESPONSE_SHARED in PER_OWNER_EVENTS
    assert event_words("x:unknown:event", agency=None) == "X unknown event"
