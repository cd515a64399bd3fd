from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from fairwitness.demo.activity import REQUEST_CASE_NUMBER
from fairwitness.demo.seed import DEMO_PASSWORD, STAFF, demo_seed, resident_usernames

TRY = [
    f"Sign in as resident01 to answer a request: the Riverside Police asks for footage "
    f"(case {REQUEST_CASE_NUMBER}) under Requests about my cameras; share the doorstep clip "
    "or decline.",
    "Sign in as resident01, resident02 or resident03 to play their clips (My clips).",
    "Read the neighbor feed as any resident: a crime report, a lost cat, a safety notice.",
    "Sign in as moderator to review the rally notice the screen held.",
    "Sign in as officer or sergeant to see the request and its answers as Neighbor #n.",
    "Open /log/ (no sign-in) to see the public audit log and its signed checkpoint.",
]


class Command(BaseCommand):
    help = "Create the demo neighborhood (idempotent) and print its sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo_seed()
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo neighborhood ready (created {summary})."))
        self.stdout.write("")
        self.stdout.write(f"  Open {settings.SITE_URL}/")
        self.stdout.write(f"  Every demo account's password: {DEMO_PASSWORD}")
        residents = resident_usernames()
        self.stdout.write(f"  Residents: {residents[0]} ... {residents[-1]} (no second factor)")
        for person in STAFF:
            agency = f" at {person.agency}" if person.agency else ""
            self.stdout.write(f"  {person.role.label}{agency}: {person.username}")
        self.stdout.write(
            "  Agency and staff accounts need a TOTP code: run "
            "`.venv/bin/python manage.py demo_totp <username>` to print the current one."
        )
        self.stdout.write("")
        self.stdout.write("  What to try:")
        for line in TRY:
            self.stdout.write(f"  - {line}")
