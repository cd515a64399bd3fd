"""The Policy: the published policy file, parsed and validated.

A Policy is immutable and carries its own identity (``version`` and
``sha256``), so any Decision can name exactly which policy produced it.
Build one with ``loader.policy_load``; the fields mirror the file's tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class CommunityLimits:
    window_min: timedelta
    window_max: timedelta
    area_min_sq_mi: float
    area_max_sq_mi: float
    lookback: timedelta
    requests_per_incident_max: int
    open_for: timedelta


@dataclass(frozen=True)
class EmergencyLimits:
    window_max: timedelta
    followup: timedelta
    owner_notice: timedelta


@dataclass(frozen=True)
class GrantLimits:
    length: timedelta
    total_max: timedelta


@dataclass(frozen=True)
class RetentionLimits:
    min_days: int
    max_days: int
    default_days: int


@dataclass(frozen=True)
class LegalRules:
    kinds: Mapping[str, str]
    """Legal-process kind id -> the name a person reads."""
    video_kinds: frozenset[str]
    owner_notice: timedelta


@dataclass(frozen=True)
class Policy:
    """The policy in force.

    Invariants (checked by the loader): every min is at most its max, every
    id list refers to ids defined in its table, and ``descriptions`` has one
    entry for each ``rules.Rule`` id and no other.
    """

    version: str
    title: str
    sha256: str
    source: str
    """The file's canonical text, for publishing beside the rendered rules."""
    community: CommunityLimits
    emergency: EmergencyLimits
    grant: GrantLimits
    retention: RetentionLimits
    legal: LegalRules
    offense_categories: Mapping[str, str]
    denied_offenses: frozenset[str]
    attestations: Mapping[str, str]
    """Attestation id -> the statement the agency attests to."""
    channels: Mapping[str, str]
    """Channel id -> its name; a channel not listed is closed, and grants under it stop."""
    agency_kinds: Mapping[str, str]
    community_denied_agency_kinds: frozenset[str]
    emergency_denied_agency_kinds: frozenset[str]
    view_only_agency_kinds: frozenset[str]
    """Agency kinds whose grants allow viewing only, never a download."""
    agency_legal_video_kinds: Mapping[str, frozenset[str]]
    """Agency kind -> the only legal-process kinds that reach video for it (narrower than
    ``legal.video_kinds``); kinds not listed use ``legal.video_kinds``."""
    descriptions: Mapping[str, str]
    """Rule id -> description template from the file's [rules] table."""

    def offense_label(self, category: str) -> str:
        return self.offense_categories.get(category, category)

    def agency_kind_label(self, kind: str) -> str:
        return self.agency_kinds.get(kind, kind)

    def legal_kind_label(self, kind: str) -> str:
        return self.legal.kinds.get(kind, kind)

    def channel_label(self, channel: str) -> str:
        return self.channels.get(channel, channel)

    def legal_video_kinds_for(self, agency_kind: str) -> frozenset[str]:
        """The legal-process kinds that reach video for an agency of this kind."""
        narrowed = self.agency_legal_video_kinds.get(agency_kind)
        return self.legal.video_kinds if narrowed is None else narrowed
