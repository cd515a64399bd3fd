"""The seeded demo neighborhood. Seeding is idempotent: a second run adds nothing.

The neighborhood is a fictional "Riverside" laid over a real residential grid
(about 1.6 km by 1.2 km) so that distances, areas and H3 cells are realistic.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.accounts import services as account_services
from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import AgencyKind, AgencyStatus, Role
from fairwitness.audit.sequencer import log_sequence
from fairwitness.cameras import services as camera_services
from fairwitness.cameras.models import Camera
from fairwitness.demo import activity

DEMO_PASSWORD = "riverside-demo-2026"  # noqa: S105 - published demo sign-in, demo data only
CENTER = (45.4655, -122.6530)
RESIDENT_COUNT = 24
CAMERA_NAMES = ["Front door", "Driveway", "Back yard", "Side gate"]


def _box(lat: float, lng: float, half_lat: float, half_lng: float) -> dict[str, object]:
    ring = [
        [lng - half_lng, lat - half_lat],
        [lng + half_lng, lat - half_lat],
        [lng + half_lng, lat + half_lat],
        [lng - half_lng, lat + half_lat],
        [lng - half_lng, lat - half_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass(frozen=True)
class DemoAgency:
    name: str
    kind: AgencyKind
    status: AgencyStatus
    jurisdiction_name: str
    jurisdiction: dict[str, object]


AGENCIES = [
    DemoAgency(
        "Riverside Police Department",
        AgencyKind.LOCAL,
        AgencyStatus.VERIFIED,
        "City of Riverside",
        _box(*CENTER, 0.05, 0.07),
    ),
    DemoAgency(
        "Federal Investigations Office",
        AgencyKind.FEDERAL,
        AgencyStatus.VERIFIED,
        "United States",
        _box(39.5, -98.35, 25.0, 60.0),
    ),
    DemoAgency(
        "State Highway Patrol",
        AgencyKind.STATE,
        AgencyStatus.PENDING,
        "State",
        _box(44.0, -120.5, 2.0, 4.0),
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    role: Role
    agency: str | None = None


STAFF = [
    DemoPerson("officer", Role.AGENCY_MEMBER, "Riverside Police Department"),
    DemoPerson("sergeant", Role.AGENCY_SUPERVISOR, "Riverside Police Department"),
    DemoPerson("fedagent", Role.AGENCY_MEMBER, "Federal Investigations Office"),
    DemoPerson("reviewer", Role.LEGAL_REVIEWER),
    DemoPerson("moderator", Role.MODERATOR),
    DemoPerson("auditor", Role.OVERSIGHT_AUDITOR),
    DemoPerson("operator", Role.OPERATOR),
]


def resident_usernames() -> list[str]:
    return [f"resident{n:02d}" for n in range(1, RESIDENT_COUNT + 1)]


def demo_usernames() -> list[str]:
    return [*resident_usernames(), *(person.username for person in STAFF)]


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo account, so `manage.py demo_totp` can print codes."""
    return hashlib.sha256(f"fairwitness-demo-totp:{username}".encode()).hexdigest()[:40]


def _person_ensure(person: DemoPerson, agencies: dict[str, Agency]) -> tuple[User, bool]:
    existing = User.objects.filter(username=person.username).first()
    if existing is not None:
        return existing, False
    user = account_services.user_create(
        username=person.username,
        email=f"{person.username}@riverside.example",
        password=DEMO_PASSWORD,
        role=person.role,
        agency=agencies[person.agency] if person.agency else None,
        send_welcome=False,
    )
    return user, True


def _agency_ensure(spec: DemoAgency) -> Agency:
    agency = Agency.objects.filter(name=spec.name).first()
    if agency is None:
        agency = account_services.agency_create(
            name=spec.name,
            kind=spec.kind,
            jurisdiction_name=spec.jurisdiction_name,
            jurisdiction=spec.jurisdiction,
        )
        if spec.status is AgencyStatus.VERIFIED:
            account_services.agency_verify(agency=agency)
    return agency


def demo_seed() -> dict[str, int]:
    """Create what is missing of the demo neighborhood; return counts of what was created.

    People and cameras first (one transaction), then what they do, each through its
    app's services: clips processed into the vault, neighbor posts, a community
    request. Last, the audit sequencer signs a checkpoint over everything logged.
    """
    created = people_seed()
    created["reader_locations"] = activity.reader_locations_seed(resident_usernames())
    created["clips"] = activity.clips_seed()
    created["posts"] = activity.posts_seed()
    created["requests"] = activity.request_seed()
    log_sequence()
    return created


@transaction.atomic
def people_seed() -> dict[str, int]:
    created = {"agencies": 0, "people": 0, "cameras": 0, "devices": 0}
    before = Agency.objects.count()
    agencies = {spec.name: _agency_ensure(spec) for spec in AGENCIES}
    created["agencies"] = Agency.objects.count() - before

    rng = random.Random(20261128)  # a fixed layout, not a secret
    for username in resident_usernames():
        resident, new = _person_ensure(DemoPerson(username, Role.RESIDENT), {})
        created["people"] += int(new)
        for name in CAMERA_NAMES[: rng.randint(1, 2)]:
            lat = CENTER[0] + rng.uniform(-0.0055, 0.0055)
            lng = CENTER[1] + rng.uniform(-0.0100, 0.0100)
            retention = rng.choice([7, 14, 30, 30, 60])
            if not Camera.objects.filter(owner=resident, name=name).exists():
                camera_services.camera_register(
                    owner=resident,
                    name=name,
                    latitude=round(lat, 6),
                    longitude=round(lng, 6),
                    retention_days=retention,
                )
                created["cameras"] += 1

    for person in STAFF:
        user, new = _person_ensure(person, agencies)
        created["people"] += int(new)
        if not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(
                user=user,
                name="Demo authenticator",
                key=demo_totp_key(user.username),
                confirmed=True,
            )
            created["devices"] += 1
    return created
