"""The stable ids of the policy's rules.

A rule id appears in every Decision, in the audit log and on the public policy
page, so an id never changes meaning once published. The policy file must give
every id here a plain-language description, and may describe no other.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    CHANNEL_KNOWN = "eligibility.channel.known"
    AGENCY_KIND_KNOWN = "eligibility.agency.kind_known"
    AGENCY_VERIFIED = "eligibility.agency.verified"
    COMMUNITY_AGENCY_KIND = "eligibility.community.agency_kind"
    EMERGENCY_AGENCY_KIND = "eligibility.emergency.agency_kind"
    JURISDICTION_CONTAINS = "eligibility.jurisdiction.contains"
    OFFENSE_KNOWN = "purpose.offense.known"
    OFFENSE_DENIED = "purpose.offense.denied"
    ATTESTATION_REQUIRED = "purpose.attestation.required"
    COMMUNITY_WINDOW_FUTURE = "community.window.future"
    COMMUNITY_WINDOW_MIN = "community.window.min"
    COMMUNITY_WINDOW_MAX = "community.window.max"
    COMMUNITY_AREA_MIN = "community.area.min"
    COMMUNITY_AREA_MAX = "community.area.max"
    COMMUNITY_LOOKBACK_MAX = "community.lookback.max"
    COMMUNITY_INCIDENT_MAX = "community.incident.max"
    COMMUNITY_OPEN_PERIOD = "community.open.period"
    LEGAL_KIND_KNOWN = "legal.kind.known"
    LEGAL_KIND_VIDEO = "legal.kind.video"
    LEGAL_AGENCY_VIDEO = "legal.kind.video_by_agency"
    LEGAL_NONDISCLOSURE_END_DATE = "legal.nondisclosure.end_date"
    LEGAL_OWNER_NOTICE = "legal.owner_notice.deadline"
    EMERGENCY_CAMERAS_NAMED = "emergency.cameras.named"
    EMERGENCY_WINDOW_MAX = "emergency.window.max"
    EMERGENCY_FOLLOWUP = "emergency.followup.deadline"
    EMERGENCY_OWNER_NOTICE = "emergency.owner_notice.deadline"
    GRANT_LENGTH = "grant.length"
    GRANT_LIVE = "grant.live"
    GRANT_VIEW_ONLY = "grant.view_only"
    GRANT_EXTENSION_JUSTIFICATION = "grant.extension.justification"
    GRANT_EXTENSION_CAP = "grant.extension.cap"
    CLIP_WINDOW_OVERLAP = "clip.window.overlap"
    CLIP_CAMERA_INSIDE = "clip.camera.inside"
    RETENTION_RANGE = "retention.days.range"


class Outcome(StrEnum):
    """Rule ids of allow Decisions: every check of an evaluation passed."""

    COMMUNITY_ALLOWED = "community.allowed"
    LEGAL_ALLOWED = "legal.allowed"
    EMERGENCY_ALLOWED = "emergency.allowed"
    GRANT_EXTENSION_ALLOWED = "grant.extension.allowed"
    CLIP_SHARE_ALLOWED = "clip.share.allowed"
    RETENTION_ALLOWED = "retention.allowed"
    GRANT_ACCESS_ALLOWED = "grant.access.allowed"
