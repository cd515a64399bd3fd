"""Grants: the only way an agency reaches a clip.

``grant_access_judge`` is the one check every access by an agency passes through: the view
recorded by ``clip_access``, each stream request of the player (``clip_playback_allowed``),
each download of a watermarked copy, and any later copy or package made for an agency. It
judges the agency's grants for the clip against the policy in force at that moment
(``policy.grant_access_evaluate``): the grant is live, its channel still open, the agency's
kind known and its status verified (suspending an agency stops its access at once), the
channel's agency rules, and view-only agency kinds. Every view or download goes through
``clip_access``, which records an Access with its reason, or audits the refusal.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AGENCY_ROLES, Role
from fairwitness.audit.subjects import Subject
from fairwitness.core.errors import ApplicationError, NotFound, PermissionDenied, PolicyDenied
from fairwitness.footage.models import Clip
from fairwitness.policy import Decision, Rule, grant_access_evaluate, grant_extension_evaluate
from fairwitness.policy.facts import Agency as PolicyAgency
from fairwitness.policy.facts import GrantAccessFacts, GrantExtensionFacts
from fairwitness.requests.events import RequestEvent
from fairwitness.requests.models import Access, AccessKind, Channel, Grant, GrantExtension
from fairwitness.requests.policy_in_force import AGENCY_KIND_POLICY, policy_current
from fairwitness.requests.recording import event_record
from fairwitness.requests.services.decisions import (
    agency_person_check,
    decision_public,
    decision_store,
    denial_raise,
)
from fairwitness.requests.services.download_store import downloads_destroy


def grant_live_for(*, agency: Agency, clip: Clip, at: datetime | None = None) -> Grant | None:
    at = at or timezone.now()
    return (
        Grant.objects.filter(
            agency=agency,
            clip=clip,
            ended_at__isnull=True,
            granted_at__lte=at,
            expires_at__gt=at,
        )
        .order_by("-expires_at")
        .first()
    )


def grant_access_judge(
    *, agency: Agency, clip: Clip, kind: AccessKind, at: datetime | None = None
) -> tuple[Grant | None, Decision]:
    """Whether ``agency`` may ``kind`` the clip now, and under which grant.

    Returns (the grant allowed, the allow Decision) or (None, the denial of the newest grant;
    a ``grant.live`` denial when the agency holds no grant for the clip at all). Every
    grant the agency holds for the clip is judged; the first allowed one is used.
    """
    at = at or timezone.now()
    policy = policy_current()
    grants = list(
        Grant.objects.filter(agency_id=agency.pk, clip_id=clip.pk)
        .select_related("agency", "legal_process")
        .order_by("-expires_at", "-id")[:GRANTS_JUDGED_MAX]
    )
    denial: Decision | None = None
    for grant in grants:
        decision = grant_access_evaluate(policy=policy, facts=_access_facts(grant, kind, at))
        if decision.allowed:
            return grant, decision
        denial = denial or decision
    if denial is None:
        denial = Decision(
            allowed=False,
            rule=str(Rule.GRANT_LIVE),
            reason="The agency holds no grant for this clip.",
            policy_hash=policy.sha256,
        )
    return None, denial


# An agency holds a handful of grants per clip at most; more are not judged (fail closed).
GRANTS_JUDGED_MAX = 20


def _access_facts(grant: Grant, kind: AccessKind, at: datetime) -> GrantAccessFacts:
    agency = grant.agency  # read with the grant: its status as of this moment
    return GrantAccessFacts(
        agency=PolicyAgency(
            kind=AGENCY_KIND_POLICY.get(agency.kind, agency.kind), verified=agency.is_verified
        ),
        channel=grant.channel,
        legal_kind=grant.legal_process.kind if grant.legal_process else None,
        access=str(kind),
        granted_at=grant.granted_at,
        expires_at=grant.expires_at,
        ended_at=grant.ended_at,
        at=at,
    )


def _refusal(decision: Decision) -> ApplicationError:
    if decision.rule == Rule.GRANT_LIVE:
        return PermissionDenied(
            "This grant has expired or ended; the clip can no longer be seen. "
            "A new request is needed.",
            code="grant_expired",
        )
    return PolicyDenied(
        rule=decision.rule, reason=decision.reason, policy_hash=decision.policy_hash
    )


def clip_access(
    *, person: User, grant_id: int, kind: AccessKind, reason: str, at: datetime | None = None
) -> Access:
    """Record a view or download under a live grant of the person's own agency.

    Raises NotFound for a grant of another agency (no hint it exists); when the policy in
    force refuses the access (``grant_access_judge``), audits the refusal and raises
    PermissionDenied ``grant_expired`` for a grant no longer live, else PolicyDenied.
    """
    at = at or timezone.now()
    if person.role_enum not in AGENCY_ROLES or person.agency is None:
        raise PermissionDenied("Only agency members see footage, and only under a live grant.")
    grant = Grant.objects.filter(pk=grant_id, agency=person.agency).select_related("clip").first()
    if grant is None:
        raise NotFound("Nothing is here, or you may not see it.")
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason for this access; it is logged.")
    live, decision = grant_access_judge(agency=person.agency, clip=grant.clip, kind=kind, at=at)
    if live is None:
        with transaction.atomic():
            event_record(
                event=RequestEvent.ACCESS_REFUSED,
                actor=person,
                subject=[Subject("grant", grant.pk)],
                public={"agency": person.agency_id, "kind": kind, "rule": decision.rule},
                private={"reason": reason, "policy_reason": decision.reason},
            )
        raise _refusal(decision)
    with transaction.atomic():
        access = Access.objects.create(grant=live, person=person, kind=kind, reason=reason)
        access.audit_entry = event_record(
            event=RequestEvent.ACCESS_VIEWED
            if kind == AccessKind.VIEW
            else RequestEvent.ACCESS_DOWNLOADED,
            actor=person,
            subject=[Subject("grant", live.pk)],
            public={"agency": person.agency_id, "channel": live.channel},
            private={"reason": reason, "clip": live.clip_id},
        )
        access.save(update_fields=["audit_entry", "updated_at"])
    return access


def grant_create(
    *,
    agency: Agency,
    clip: Clip,
    channel: Channel,
    case_number: str,
    actor: User,
    granted_at: datetime,
    expires_at: datetime,
    **source: object,
) -> Grant:
    """A grant from legal process or an emergency; ``source`` names the row it came from."""
    grant = Grant.objects.create(
        agency=agency,
        clip=clip,
        channel=channel,
        case_number=case_number,
        granted_at=granted_at,
        expires_at=expires_at,
        **source,
    )
    event_record(
        event=RequestEvent.GRANT_CREATED,
        actor=actor,
        subject=[Subject("grant", grant.pk)],
        public={"agency": agency.pk, "channel": channel},
        private={"clip": clip.pk},
    )
    return grant


def grant_extend(
    *,
    supervisor: User,
    grant_id: int,
    new_expires_at: datetime,
    justification: str,
    now: datetime | None = None,
) -> Grant:
    """Move a live grant's expiry later, with a justification, within the policy's cap."""
    grant = Grant.objects.filter(pk=grant_id, agency=supervisor.agency).first()
    if grant is None or supervisor.agency is None:
        raise NotFound("Nothing is here, or you may not see it.")
    agency_person_check(person=supervisor, role=Role.AGENCY_SUPERVISOR, agency=grant.agency)
    if grant.ended_at is not None or grant.expires_at <= (now or timezone.now()):
        raise PermissionDenied("This grant has already ended; it cannot be extended.")
    if new_expires_at <= grant.expires_at:
        raise ApplicationError("The new expiry must be later than the current one.")
    policy = policy_current()
    decision = grant_extension_evaluate(
        policy=policy,
        facts=GrantExtensionFacts(
            granted_at=grant.granted_at,
            current_expires_at=grant.expires_at,
            requested_expires_at=new_expires_at,
            justification=justification,
        ),
    )
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        stored = decision_store(
            agency=grant.agency,
            channel=Channel(grant.channel),
            result={**decision.as_dict(), "policy_version": policy.version},
        )
        if stored.allowed:
            GrantExtension.objects.create(
                grant=grant,
                supervisor=supervisor,
                justification=justification.strip(),
                previous_expires_at=grant.expires_at,
                new_expires_at=new_expires_at,
                decision=stored,
            )
            grant.expires_at = new_expires_at
            grant.save(update_fields=["expires_at", "updated_at"])
        event_record(
            event=RequestEvent.GRANT_EXTENDED
            if stored.allowed
            else RequestEvent.GRANT_EXTENSION_DENIED,
            actor=supervisor,
            subject=[Subject("grant", grant.pk)],
            public={"agency": grant.agency_id, **decision_public(stored)},
            private={"justification": justification, "reason": stored.reason},
        )
    denial_raise(stored)
    return grant


def grants_expire(*, now: datetime | None = None) -> int:
    """End every grant past its expiry, destroying its evidence packages; returns how many."""
    now = now or timezone.now()
    ended = 0
    for pk in Grant.objects.filter(ended_at__isnull=True, expires_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            updated = Grant.objects.filter(pk=pk, ended_at__isnull=True).update(
                ended_at=now, updated_at=now
            )
            if updated:
                grant = Grant.objects.get(pk=pk)
                event_record(
                    event=RequestEvent.GRANT_EXPIRED,
                    actor=None,
                    subject=[Subject("grant", pk)],
                    public={"agency": grant.agency_id},
                )
                # Its evidence packages go with it (crypto-shredded).
                downloads_destroy(grant_id=pk)
                ended += 1
    return ended


# How long a view recorded with its reason lets the player fetch the clip's bytes.
PLAYBACK_AFTER_ACCESS = timedelta(hours=4)


def clip_playback_allowed(viewer: User, clip: Clip) -> bool:
    """The footage player's check for agency people (registered in RequestsConfig.ready).

    True only while the policy in force lets the viewer's agency view the clip under one of
    its grants (``grant_access_judge``, run again for every stream request) and the viewer
    recorded a view of it, with a reason, recently; so every playback is covered by a logged
    Access, and a suspension or a policy change stops the player at its next request.
    """
    if viewer.role_enum not in AGENCY_ROLES or viewer.agency is None:
        return False
    now = timezone.now()
    live, _decision = grant_access_judge(
        agency=viewer.agency, clip=clip, kind=AccessKind.VIEW, at=now
    )
    if live is None:
        return False
    return Access.objects.filter(
        grant__agency=viewer.agency,
        grant__clip=clip,
        grant__ended_at__isnull=True,
        grant__expires_at__gt=now,
        person=viewer,
        created_at__gte=now - PLAYBACK_AFTER_ACCESS,
    ).exists()
