from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fairwitness.demo.seed import demo_totp_key, demo_usernames


class Command(BaseCommand):
    help = "Print the current TOTP code of a seeded demo account (demo installations only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if not settings.DEBUG:
            raise CommandError(
                "demo_totp works only on a demo installation (FAIRWITNESS_DEBUG on)."
            )
        if username not in demo_usernames():
            raise CommandError(f"{username!r} is not a seeded demo account.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None or device.key != demo_totp_key(username):
            raise CommandError(f"{username!r} has no demo authenticator (residents need none).")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
