"""The demo neighborhood: big enough to be real, and seeding twice adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.accounts.models import Agency, User
from fairwitness.accounts.roles import SECOND_FACTOR_ROLES, AgencyKind, AgencyStatus, Role
from fairwitness.audit.models import AuditEntry, Checkpoint
from fairwitness.cameras.models import Camera
from fairwitness.demo.seed import demo_seed
from fairwitness.feed.models import Post, ReaderLocation
from fairwitness.footage.models import Clip, ClipKey
from fairwitness.moderation.models import Screening
from fairwitness.notifications.models import Notice
from fairwitness.requests.models import CommunityMatch, CommunityRequest

pytestmark = pytest.mark.django_db


NOTHING_NEW = {
    "agencies": 0,
    "people": 0,
    "cameras": 0,
    "devices": 0,
    "reader_locations": 0,
    "clips": 0,
    "posts": 0,
    "requests": 0,
}


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Camera.objects.count(),
        Agency.objects.count(),
        TOTPDevice.objects.count(),
        ReaderLocation.objects.count(),
        Clip.objects.count(),
        ClipKey.objects.count(),
        Post.objects.count(),
        Screening.objects.count(),
        CommunityRequest.objects.count(),
        CommunityMatch.objects.count(),
        Notice.objects.count(),
        AuditEntry.objects.count(),
        Checkpoint.objects.count(),
    )


def test_the_demo_has_everything_the_issue_names() -> None:
    demo_seed()
    residents = User.objects.filter(role=Role.RESIDENT)
    assert residents.count() >= 20
    assert all(r.cameras.exists() for r in residents)
    local = Agency.objects.get(kind=AgencyKind.LOCAL, status=AgencyStatus.VERIFIED)
    assert set(local.people.values_list("role", flat=True)) == {
        Role.AGENCY_MEMBER,
        Role.AGENCY_SUPERVISOR,
    }
    assert Agency.objects.filter(kind=AgencyKind.FEDERAL).exists()
    for role in (Role.LEGAL_REVIEWER, Role.MODERATOR, Role.OVERSIGHT_AUDITOR, Role.OPERATOR):
        assert User.objects.filter(role=role).exists(), role
    needing = User.objects.filter(role__in=[r.value for r in SECOND_FACTOR_ROLES])
    assert all(TOTPDevice.objects.filter(user=u, confirmed=True).exists() for u in needing)


def test_cameras_spread_over_a_realistic_area() -> None:
    demo_seed()
    lats = list(Camera.objects.values_list("latitude", flat=True))
    lngs = list(Camera.objects.values_list("longitude", flat=True))
    # Several hundred metres to a couple of kilometres across, in more than one coarse cell.
    assert 0.003 < max(lats) - min(lats) < 0.03
    assert 0.005 < max(lngs) - min(lngs) < 0.04
    assert Camera.objects.values("coarse_cell").distinct().count() > 1


def test_seeding_twice_duplicates_nothing() -> None:
    call_command("seed_demo", stdout=None)
    before = _counts()
    assert Clip.objects.exists() and Post.objects.exists() and CommunityRequest.objects.exists()
    created = demo_seed()
    assert created == NOTHING_NEW
    assert _counts() == before


def test_demo_totp_prints_a_code_only_for_demo_accounts(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    from django.core.management.base import CommandError

    demo_seed()
    setattr(settings, "DEBUG", True)  # noqa: B010 - pytest-django's settings fixture
    call_command("demo_totp", "officer")
    code = capsys.readouterr().out.strip()
    device = TOTPDevice.objects.get(user__username="officer")
    assert code.isdigit() and len(code) == 6 and device.verify_token(code)
    with pytest.raises(CommandError):
        call_command("demo_totp", "someone-else")
    setattr(settings, "DEBUG", False)  # noqa: B010
    with pytest.raises(CommandError):
        call_command("demo_totp", "officer")
