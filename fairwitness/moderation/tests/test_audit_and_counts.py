"""Every moderation outcome is audited (reason codes public, text private), and the
monthly counts for the transparency page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.feed import services as feed
from fairwitness.feed.tests.factories import post_make, resident_at
from fairwitness.feed.tests.flow import post_simple
from fairwitness.moderation import services
from fairwitness.moderation.models import Screening
from fairwitness.moderation.reasons import ReviewReason
from fairwitness.moderation.selectors import moderation_counts
from fairwitness.moderation.submissions import SubmissionState

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Rally at city hall on Saturday, meet at the fountain with Jo."


def _entries(event: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (json.loads(bytes(entry.leaf)), json.loads(entry.private.details))
        for entry in AuditEntry.objects.filter(event=event).select_related("private")
    ]


def test_screening_outcomes_are_audited_with_codes_public_and_text_private() -> None:
    client = client_sign_in(Client(), resident_at())
    post = post_simple(client, text=SECRET_TEXT)
    assert post.state == SubmissionState.HELD
    [(public, private)] = _entries("moderation:post:held")
    assert public["subject"] == {"post": post.pk}
    assert public["outcome"] == "review"
    assert "screen:lawful_activity:assembly" in public["reason_codes"]
    assert SECRET_TEXT not in json.dumps(public)
    assert private["details"]["text"] == SECRET_TEXT

    published = post_simple(client, text="Lost grey cat near the park.", category="lost_and_found")
    [(public, _)] = _entries("feed:post:published")
    assert public["subject"] == {"post": published.pk} and public["reason_codes"] == []


def test_reviews_appeals_and_flags_are_audited() -> None:
    client = client_sign_in(Client(), resident_at())
    post = post_simple(client, text=SECRET_TEXT)
    first = person_create(Role.MODERATOR)
    services.review_decide(
        moderator=first, subject=post, decision="reject", reason_codes=[ReviewReason.SURVEILLANCE]
    )
    appeal = services.appeal_file(author=post.author, subject=post, statement="It's a notice.")
    services.appeal_decide(
        moderator=person_create(Role.MODERATOR),
        appeal=appeal,
        overturn=True,
        reason_codes=[ReviewReason.LAWFUL_ACTIVITY_NOTICE],
    )
    [(review, _review_private)] = _entries("moderation:post:reviewed")
    assert review["decision"] == "reject"
    assert review["reason_codes"] == [ReviewReason.SURVEILLANCE.value]
    [(filed, filed_private)] = _entries("moderation:appeal:filed")
    assert filed["subject"] == {"post": post.pk, "appeal": appeal.pk}
    assert filed_private["details"]["statement"] == "It's a notice."
    [(decided, _)] = _entries("moderation:appeal:decided")
    assert decided["outcome"] == "overturned"

    live = post_make(author=resident_at())
    feed.flag_raise(flagger=resident_at(), post=live, kind="racial_profiling", note="look")
    [(flag, flag_private)] = _entries("feed:post:flagged")
    assert flag["kind"] == "racial_profiling" and flag["status"] == "held"
    assert flag_private["details"]["note"] == "look"


def test_a_refused_submission_writes_no_audit_entry_and_no_screening() -> None:
    client = client_sign_in(Client(), resident_at())
    client.post("/feed/posts/new/", {"category": "other", "text": "x" * 6000})
    assert not AuditEntry.objects.exists() and not Screening.objects.exists()


def test_moderation_counts_for_a_month() -> None:
    client = client_sign_in(Client(), resident_at())
    post_simple(client, text="Lost grey cat near the park.", category="lost_and_found")
    held = post_simple(client, text=SECRET_TEXT)
    post_simple(client, text="Wetbacks are taking over this street.")
    services.review_decide(
        moderator=person_create(Role.MODERATOR),
        subject=held,
        decision="approve",
        reason_codes=[ReviewReason.LAWFUL_ACTIVITY_NOTICE],
    )
    feed.flag_raise(flagger=resident_at(), post=held, kind="spam")

    counts = moderation_counts(month=timezone.now().date())
    assert counts.screened == {"publish": 1, "edit": 0, "review": 1, "reject": 1}
    assert counts.reviews == {"approve": 1}
    assert counts.flags["spam"] == 1 and counts.flags["racial_profiling"] == 0
    assert counts.appeals_filed == 0

    last_year = timezone.now().date() - dt.timedelta(days=400)
    empty = moderation_counts(month=last_year)
    assert sum(empty.screened.values()) == 0 and empty.month.day == 1


def test_december_counts_end_at_the_new_year() -> None:
    counts = moderation_counts(month=dt.date(2025, 12, 31))
    assert counts.month == dt.date(2025, 12, 1)
