"""Public aggregates per agency and month. Counts only: no person, no place, no free text.

Months are UTC calendar months, taken from when the decision or grant was made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from fairwitness.requests.models import (
    Decision,
    EmergencyRequest,
    EmergencyState,
    Grant,
    LegalProcess,
)

FIELDS = ("agency", "month", "measure", "key", "count")


@dataclass(frozen=True)
class Row:
    agency: str
    month: str
    measure: str
    key: str
    count: int

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in FIELDS}


def _month(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def transparency_rows(*, now: datetime | None = None) -> list[Row]:
    """Requests by channel and policy outcome, reviewers' decisions, clips shared,
    emergencies and their follow-up, denials by rule; sorted by agency, month, measure, key."""
    now = now or timezone.now()
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for d in Decision.objects.select_related("agency").exclude(rule__startswith="grant."):
        outcome = "allowed" if d.allowed else "denied"
        counts[(d.agency.name, _month(d.created_at), "requests", f"{d.channel}:{outcome}")] += 1
        if not d.allowed:
            counts[(d.agency.name, _month(d.created_at), "denials_by_rule", d.rule)] += 1
    for legal in LegalProcess.objects.select_related("agency").filter(reviewed_at__isnull=False):
        assert legal.reviewed_at is not None
        key = f"legal:{legal.state}"
        counts[(legal.agency.name, _month(legal.reviewed_at), "reviews", key)] += 1
    for e in EmergencyRequest.objects.select_related("agency").filter(
        state__in=(EmergencyState.APPROVED, EmergencyState.REJECTED)
    ):
        counts[(e.agency.name, _month(e.updated_at), "reviews", f"emergency:{e.state}")] += 1
    for g in Grant.objects.select_related("agency").only("agency__name", "granted_at", "channel"):
        counts[(g.agency.name, _month(g.granted_at), "clips_shared", g.channel)] += 1
    for e in EmergencyRequest.objects.select_related("agency").filter(
        state=EmergencyState.APPROVED
    ):
        assert e.approved_at is not None
        if e.violation_at is not None:
            status = "violation"
        elif e.followed_up_at is not None:
            status = "followed_up"
        elif e.followup_due is not None and e.followup_due <= now:
            status = "overdue"
        else:
            status = "awaiting_followup"
        counts[(e.agency.name, _month(e.approved_at), "emergencies", status)] += 1
    return [
        Row(agency=a, month=m, measure=me, key=k, count=c)
        for (a, m, me, k), c in sorted(counts.items())
    ]


def emergency_violations() -> list[EmergencyRequest]:
    """Emergencies flagged because no legal process followed in time (public)."""
    return list(
        EmergencyRequest.objects.filter(violation_at__isnull=False)
        .select_related("agency")
        .order_by("-violation_at")
    )
