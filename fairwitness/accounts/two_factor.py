"""TOTP second factor, on django-otp.

Setup: a person gets one unconfirmed TOTP device, scans it, and confirms it
with a correct code. Verification: a confirmed device's code marks the
session verified. django-otp throttles wrong codes (1 s, 2 s, 4 s ... after
each failure), and these services turn a throttled attempt into a clear error.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.accounts.models import User
from fairwitness.core.errors import ApplicationError

DEVICE_NAME = "Authenticator app"


def _check_token(*, device: TOTPDevice, token: str) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        locked_until = (data or {}).get("locked_until")
        wait = 1
        if locked_until is not None:
            wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
        raise ApplicationError(
            f"Too many wrong codes. Wait {wait} seconds, then enter the current code.",
            code="second_factor_throttled",
            status=429,
            detail={"retry_after_seconds": wait},
        )
    cleaned = token.replace(" ", "")
    if not (cleaned.isdigit() and len(cleaned) == device.digits) or not device.verify_token(
        cleaned
    ):
        if not cleaned.isdigit() or len(cleaned) != device.digits:
            # verify_token only counts well-formed codes; count malformed ones too.
            device.throttle_increment()
        raise ApplicationError(
            "That code is not right. Enter the 6-digit code your app shows now.",
            code="second_factor_wrong",
        )


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first call. A confirmed one is an error."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ApplicationError(
            "Two-factor sign-in is already set up for this account.", code="already_confirmed"
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_setup_details(*, device: TOTPDevice) -> dict[str, str]:
    """What the setup page shows: a QR code (inline SVG) and the secret to type by hand."""
    secret = b32encode(device.bin_key).decode("ascii")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return {"secret": grouped, "qr_svg": qr_svg, "url": device.config_url}


def totp_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the pending device with a correct code."""
    device = totp_device_pending(user=user)
    _check_token(device=device, token=token)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a code against the user's confirmed device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ApplicationError("Set up two-factor sign-in first.", code="second_factor_missing")
    _check_token(device=device, token=token)
    return device
