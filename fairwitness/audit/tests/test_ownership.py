"""Owners find their own entries on "my log entries" and prove them theirs (acceptance 3).

The public entry names the owner only by a tag made under a fresh nonce; the
private details hold the nonce, and the entry commits to them. The owner's
proof is that opening: it checks against the public entry alone, for the owner
and for nobody else.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.entries import ownership_check
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.tests.linkage import log_entries_read
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.tests.factories import clip_shared

pytestmark = pytest.mark.django_db


def test_the_owner_finds_their_share_and_proves_it_theirs_through_its_commitment() -> None:
    shared = clip_shared()
    log_sequence()
    entry = AuditEntry.objects.get(event=RequestEvent.RESPONSE_SHARED)
    public = log_entries_read(Client())[entry.index]  # type: ignore[index]
    assert set(public["actor"]) == {"role", "tag"} and public["actor"]["role"] == "resident"
    assert public["subject"] == {"community_request": shared.request.pk}

    owner = client_sign_in(Client(), shared.owner)
    page = owner.get("/log/mine/").content.decode()
    assert "You shared clips with" in page
    assert f"/log/mine/{entry.pk}/proof" in page
    proof = owner.get(f"/log/mine/{entry.pk}/proof").json()
    assert proof["index"] == entry.index and proof["user_id"] == shared.owner.pk

    # A third party checks the proof against the entry as the public log serves it.
    leaf = json.dumps(public, sort_keys=True, separators=(",", ":")).encode()
    assert leaf == proof["leaf"].encode()
    assert ownership_check(
        leaf=leaf, user_id=shared.owner.pk, salt_hex=proof["salt"], details=proof["details"]
    )
    # It proves nothing for anyone else, nor with details changed or another salt.
    other = person_create(Role.RESIDENT)
    assert not ownership_check(
        leaf=leaf, user_id=other.pk, salt_hex=proof["salt"], details=proof["details"]
    )
    forged = proof["details"].replace(f'"id":{shared.owner.pk}', f'"id":{other.pk}')
    assert forged != proof["details"]
    assert not ownership_check(leaf=leaf, user_id=other.pk, salt_hex=proof["salt"], details=forged)
    assert not ownership_check(
        leaf=leaf, user_id=shared.owner.pk, salt_hex="00" * 32, details=proof["details"]
    )


def test_nobody_else_gets_a_proof_of_an_owners_entry() -> None:
    shared = clip_shared()
    entry = AuditEntry.objects.get(event=RequestEvent.RESPONSE_SHARED)
    neighbor = client_sign_in(Client(), person_create(Role.RESIDENT))
    assert neighbor.get(f"/log/mine/{entry.pk}/proof").status_code == 404
    # An entry the owner did not make themselves (the agency's request) has no proof either.
    opened = AuditEntry.objects.get(event=RequestEvent.COMMUNITY_OPENED)
    owner = client_sign_in(Client(), shared.owner)
    assert owner.get(f"/log/mine/{opened.pk}/proof").status_code == 404
    assert Client().get(f"/log/mine/{entry.pk}/proof").status_code in (302, 403)
