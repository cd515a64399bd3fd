"""Changing the policy: an operator proposes a file, a different oversight auditor approves.

proposed -> approved (in force from then on) | rejected. Both steps are audited.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import User
from fairwitness.accounts.roles import Role
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from fairwitness.policy import PolicyInvalid
from fairwitness.policy.loader import policy_parse
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import PolicyVersion, PolicyVersionState
from fairwitness.requests.recording import event_record


def policy_version_propose(*, operator: User, text: str, note: str = "") -> PolicyVersion:
    if operator.role_enum is not Role.OPERATOR:
        raise PermissionDenied("Only an operator may propose a policy version.")
    try:
        policy = policy_parse(text.encode())
    except PolicyInvalid as exc:
        raise ApplicationError(
            f"The proposed policy is not valid: {exc}. Correct the file and propose it again.",
            code="policy_invalid",
        ) from exc
    if PolicyVersion.objects.filter(sha256=policy.sha256).exists():
        raise Conflict("This exact policy file has already been proposed.")
    with transaction.atomic():
        version = PolicyVersion.objects.create(
            version=policy.version,
            sha256=policy.sha256,
            text=policy.source,
            note=note.strip(),
            proposed_by=operator,
        )
        event_record(
            event=RequestEvent.POLICY_PROPOSED,
            actor=operator,
            subject=[Subject("policy_version", version.pk)],
            public={"policy_hash": policy.sha256, "version": policy.version},
            private={"note": note},
        )
    return version


def policy_version_decide(*, auditor: User, version_id: int, approve: bool) -> PolicyVersion:
    if auditor.role_enum is not Role.OVERSIGHT_AUDITOR:
        raise PermissionDenied("Only an oversight auditor may approve a policy version.")
    with transaction.atomic():
        version = PolicyVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise NotFound("There is no such policy version.")
        if version.state != PolicyVersionState.PROPOSED:
            raise Conflict("This version has already been decided.")
        if version.proposed_by_id == auditor.pk:
            raise PermissionDenied("The person who proposed a version may not approve it.")
        version.state = PolicyVersionState.APPROVED if approve else PolicyVersionState.REJECTED
        version.decided_by, version.decided_at = auditor, timezone.now()
        version.save()
        event_record(
            event=RequestEvent.POLICY_APPROVED if approve else RequestEvent.POLICY_REJECTED,
            actor=auditor,
            subject=[Subject("policy_version", version.pk)],
            public={"policy_hash": version.sha256, "version": version.version},
        )
    return version
