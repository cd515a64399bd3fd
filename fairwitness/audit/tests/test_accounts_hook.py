"""The one hook in accounts: verifying an agency is logged."""

from __future__ import annotations

import json

import pytest

from fairwitness.accounts.roles import Role
from fairwitness.accounts.services import agency_verify
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.models import AuditEntry, AuditPrivate

pytestmark = pytest.mark.django_db


def test_agency_verification_writes_an_audit_entry() -> None:
    member = person_create(Role.AGENCY_MEMBER)
    operator = person_create(Role.OPERATOR)
    agency = member.agency
    assert agency is not None
    agency_verify(agency=agency, actor=operator)
    entry = AuditEntry.objects.get(event="account:agency:verified")
    body = json.loads(bytes(entry.leaf))
    assert body["agency"] == agency.pk and body["subject"] == {"agency": agency.pk}
    assert body["status"] == "verified" and agency.name.encode() not in bytes(entry.leaf)
    assert agency.name in AuditPrivate.objects.get(entry=entry).details
