"""manage.py policy_check --input FILE.json [--policy POLICY.toml]

Prints the policy's decision on a request described in JSON (see
fairwitness.policy.check) and exits 0 if allowed, 1 if denied, 2 on bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fairwitness.policy.check import EXIT_BAD_INPUT, policy_check_run
from fairwitness.policy.loader import PolicyInvalid, policy_load


class Command(BaseCommand):
    help = (
        "Evaluate a request described in JSON against the policy: prints allowed, rule, "
        "reason, policy hash and version. Exit 0 allowed, 1 denied, 2 bad input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="request JSON file, or - for stdin")
        parser.add_argument(
            "--policy", default=None, help="policy file to apply (default: the packaged policy)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            policy = policy_load(path=options["policy"])
        except (PolicyInvalid, OSError) as exc:
            self._finish(EXIT_BAD_INPUT, {"error": "invalid_policy", "message": str(exc)})
            return
        try:
            source = options["input"]
            text = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._finish(EXIT_BAD_INPUT, {"error": "invalid_input", "message": str(exc)})
            return
        code, output = policy_check_run(text=text, policy=policy)
        self._finish(code, output)

    def _finish(self, code: int, output: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))
        if code:
            raise SystemExit(code)
