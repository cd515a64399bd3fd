"""audit_record_many: the same entries, checks and atomicity as audit_record, written in bulk."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.entries import official_pseudonym
from fairwitness.audit.models import AuditEntry, AuditPrivate
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.services import (
    AuditEventRecord,
    AuditRecordError,
    audit_record,
    audit_record_many,
)
from fairwitness.audit.subjects import Subject
from fairwitness.audit.tests.factories import SampleEvent
from fairwitness.audit.tests.test_record import BAD_INPUTS


def _record(n: int, **overrides: Any) -> AuditEventRecord:
    fields: dict[str, Any] = {
        "event": SampleEvent.CLIP_VIEWED,
        "actor": None,
        "subject": [Subject("clip", n)],
        "public": {"decision": "allowed", "rule": "grant.live", "count": n},
        "private": {"reason": f"Mrs Jane Doe of 12 Elm Street, case {n}"},
        **overrides,
    }
    return AuditEventRecord(**fields)


@pytest.mark.django_db
def test_entries_hold_public_codes_and_commit_to_private_details_stored_apart() -> None:
    """GIVEN records with personal details WHEN written in bulk THEN only codes are public,
    the details sit in the private table, and each leaf commits to its salt and details."""
    member = person_create(Role.AGENCY_MEMBER)
    ids = audit_record_many(records=[_record(n, actor=member) for n in range(3)])
    entries = list(AuditEntry.objects.filter(pk__in=ids).order_by("id"))
    assert [e.pk for e in entries] == ids
    for n, entry in enumerate(entries):
        leaf = bytes(entry.leaf)
        body = json.loads(leaf)
        assert leaf == json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        assert body["subject"] == {} and body["count"] == n
        assert entry.subjects.filter(kind="clip", ref=n).exists()
        assert body["actor"] == {
            "role": "agency_member",
            "pseudonym": official_pseudonym(
                secret=settings.AUDIT_PSEUDONYM_SECRET,
                role="agency_member",
                agency_id=member.agency_id,
                user_id=member.pk,
            ),
        }
        assert body["agency"] == member.agency_id == entry.agency_id
        assert bytes(entry.leaf_hash) == hashlib.sha256(b"\x00" + leaf).digest()
        assert entry.index is None
        private = AuditPrivate.objects.get(entry=entry)
        assert private.actor_id == member.pk
        assert f"Jane Doe of 12 Elm Street, case {n}" in private.details
        assert member.username in private.details
        digest = hashlib.sha256(bytes(private.salt) + private.details.encode()).hexdigest()
        assert body["commitment"] == digest
        assert b"Jane" not in leaf and member.username.encode() not in leaf


@pytest.mark.django_db
def test_entries_are_integrated_in_the_order_of_the_records() -> None:
    audit_record(
        event=SampleEvent.REQUEST_DENIED,
        actor=None,
        subject=[Subject("clip", 99)],
        public={},
        private={},
    )
    ids = audit_record_many(records=[_record(n) for n in range(300)])
    assert ids == sorted(ids) and len(set(ids)) == 300
    assert log_sequence() == 301
    integrated = AuditEntry.objects.filter(pk__in=ids).order_by("index")
    assert [json.loads(bytes(e.leaf))["count"] for e in integrated] == list(range(300))
    assert [e.index for e in integrated] == list(range(1, 301))


@pytest.mark.django_db
def test_rolled_back_transaction_leaves_no_entry_and_no_private_row() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        assert len(audit_record_many(records=[_record(n) for n in range(50)])) == 50
        raise RuntimeError("the caller's change failed")
    assert not AuditEntry.objects.exists()
    assert not AuditPrivate.objects.exists()


@pytest.mark.django_db
def test_no_records_write_nothing() -> None:
    assert audit_record_many(records=[]) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("kwargs", "message"), BAD_INPUTS)
def test_a_bad_record_is_refused_as_audit_record_refuses_it_and_nothing_is_stored(
    kwargs: dict[str, object], message: str
) -> None:
    """GIVEN good records around one that audit_record refuses WHEN they are written in bulk
    THEN the same error names the bad record's position and not one row is stored."""
    single: dict[str, object] = {
        "event": SampleEvent.CLIP_VIEWED,
        "actor": None,
        "subject": [Subject("clip", 1)],
        "public": {},
        "private": {},
        **kwargs,
    }
    with pytest.raises(AuditRecordError, match=message) as refused_single:
        audit_record(**single)  # type: ignore[arg-type]
    bad = AuditEventRecord(**single)  # type: ignore[arg-type]
    with pytest.raises(AuditRecordError) as refused_many:
        audit_record_many(records=[_record(0), bad, _record(2)])
    assert str(refused_many.value) == f"record 1: {refused_single.value}"
    assert not AuditEntry.objects.exists()
    assert not AuditPrivate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_committed_entries_are_integrated_after_the_commit() -> None:
    """GIVEN eager Celery WHEN a bulk write commits THEN its sequencer run integrates it."""
    with transaction.atomic():
        ids = audit_record_many(records=[_record(n) for n in range(20)])
        assert AuditEntry.objects.filter(index__isnull=True).count() == 20
    indexes = AuditEntry.objects.filter(pk__in=ids).order_by("id").values_list("index", flat=True)
    assert list(indexes) == list(range(20))
