"""The facts a policy evaluation needs, as plain frozen dataclasses.

Services gather these from the database (or policy_check from JSON) and pass
them to the rule functions; nothing here reaches outside itself. All times are
timezone-aware; constructing a fact with a naive time raises ValueError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fairwitness.policy.geometry import Area, LonLat, PolygonArea


def _aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must include a time zone, got {value.isoformat()}")


@dataclass(frozen=True)
class Window:
    """A half-open time range [start, end); end is after start."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        _aware("the window start", self.start)
        _aware("the window end", self.end)
        if self.end <= self.start:
            raise ValueError("the window must end after it starts")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Window) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Agency:
    """An agency as the operator verified it.

    ``jurisdiction`` is the union of its polygons; empty means none on file.
    """

    kind: str
    verified: bool
    jurisdiction: tuple[PolygonArea, ...] = ()


@dataclass(frozen=True)
class CommunityRequestFacts:
    """A community request as filed.

    ``earlier_requests`` counts the requests already filed for the same
    incident, not this one.
    """

    agency: Agency
    offense_category: str
    area: Area
    window: Window
    filed_at: datetime
    earlier_requests: int
    attestations: frozenset[str]

    def __post_init__(self) -> None:
        _aware("the time of filing", self.filed_at)
        if self.earlier_requests < 0:
            raise ValueError("the number of earlier requests cannot be negative")


@dataclass(frozen=True)
class LegalProcessFacts:
    """Legal process as uploaded.

    ``has_nondisclosure`` says the order forbids telling the owner;
    ``nondisclosure_until`` is that order's end, if it has one.
    """

    agency: Agency
    offense_category: str
    kind: str
    attestations: frozenset[str]
    has_nondisclosure: bool = False
    nondisclosure_until: datetime | None = None

    def __post_init__(self) -> None:
        if self.nondisclosure_until is not None:
            _aware("the non-disclosure end date", self.nondisclosure_until)
            if not self.has_nondisclosure:
                raise ValueError("a non-disclosure end date needs a non-disclosure order")


@dataclass(frozen=True)
class EmergencyFacts:
    """An emergency request: named cameras and a window; ``area`` must be None."""

    agency: Agency
    offense_category: str
    window: Window
    cameras: tuple[str, ...]
    attestations: frozenset[str]
    area: Area | None = None


@dataclass(frozen=True)
class GrantExtensionFacts:
    """A supervisor's request to move a grant's expiry later."""

    granted_at: datetime
    current_expires_at: datetime
    requested_expires_at: datetime
    justification: str

    def __post_init__(self) -> None:
        _aware("the grant time", self.granted_at)
        _aware("the current expiry", self.current_expires_at)
        _aware("the requested expiry", self.requested_expires_at)
        if self.requested_expires_at <= self.current_expires_at:
            raise ValueError("an extension must move the expiry later")


@dataclass(frozen=True)
class ClipShareFacts:
    """An owner offering one clip in answer to a community request."""

    request_window: Window
    request_area: Area
    request_filed_at: datetime
    clip: Window
    camera_location: LonLat
    shared_at: datetime

    def __post_init__(self) -> None:
        _aware("the request's filing time", self.request_filed_at)
        _aware("the time of sharing", self.shared_at)


ACCESS_KINDS = frozenset({"view", "download"})


@dataclass(frozen=True)
class GrantAccessFacts:
    """One access to a clip under a grant, as it is about to happen.

    ``channel`` is the channel the grant came from, ``legal_kind`` the kind of legal
    process behind a legal grant (None otherwise), ``access`` "view" or "download".
    ``ended_at`` is None for a grant nobody ended. ``at`` is the moment of the access.
    """

    agency: Agency
    channel: str
    legal_kind: str | None
    access: str
    granted_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    at: datetime

    def __post_init__(self) -> None:
        if self.access not in ACCESS_KINDS:
            raise ValueError(f"access must be one of {sorted(ACCESS_KINDS)}, got {self.access!r}")
        for name, moment in (
            ("the grant time", self.granted_at),
            ("the expiry", self.expires_at),
            ("the time of access", self.at),
        ):
            _aware(name, moment)
