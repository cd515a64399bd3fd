"""The public log page and the oversight auditors' entry page."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import client_sign_in, person_create
from fairwitness.audit.keys import log_vkey
from fairwitness.audit.models import AuditEntry, AuditPrivate
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.tests.factories import entry_record

pytestmark = pytest.mark.django_db


def test_public_log_page_shows_the_checkpoint_and_how_to_verify() -> None:
    for n in range(3):
        entry_record(n=n)
    log_sequence()
    page = Client().get("/log/").content.decode()
    assert 'data-testid="log-size">3<' in page
    assert "python -m fairwitness.audit.verifier" in page and log_vkey() in page


def test_auditor_searches_private_details_and_sees_broken_commitments() -> None:
    kept = entry_record(n=1, private={"reason": "Jane Doe asked for clip 1"})
    changed = entry_record(n=2, private={"reason": "Jane Doe asked for clip 2"})
    entry_record(n=3, private={"reason": "someone else"})
    AuditPrivate.objects.filter(entry=changed).update(
        details=AuditPrivate.objects.get(entry=changed).details.replace("clip 2", "clip 9")
    )
    client = Client()
    auditor = person_create(Role.OVERSIGHT_AUDITOR)
    client_sign_in(client, auditor)
    page = client.get("/oversight/audit/", {"q": "Jane Doe"}).content.decode()
    assert "Jane Doe asked for clip 1" in page and "someone else" not in page
    assert page.count("DOES NOT MATCH") == 1 and page.count(">matches<") == 1
    viewed = AuditEntry.objects.get(event="audit:details:viewed")
    assert b"Jane" not in bytes(viewed.leaf)
    # The ids of the entries read stay private: they would tell which entries
    # matched a search for one person. The public entry says only how many.
    body = json.loads(bytes(viewed.leaf))
    assert body["subject"] == {} and body["count"] == 2
    assert viewed.subjects.filter(kind="entries", ref=kept.pk).exists()
