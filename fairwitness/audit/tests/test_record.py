"""audit_record: what goes into the public entry, what stays private, and atomicity."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum

import pytest
from django.db import transaction

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.entries import resident_tag
from fairwitness.audit.models import AuditEntry, AuditPrivate
from fairwitness.audit.services import AuditRecordError, audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.audit.tests.factories import SampleEvent, entry_record

pytestmark = pytest.mark.django_db


def test_public_entry_is_canonical_json_of_the_public_fields() -> None:
    person = person_create(Role.RESIDENT)
    entry = entry_record(actor=person, n=7)
    leaf = bytes(entry.leaf)
    body = json.loads(leaf)
    assert leaf == json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    assert body["event"] == "access:clip:viewed"
    # A resident's entry names no clip, camera or grant; the private index does.
    assert body["subject"] == {}
    assert set(entry.subjects.values_list("kind", "ref")) == {("clip", 7), ("grant", 1007)}
    assert body["decision"] == "allowed" and body["rule"] == "grant.live"
    # The actor is a tag under a fresh nonce that the private details hold.
    private = json.loads(AuditPrivate.objects.get(entry=entry).details)["actor"]
    assert private["id"] == person.pk and private["role"] == "resident"
    assert body["actor"] == {
        "role": "resident",
        "tag": resident_tag(nonce=bytes.fromhex(private["nonce"]), user_id=person.pk),
    }
    assert body["time"].endswith(":00:00Z") and body["v"] == 2
    assert entry.index is None


def test_commitment_covers_salt_and_private_details() -> None:
    entry = entry_record(private={"reason": "Mrs Jane Doe asked for it"})
    private = AuditPrivate.objects.get(entry=entry)
    digest = hashlib.sha256(bytes(private.salt) + private.details.encode()).hexdigest()
    assert json.loads(bytes(entry.leaf))["commitment"] == digest
    assert "Jane" in private.details and b"Jane" not in bytes(entry.leaf)


def test_agency_defaults_to_the_actors_agency() -> None:
    member = person_create(Role.AGENCY_MEMBER)
    entry = entry_record(actor=member)
    assert json.loads(bytes(entry.leaf))["agency"] == member.agency_id


def test_rolled_back_transaction_leaves_no_entry() -> None:
    """GIVEN a change that records an event WHEN its transaction rolls back THEN no entry exists."""
    with pytest.raises(RuntimeError), transaction.atomic():
        entry_record(n=1)
        raise RuntimeError("the caller's change failed")
    assert not AuditEntry.objects.exists()
    assert not AuditPrivate.objects.exists()


class BadName(StrEnum):
    WRONG = "request-community-approved"


# Inputs audit_record must refuse, with a word its error message holds.
# test_record_many checks that audit_record_many refuses exactly these too.
BAD_INPUTS: list[tuple[dict[str, object], str]] = [
    ({"event": BadName.WRONG}, "scope:resource:action"),
    ({"event": "request:community:approved"}, "StrEnum"),
    ({"public": {"name": "Jane"}}, "allow-list"),
    ({"public": {"rule": "Jane Doe of 12 Elm Street"}}, "free text"),
    ({"public": {"rule": "jane@example.org"}}, "free text"),
    ({"public": {"event": "x"}}, "set by audit_record"),
    ({"subject": [Subject("Clip Owner", 1)]}, "subject kind"),
    ({"subject": [Subject("clip", "Jane Doe")]}, "row id or a short code"),
    ({"subject": [Subject("clip", -1)]}, "row id or a short code"),
    ({"subject": {"clip": 1}}, "list of Subject"),
    ({"subject": ["clip:1"]}, "must be a Subject"),
    ({"subject": [Subject("no_such_kind", 1)]}, "not registered"),
    ({"private": {"when": object()}}, "plain JSON"),
    ({"public": {"agency": "city-police"}}, "agency id"),
]


@pytest.mark.parametrize(("kwargs", "message"), BAD_INPUTS)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_stored(
    kwargs: dict[str, object], message: str
) -> None:
    call: dict[str, object] = {
        "event": SampleEvent.CLIP_VIEWED,
        "actor": None,
        "subject": [Subject("clip", 1)],
        "public": {},
        "private": {},
        **kwargs,
    }
    with pytest.raises(AuditRecordError, match=message):
        audit_record(**call)  # type: ignore[arg-type]
    assert not AuditEntry.objects.exists()
