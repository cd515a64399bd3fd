"""Nothing personal in public: seed known personal data and scan every public byte for it."""

from __future__ import annotations

import pytest
from django.test import Client

from fairwitness.accounts.roles import Role
from fairwitness.accounts.tests.factories import person_create
from fairwitness.audit.models import AuditPrivate
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.services import AuditRecordError, audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.audit.tests.factories import SampleEvent
from fairwitness.audit.tlog.tiles import bundles_for_size, tiles_for_size

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Jane Doe",
    "Marcus Okafor",
    "jane.doe@example.org",
    "4417 Northeast Alberta Street",
    "503-555-0142",
    "the man in the red hoodie looked into my car",
    "Officer Brenda Quill",
    "case 24-118833",
]


def test_public_leaves_tiles_and_checkpoint_hold_no_seeded_personal_data() -> None:
    people = [person_create(role) for role in (Role.RESIDENT, Role.AGENCY_MEMBER)]
    for n in range(300):
        audit_record(
            event=SampleEvent.REQUEST_DENIED,
            actor=people[n % 2],
            subject=[Subject("community_request", n)],
            public={"decision": "denied", "rule": "community.window", "count": n},
            private={
                "name": PERSONAL[n % 2],
                "email": PERSONAL[2],
                "address": PERSONAL[3],
                "phone": PERSONAL[4],
                "description": PERSONAL[5],
                "reviewer": PERSONAL[6],
                "case_number": PERSONAL[7],
            },
        )
    log_sequence()
    client = Client()
    published = [client.get("/log/checkpoint").content]
    for tile in [*tiles_for_size(300), *bundles_for_size(300)]:
        response = client.get(f"/log/{tile.path}")
        assert response.status_code == 200, tile.path
        published.append(response.content)
    blob = b"\n".join(published)
    assert b'"community.window"' in blob  # the scan does read the entries
    secrets = [*PERSONAL, *(p.username for p in people), *(p.email for p in people)]
    for text in secrets:
        for variant in {text, text.lower(), text.upper()}:
            assert variant.encode() not in blob, f"{variant!r} is public"
    # ... while the private table really holds it, for auditors.
    assert all(
        PERSONAL[3] in details for details in AuditPrivate.objects.values_list("details", flat=True)
    )


@pytest.mark.parametrize("value", PERSONAL)
def test_personal_data_offered_as_a_public_field_is_refused(value: str) -> None:
    with pytest.raises(AuditRecordError):
        audit_record(
            event=SampleEvent.REQUEST_DENIED,
            actor=None,
            subject=[Subject("community_request", 1)],
            public={"rule": value},
            private={},
        )
