"""Integrate every pending audit entry now and print the signed tree size."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fairwitness.audit.keys import log_vkey
from fairwitness.audit.selectors import published_size
from fairwitness.audit.sequencer import SequencerRefused, log_sequence


class Command(BaseCommand):
    help = "Integrate pending audit entries into the Merkle tree and sign a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=None, help="entries per transaction")
        parser.add_argument("--show-key", action="store_true", help="print the log's vkey")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] is not None and options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        try:
            count = log_sequence(batch=options["batch"])
        except SequencerRefused as exc:
            raise CommandError(f"refused to sign: {exc}") from exc
        self.stdout.write(f"integrated {count} entries; tree size {published_size()}")
        if options["show_key"]:
            self.stdout.write(log_vkey())
