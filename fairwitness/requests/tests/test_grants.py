"""Grants: access only under a live grant of one's own agency; extensions; expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fairwitness.core.errors import NotFound, PermissionDenied, PolicyDenied
from fairwitness.requests.models import Access, AccessKind, Grant
from fairwitness.requests.services import grants
from fairwitness.requests.tests.factories import (
    AgencyPeople,
    agency_people,
    clip_shared,
)

pytestmark = pytest.mark.django_db


def _shared_grant() -> tuple[Grant, AgencyPeople]:
    shared = clip_shared()
    return shared.grant, shared.people


def test_a_view_under_a_live_grant_is_recorded_with_its_reason() -> None:
    grant, people = _shared_grant()
    access = grants.clip_access(
        person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="Identify the bike"
    )
    assert (access.grant_id, access.reason) == (grant.pk, "Identify the bike")
    assert grants.grant_live_for(agency=people.agency, clip=grant.clip) == grant


def test_after_expiry_access_is_refused_and_the_expiry_job_ends_the_grant() -> None:
    grant, people = _shared_grant()
    later = grant.expires_at + timedelta(seconds=1)
    with pytest.raises(PermissionDenied):
        grants.clip_access(
            person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="x", at=later
        )
    assert grants.grants_expire(now=later) == 1
    grant.refresh_from_db()
    assert grant.ended_at == later
    with pytest.raises(PermissionDenied):
        grants.clip_access(
            person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="x"
        )
    assert grants.grant_live_for(agency=people.agency, clip=grant.clip) is None
    assert not Access.objects.exists()


def test_another_agency_cannot_use_or_even_see_a_grant() -> None:
    grant, _people = _shared_grant()
    other = agency_people()
    with pytest.raises(NotFound):
        grants.clip_access(person=other.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="x")
    assert grants.grant_live_for(agency=other.agency, clip=grant.clip) is None


def test_an_extension_within_the_cap_is_allowed_and_beyond_it_refused() -> None:
    grant, people = _shared_grant()
    cap = grant.granted_at + timedelta(days=180)
    extended = grants.grant_extend(
        supervisor=people.supervisor,
        grant_id=grant.pk,
        new_expires_at=cap,
        justification="The trial date moved.",
    )
    assert extended.expires_at == cap
    with pytest.raises(PolicyDenied) as caught:
        grants.grant_extend(
            supervisor=people.supervisor,
            grant_id=grant.pk,
            new_expires_at=cap + timedelta(minutes=1),
            justification="Again.",
        )
    assert caught.value.rule == "grant.extension.cap"


def test_an_extension_needs_a_justification_and_a_supervisor() -> None:
    grant, people = _shared_grant()
    later = grant.expires_at + timedelta(days=1)
    with pytest.raises(PolicyDenied) as caught:
        grants.grant_extend(
            supervisor=people.supervisor, grant_id=grant.pk, new_expires_at=later, justification=" "
        )
    assert caught.value.rule == "grant.extension.justification"
    with pytest.raises(PermissionDenied):
        grants.grant_extend(
            supervisor=people.member, grant_id=grant.pk, new_expires_at=later, justification="x"
        )
    assert Grant.objects.get().expires_at < timezone.now() + timedelta(days=31)


def test_the_player_lets_agency_people_play_only_after_a_logged_view_under_a_live_grant() -> None:
    from fairwitness.footage.selectors import clip_get_for_playback

    grant, people = _shared_grant()
    with pytest.raises(NotFound):
        clip_get_for_playback(viewer=people.member, clip_id=grant.clip_id)
    grants.clip_access(
        person=people.member, grant_id=grant.pk, kind=AccessKind.VIEW, reason="Identify the bike"
    )
    assert clip_get_for_playback(viewer=people.member, clip_id=grant.clip_id) == grant.clip
    with pytest.raises(NotFound):  # a colleague has not recorded a view
        clip_get_for_playback(viewer=people.supervisor, clip_id=grant.clip_id)
    Grant.objects.filter(pk=grant.pk).update(expires_at=timezone.now())
    with pytest.raises(NotFound):
        clip_get_for_playback(viewer=people.member, clip_id=grant.clip_id)
