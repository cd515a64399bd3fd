"""Officials stay accountable in public without being named (acceptance 2).

An official's entries name their role, their agency (where they have one) and a
pseudonym that is the same for one person within one role and agency; another
person, role or agency gives another pseudonym. Residents get a new tag in
every entry. No public page or entry names an official.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import AgencyFactory, person_create
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.tests.factories import entry_record
from fairwitness.audit.tests.linkage import log_entries_read
from fairwitness.requests.services import community
from fairwitness.requests.tests.factories import agency_people, draft

pytestmark = pytest.mark.django_db


def _actor(user: User | None) -> Any:
    return json.loads(bytes(entry_record(actor=user).leaf))["actor"]


def test_an_officials_pseudonym_is_stable_within_role_and_agency_only() -> None:
    people = agency_people()
    colleague = person_create(Role.AGENCY_MEMBER, agency=people.agency)
    first, second = _actor(people.member), _actor(people.member)
    assert first == second == {"role": "agency_member", "pseudonym": first["pseudonym"]}
    assert len(first["pseudonym"]) == 24
    assert _actor(colleague)["pseudonym"] != first["pseudonym"]
    assert _actor(people.supervisor)["role"] == "agency_supervisor"

    # The same person in another agency, or in another role, is someone else in public.
    people.member.agency = AgencyFactory.create()
    people.member.save()
    assert _actor(people.member)["pseudonym"] != first["pseudonym"]
    people.member.agency, people.member.role = people.agency, Role.AGENCY_SUPERVISOR
    people.member.save()
    assert _actor(people.member)["pseudonym"] != first["pseudonym"]
    people.member.role = Role.AGENCY_MEMBER
    people.member.save()
    assert _actor(people.member) == first

    for role in (Role.LEGAL_REVIEWER, Role.MODERATOR, Role.OVERSIGHT_AUDITOR, Role.OPERATOR):
        staff = person_create(role)
        actor = _actor(staff)
        assert actor == _actor(staff) and actor["role"] == role.value

    resident = person_create(Role.RESIDENT)
    tags = {_actor(resident)["tag"] for _ in range(3)}
    assert len(tags) == 3 and _actor(None) is None


def test_one_officer_filing_requests_shows_as_one_pseudonym_and_no_page_names_them() -> None:
    people = agency_people()
    for n in range(3):
        request = draft(people, case_number=f"2025-07{n}")
        community.community_request_approve(supervisor=people.supervisor, request=request)
    log_sequence()
    entries = log_entries_read(Client())
    by_role: dict[str, set[str]] = {}
    for body in entries.values():
        actor = body["actor"]
        if isinstance(actor, dict) and "pseudonym" in actor:
            assert body["agency"] == people.agency.pk
            by_role.setdefault(actor["role"], set()).add(actor["pseudonym"])
    # Six entries by the member (drafted, submitted) and six by the supervisor: one each.
    assert {role: len(p) for role, p in by_role.items()} == {
        "agency_member": 1,
        "agency_supervisor": 1,
    }
    drafted = [b for b in entries.values() if b["event"] == "request:community:drafted"]
    assert len(drafted) == 3

    names = [
        text
        for person in (people.member, people.supervisor)
        for text in (person.username, person.email, person.get_full_name())
        if text
    ]
    client = Client()
    public = [client.get(path).content for path in ("/log/", "/transparency/", "/policy/")]
    public += [client.get("/transparency/report.json").content]
    public += [bytes(leaf) for leaf in AuditEntry.objects.values_list("leaf", flat=True)]
    for page in public:
        text = page.decode("utf-8", "replace")
        for name in names:
            assert name not in text
