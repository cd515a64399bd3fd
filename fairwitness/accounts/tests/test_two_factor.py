"""Agency and staff roles reach nothing before a confirmed TOTP device, and codes are throttled."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.accounts.roles import SECOND_FACTOR_ROLES, Role
from fairwitness.accounts.tests.factories import PASSWORD, client_sign_in, person_create

pytestmark = pytest.mark.django_db

GUARDED_PAGES = ["/home/", "/admin/", "/cameras/new/"]


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - offset_steps * device.step,
        digits=device.digits,
    )
    return f"{value:0{device.digits}d}"


@pytest.mark.parametrize("role", sorted(SECOND_FACTOR_ROLES))
def test_roles_without_a_device_are_sent_to_setup_from_every_page(role: Role) -> None:
    user = person_create(role, second_factor=False)
    client = client_sign_in(Client(), user)
    for page in GUARDED_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/two-factor/setup/"), page
    api = client.get("/api/me")
    assert api.status_code == 403
    assert api.json()["error"] == "second_factor_required"


@pytest.mark.parametrize("role", sorted(SECOND_FACTOR_ROLES))
def test_roles_with_a_device_but_an_unverified_session_are_sent_to_verify(role: Role) -> None:
    user = person_create(role)
    client = client_sign_in(Client(), user, second_factor=False)
    response = client.get("/home/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")


def test_residents_need_no_second_factor() -> None:
    client = client_sign_in(Client(), person_create(Role.RESIDENT))
    assert client.get("/home/").status_code == 200


def test_setup_confirms_a_device_and_then_pages_open() -> None:
    """GIVEN a member without a device WHEN they confirm a correct code THEN home opens."""
    user = person_create(Role.AGENCY_MEMBER, second_factor=False)
    client = client_sign_in(Client(), user)
    page = client.get("/accounts/two-factor/setup/?next=/home/")
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        "/accounts/two-factor/setup/", {"token": code_for(device), "next": "/home/"}
    )
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/home/").status_code == 200


def test_a_wrong_code_is_refused_and_the_next_attempt_is_throttled() -> None:
    user = person_create(Role.LEGAL_REVIEWER)
    device = TOTPDevice.objects.get(user=user)
    client = client_sign_in(Client(), user, second_factor=False)
    # A code that is wrong for every step the device tolerates (now, one before, one after).
    valid = {code_for(device, offset_steps=step) for step in (-1, 0, 1)}
    bad_code = next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in valid)
    wrong = client.post("/accounts/two-factor/verify/", {"token": bad_code})
    assert wrong.status_code == 400
    assert b"not right" in wrong.content
    # Even the right code is refused while the throttle holds.
    throttled = client.post("/accounts/two-factor/verify/", {"token": code_for(device)})
    assert throttled.status_code == 429
    assert b"Too many wrong codes" in throttled.content
    assert client.get("/home/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_malformed_codes_count_as_failures() -> None:
    user = person_create(Role.MODERATOR)
    client = client_sign_in(Client(), user, second_factor=False)
    response = client.post("/accounts/two-factor/verify/", {"token": "abc"})
    assert response.status_code == 400
    assert TOTPDevice.objects.get(user=user).throttling_failure_count == 1


def test_sign_in_with_password_then_code_reaches_home() -> None:
    user = person_create(Role.AGENCY_SUPERVISOR)
    device = TOTPDevice.objects.get(user=user)
    client = Client()
    signed = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert signed.status_code == 302
    assert client.get("/home/")["Location"].startswith("/accounts/two-factor/verify/")
    verified = client.post(
        "/accounts/two-factor/verify/", {"token": code_for(device), "next": "/home/"}
    )
    assert verified["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
