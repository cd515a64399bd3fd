"""``manage.py screen_posts --input IN.jsonl --output OUT.jsonl``.

A thin interface over ``screen_jsonl``: it opens the files, runs the batch
and reports counts. Bad lines become error lines in the output, never a
traceback; a missing or unreadable file is a ``CommandError`` with a message.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fairwitness.moderation.screening import screen_jsonl


class Command(BaseCommand):
    help = "Screen posts from a JSON Lines file and write one verdict per line."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--input", required=True, type=Path, help="JSONL with id, text, category"
        )
        parser.add_argument("--output", required=True, type=Path, help="JSONL to write verdicts to")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        if not source.is_file():
            raise CommandError(f"Input file {source} does not exist; pass a JSONL file.")
        try:
            with (
                source.open(encoding="utf-8", errors="replace") as reader,
                target.open("w", encoding="utf-8") as writer,
            ):
                summary = screen_jsonl(input=reader, output=writer)
        except OSError as exc:
            raise CommandError(f"Could not read or write the files: {exc.strerror}.") from exc
        self.stdout.write(
            f"Screened {summary.screened} posts; {summary.errors} lines had errors "
            f"(see their error lines in {target})."
        )
