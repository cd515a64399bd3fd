"""``manage.py release_copy``: the release path's redaction on a local file.

Runs ``video_redact`` with the settings every release copy uses, so operators and
outside evaluators can check on their own videos what leaves an owner.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fairwitness.footage.redaction import RedactionError, video_redact


class Command(BaseCommand):
    help = (
        "Make a release copy of a local video: every face found is covered with a solid "
        "fill on every frame, and audio is removed unless --keep-audio. Prints what was "
        "done as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="the video to redact")
        parser.add_argument("--output", required=True, type=Path, help="the MP4 to write")
        parser.add_argument(
            "--keep-audio", action="store_true", help="keep the audio track (AAC only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        if source.resolve() == target.resolve():
            raise CommandError("The output must be another file than the input.")
        if not target.parent.is_dir():
            raise CommandError(f"The folder of {target} does not exist.")
        try:
            report = video_redact(source=source, target=target, keep_audio=options["keep_audio"])
        except RedactionError as exc:
            raise CommandError(f"{exc.message} ({exc.code})") from None
        self.stdout.write(json.dumps({"output": str(target), **report.as_json()}, indent=2))
