"""Residents cannot be linked through the public log (acceptance 1 of the unlinkability work).

After a seeded month of activity (``month.month_simulate``), the attacker of
``linkage`` reads the log's entry bundles and the feed API and tries every way
it has to link a resident's feed authorship to their shares, declines, grants,
deletions and preference changes, and any two of a resident's entries to each
other. Against version 1 entries (today's format before this change, written
by ``legacy_format.legacy_writer``) it succeeds for many residents; against
version 2 entries it succeeds for none.
"""

from __future__ import annotations

import pytest
from django.test import Client

from fairwitness.accounts.tests.factories import client_sign_in
from fairwitness.audit.tests.legacy_format import legacy_writer
from fairwitness.audit.tests.linkage import (
    Score,
    author_claims,
    feed_read,
    log_entries_read,
    pair_claims,
    score,
    truth_read,
)
from fairwitness.audit.tests.month import Month, month_simulate
from fairwitness.footage.tests.fixtures import FootageEnv, footage_env
from fairwitness.requests.models import CommunityState, Response, ResponseKind

pytestmark = pytest.mark.django_db
__all__ = ["footage_env"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: object, footage_env: FootageEnv) -> None:
    # Seeding makes some thirty accounts; the hasher is not what this test checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def _attack(month: Month) -> tuple[Score, dict[int, dict[str, object]]]:
    entries = log_entries_read(Client())
    feed = feed_read(client_sign_in(Client(), month.attacker))
    assert feed.post_authors, "the attacker must see posts to work from"
    return score(truth_read(), pair_claims(entries), author_claims(entries, feed)), entries


def _busy(month: Month) -> None:
    """The month held every kind of choice the attack is after, more than once."""
    for what in ("posts", "comments", "shares", "declines", "deletions", "preferences"):
        assert month.counts.get(what, 0) >= 3, (what, month.counts)


def test_the_attack_links_residents_in_version_1_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    with legacy_writer(monkeypatch):
        month = month_simulate()
    _busy(month)
    result, entries = _attack(month)
    assert {body["v"] for body in entries.values()} == {1}
    found = result.succeeded()
    # The actor id links a post's author to their other entries, and those to each other.
    assert "author:actor" in found and "pair:actor" in found, dict(result.right)
    exposed = set().union(*found.values())
    assert len(exposed) >= 10, exposed


def test_no_resident_is_linked_in_version_2_entries() -> None:
    month = month_simulate()
    _busy(month)
    result, entries = _attack(month)
    assert {body["v"] for body in entries.values()} == {2}
    assert result.succeeded() == {}, {
        method: (result.right[method], result.wrong[method]) for method in result.right
    }
    # No declines are listed one by one: they are counted when requests close or expire.
    events = [body["event"] for body in entries.values()]
    assert "request:response:declined" not in events
    counted: list[int] = [
        int(str(body["declined"]))
        for body in entries.values()
        if body["event"] in {"request:community:closed", "request:community:expired"}
    ]
    ended = Response.objects.filter(
        kind=ResponseKind.DECLINED,
        request__state__in=[CommunityState.CLOSED, CommunityState.EXPIRED],
    )
    assert counted and sum(counted) == ended.count() > 0
