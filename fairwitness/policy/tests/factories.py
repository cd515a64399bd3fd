"""Facts for tests: a valid request of each kind, to be varied with replace()."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from fairwitness.policy.document import Policy
from fairwitness.policy.facts import (
    Agency,
    ClipShareFacts,
    CommunityRequestFacts,
    EmergencyFacts,
    GrantExtensionFacts,
    LegalProcessFacts,
    Window,
)
from fairwitness.policy.geometry import CircleArea, PolygonArea, circle_radius_for_area_m
from fairwitness.policy.loader import policy_load
from fairwitness.policy.wording import SQ_M_PER_SQ_MI

PACKAGED_POLICY_PATH = Path(__file__).resolve().parents[1] / "policy.toml"
CENTER = (-87.65, 41.9)
FILED_AT = datetime(2025, 3, 2, 12, 0, tzinfo=UTC)


@cache
def policy() -> Policy:
    return policy_load()


def square(lon: float, lat: float, half_deg: float) -> PolygonArea:
    """A square in degrees around (lon, lat), counter-clockwise."""
    return PolygonArea(
        exterior=(
            (lon - half_deg, lat - half_deg),
            (lon + half_deg, lat - half_deg),
            (lon + half_deg, lat + half_deg),
            (lon - half_deg, lat + half_deg),
            (lon - half_deg, lat - half_deg),
        )
    )


def circle_of(sq_mi: float, center: tuple[float, float] = CENTER) -> CircleArea:
    radius = circle_radius_for_area_m(center_lat=center[1], area_sq_m=sq_mi * SQ_M_PER_SQ_MI)
    return CircleArea(center=center, radius_m=radius)


def window_ending(end: datetime, length: timedelta) -> Window:
    return Window(start=end - length, end=end)


def agency(kind: str = "municipal_police", *, verified: bool = True) -> Agency:
    return Agency(kind=kind, verified=verified, jurisdiction=(square(*CENTER, 0.1),))


def all_attestations() -> frozenset[str]:
    return frozenset(policy().attestations)


def community_facts() -> CommunityRequestFacts:
    return CommunityRequestFacts(
        agency=agency(),
        offense_category="burglary",
        area=circle_of(0.1),
        window=window_ending(FILED_AT - timedelta(days=1), timedelta(hours=2)),
        filed_at=FILED_AT,
        earlier_requests=0,
        attestations=all_attestations(),
    )


def legal_facts(kind: str = "warrant") -> LegalProcessFacts:
    return LegalProcessFacts(
        agency=agency(),
        offense_category="robbery",
        kind=kind,
        attestations=all_attestations(),
    )


def emergency_facts() -> EmergencyFacts:
    return EmergencyFacts(
        agency=agency(),
        offense_category="kidnapping",
        window=window_ending(FILED_AT, timedelta(hours=1)),
        cameras=("cam-17",),
        attestations=all_attestations(),
    )


def extension_facts(
    total: timedelta, justification: str = "Trial date moved"
) -> GrantExtensionFacts:
    return GrantExtensionFacts(
        granted_at=FILED_AT,
        current_expires_at=FILED_AT + timedelta(days=30),
        requested_expires_at=FILED_AT + total,
        justification=justification,
    )


def clip_facts(clip: Window, camera: tuple[float, float] = CENTER) -> ClipShareFacts:
    return ClipShareFacts(
        request_window=Window(
            start=datetime(2025, 3, 1, 10, 0, tzinfo=UTC),
            end=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
        ),
        request_area=circle_of(0.1),
        request_filed_at=FILED_AT,
        clip=clip,
        camera_location=camera,
        shared_at=FILED_AT + timedelta(days=1),
    )
