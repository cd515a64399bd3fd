"""Building evidence packages inside the installation.

``evidence_package_build`` is the whole build, in order:

1. make sure the signing CA's fingerprint is published in the log
   (``certificate_publish``: one ``evidence:certificate:issued`` entry per CA);
2. make sure every entry of the release is integrated into the tree: pending
   ones are sequenced now (``log_sequence`` takes the sequencer's row lock, so
   this is the same work the scheduled run would do, just sooner);
3. read each entry's inclusion proof against one signed checkpoint;
4. sign the release copy with C2PA (claims, ingredient and actions inside);
5. write the ZIP.

Callers run it in a job, after the transaction that recorded the release's
entries has committed (an uncommitted entry cannot be sequenced).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from fairwitness.audit.keys import log_origin
from fairwitness.audit.models import AuditEntry
from fairwitness.audit.selectors import (
    checkpoint_latest,
    checkpoint_served_note,
    inclusion_proof_read,
)
from fairwitness.audit.sequencer import log_sequence
from fairwitness.audit.services import audit_record
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError
from fairwitness.evidence.certificates import SigningCredentials
from fairwitness.evidence.events import CERTIFICATE_SUBJECT, EvidenceEvent
from fairwitness.evidence.keys import signing_credentials
from fairwitness.evidence.models import SigningCertificate
from fairwitness.evidence.package import (
    ROLE_CERTIFICATE,
    LogEntry,
    log_section,
    package_write,
)
from fairwitness.evidence.provenance import ReleaseEdit, release_sign


class EvidenceNotReady(ApplicationError):
    """An entry of the release is not in the tree yet (its transaction has not committed)."""

    code = "evidence_not_ready"
    status = 409


@dataclass(frozen=True)
class GrantFacts:
    """The grant a release was made under, as the package names it."""

    id: int
    channel: str
    agency: int
    granted_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class ReleaseFacts:
    """What the caller (the app that owns grants) knows about one release.

    ``entries`` are ``(role, AuditEntry id)`` pairs, each about the grant.
    ``redactions`` describe the pixel edits made for privacy (empty if none).
    """

    grant: GrantFacts
    case: str
    policy_hash: str
    original_sha256: str
    entries: Sequence[tuple[str, int]]
    watermark_lines: Sequence[str]
    redactions: Sequence[dict[str, Any]] = field(default_factory=tuple)


@dataclass(frozen=True)
class EvidencePackage:
    path: Path
    release_sha256: str
    checkpoint_size: int


def certificate_publish(*, credentials: SigningCredentials) -> AuditEntry:
    """The log entry publishing the CA's fingerprint; recorded on first use of a CA."""
    fingerprint = credentials.ca_sha256
    known = SigningCertificate.objects.filter(sha256=fingerprint).select_related("entry").first()
    if known is not None:
        return known.entry
    try:
        with transaction.atomic():
            entry = audit_record(
                event=EvidenceEvent.CERTIFICATE_ISSUED,
                actor=None,
                subject=[Subject(CERTIFICATE_SUBJECT, fingerprint)],
                public={},
                private={"certificate": credentials.ca_pem.decode()},
            )
            SigningCertificate.objects.create(
                sha256=fingerprint, ca_pem=credentials.ca_pem.decode(), entry=entry
            )
    except IntegrityError:  # another job published it first; its entry counts
        return SigningCertificate.objects.select_related("entry").get(sha256=fingerprint).entry
    return entry


def _entries_integrated(ids: list[int]) -> dict[int, int]:
    """Entry id -> log index, sequencing pending entries first; EvidenceNotReady if any stays."""
    rows = dict(AuditEntry.objects.filter(pk__in=ids).values_list("pk", "index"))
    if any(rows.get(pk) is None for pk in ids):
        log_sequence()
        rows = dict(AuditEntry.objects.filter(pk__in=ids).values_list("pk", "index"))
    indexes = {pk: index for pk in ids if (index := rows.get(pk)) is not None}
    if len(indexes) != len(ids):
        raise EvidenceNotReady(
            "The log entries of this release are not in the log yet; try again in a moment."
        )
    return indexes


def _log_entries(roles: Sequence[tuple[str, int]]) -> tuple[dict[str, Any], int]:
    indexes = _entries_integrated([pk for _, pk in roles])
    checkpoint = checkpoint_latest()
    if checkpoint is None or checkpoint.size <= max(indexes.values()):
        raise EvidenceNotReady("No signed checkpoint covers this release yet; try again shortly.")
    leaves = dict(AuditEntry.objects.filter(pk__in=indexes).values_list("pk", "leaf"))
    entries = []
    for role, pk in roles:
        proof = inclusion_proof_read(index=indexes[pk], size=checkpoint.size)
        entries.append(LogEntry(role, proof.index, bytes(leaves[pk]), tuple(proof.path)))
    section = log_section(
        origin=log_origin(), checkpoint=checkpoint_served_note(checkpoint), entries=entries
    )
    return section, checkpoint.size


def evidence_package_build(*, release: Path, target: Path, facts: ReleaseFacts) -> EvidencePackage:
    """Seal ``release`` (an MP4 made from the original) into an evidence package at ``target``.

    Raises EvidenceNotReady if an entry cannot be integrated yet, and
    ProvenanceError if C2PA signing fails; nothing is left at ``target`` then.
    """
    credentials = signing_credentials()
    certificate = certificate_publish(credentials=credentials)
    log, size = _log_entries([(ROLE_CERTIFICATE, certificate.pk), *facts.entries])
    grant = facts.grant
    claims: dict[str, Any] = {
        "original": {"sha256": facts.original_sha256},
        "redactions": [dict(r) for r in facts.redactions],
        "watermark": {"lines": list(facts.watermark_lines)},
        "grant": {
            "id": grant.id,
            "channel": grant.channel,
            "agency": grant.agency,
            "granted_at": grant.granted_at.isoformat(),
            "expires_at": grant.expires_at.isoformat(),
        },
        "case": facts.case,
        "policy_hash": facts.policy_hash,
        "signing_ca_sha256": credentials.ca_sha256,
        "log": log,
    }
    edits = (
        [ReleaseEdit("redaction", f"privacy redaction: {len(facts.redactions)} region(s) covered")]
        if facts.redactions
        else []
    )
    edits.append(ReleaseEdit("watermark", "visible watermark: case, member and time burned in"))
    signed = target.with_name(f".{target.name}.{uuid.uuid4().hex}.mp4")
    try:
        release_sign(
            source=release,
            target=signed,
            chain_pem=credentials.chain_pem,
            key_pem=credentials.key_pem,
            original_sha256=facts.original_sha256,
            edits=edits,
            claims=claims,
        )
        release_sha256 = package_write(
            target=target, release=signed, ca_pem=credentials.ca_pem, claims=claims
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        signed.unlink(missing_ok=True)
    return EvidencePackage(target, release_sha256, size)
