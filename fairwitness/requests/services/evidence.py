"""What an evidence package says about a download: gathered here, where grants live.

``download_release_facts`` names the grant, its case, the policy hash of the
decision that made it, and the log entries of the release: the grant's creation
and this download's access. The evidence app builds the package from these facts
and never reads a grant itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fairwitness.audit.models import AuditSubject
from fairwitness.evidence.package import ROLE_DOWNLOAD, ROLE_GRANT
from fairwitness.evidence.services import GrantFacts, ReleaseFacts
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import Download, Grant
from fairwitness.requests.policy_in_force import policy_current


def grant_policy_hash(grant: Grant) -> str:
    """The SHA-256 of the policy whose decision allowed the grant.

    A grant made from an owner's answer carries the community request's decision;
    legal process and emergencies carry their own. A grant with no recorded
    decision (none is made that way, but older rows may be) names the policy in force.
    """
    if grant.legal_process is not None and grant.legal_process.decision is not None:
        return grant.legal_process.decision.policy_hash
    if grant.emergency is not None and grant.emergency.decision is not None:
        return grant.emergency.decision.policy_hash
    if grant.response is not None and grant.response.request.decision is not None:
        return grant.response.request.decision.policy_hash
    return policy_current().sha256


def grant_created_entry_id(grant: Grant) -> int | None:
    """The id of the log entry that recorded the grant's creation."""
    return (
        AuditSubject.objects.filter(
            kind="grant", ref=grant.pk, entry__event=RequestEvent.GRANT_CREATED
        )
        .order_by("entry_id")
        .values_list("entry_id", flat=True)
        .first()
    )


def download_release_facts(
    *,
    download: Download,
    original_sha256: str,
    redactions: Sequence[dict[str, Any]],
    watermark_lines: Sequence[str],
) -> ReleaseFacts:
    grant = (
        Grant.objects.select_related(
            "legal_process__decision", "emergency__decision", "response__request__decision"
        )
        .filter(pk=download.access.grant_id)
        .get()
    )
    entries: list[tuple[str, int]] = []
    created = grant_created_entry_id(grant)
    if created is not None:
        entries.append((ROLE_GRANT, created))
    if download.access.audit_entry_id is not None:
        entries.append((ROLE_DOWNLOAD, download.access.audit_entry_id))
    return ReleaseFacts(
        grant=GrantFacts(
            id=grant.pk,
            channel=grant.channel,
            agency=grant.agency_id,
            granted_at=grant.granted_at,
            expires_at=grant.expires_at,
        ),
        case=grant.case_number,
        policy_hash=grant_policy_hash(grant),
        original_sha256=original_sha256,
        entries=entries,
        watermark_lines=watermark_lines,
        redactions=redactions,
    )
