"""API shapes for agencies. Answers carry a neighbour number, never an owner."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class DecisionOut(Schema):
    allowed: bool
    rule: str
    reason: str
    policy_hash: str
    policy_version: str


class CommunityRequestOut(Schema):
    id: int
    case_number: str
    offense_category: str
    state: str
    window_start: datetime
    window_end: datetime
    filed_at: datetime | None
    closes_at: datetime | None
    decision: DecisionOut | None


class AnswerOut(Schema):
    neighbor: int
    kind: str
    contact: str
    grants: list[int]


class CommunityRequestDetailOut(CommunityRequestOut):
    answers: list[AnswerOut]
