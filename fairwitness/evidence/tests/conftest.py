"""Fixtures: a release recorded in the log and its evidence package, built for real."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import pytest
from django.conf import settings

from fairwitness.audit.keys import log_vkey
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.evidence.package import ROLE_DOWNLOAD, ROLE_GRANT
from fairwitness.evidence.services import (
    EvidencePackage,
    GrantFacts,
    ReleaseFacts,
    evidence_package_build,
)
from fairwitness.footage.tests.videos import make_video

GRANT_ID = 4242


class ReleaseEvent(StrEnum):
    """Stand-ins for the events the app owning grants records (evidence sits below it)."""

    GRANT_CREATED = "grant:clip:created"
    DOWNLOADED = "access:clip:downloaded"


@pytest.fixture(autouse=True)
def _evidence_credentials(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Signing credentials generated once per session into a temporary folder."""
    folder = tmp_path_factory.getbasetemp() / "evidence-credentials"
    settings.EVIDENCE_SIGNING_CREDENTIALS = ""
    settings.EVIDENCE_CREDENTIALS_FILE = folder / "evidence_signing.pem"


@dataclass
class Built:
    package: EvidencePackage
    release: Path  # the unsigned release copy the package was sealed from
    facts: ReleaseFacts
    vkey: str


def release_facts(entries: list[tuple[str, int]], original_sha256: str) -> ReleaseFacts:
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    return ReleaseFacts(
        grant=GrantFacts(
            id=GRANT_ID,
            channel="legal",
            agency=3,
            granted_at=now,
            expires_at=now + timedelta(days=30),
        ),
        case="2026-0042",
        policy_hash="ab" * 32,
        original_sha256=original_sha256,
        entries=entries,
        watermark_lines=["CASE 2026-0042", "MEMBER officer (id 9)"],
        redactions=[{"kind": "face", "frames": [0, 3], "boxes": 2}],
    )


def release_recorded(*, download_grant: int = GRANT_ID) -> list[tuple[str, int]]:
    """The grant's and the download's entries (the download's about ``download_grant``)."""
    grant = audit_record(
        event=ReleaseEvent.GRANT_CREATED,
        actor=None,
        subject=[Subject("grant", GRANT_ID)],
        public={"channel": "legal"},
        private={},
    )
    download = audit_record(
        event=ReleaseEvent.DOWNLOADED,
        actor=None,
        subject=[Subject("grant", download_grant)],
        public={"channel": "legal"},
        private={"reason": "court exhibit"},
    )
    return [(ROLE_GRANT, grant.pk), (ROLE_DOWNLOAD, download.pk)]


@pytest.fixture
def built(db: None, tmp_path: Path) -> Built:
    """A package for a 4-frame clip, its entries sequenced by the build itself."""
    release = make_video(tmp_path / "release.mp4", frames=4, width=96, height=64)
    facts = release_facts(release_recorded(), "cd" * 32)
    package = evidence_package_build(release=release, target=tmp_path / "evidence.zip", facts=facts)
    return Built(package, release, facts, log_vkey())
