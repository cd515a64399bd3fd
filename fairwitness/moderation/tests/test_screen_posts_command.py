"""``manage.py screen_posts`` round trip through ``call_command``.

Under pytest-django the project settings are used; run alone with
``-p no:django`` the test configures a minimal Django with only this app.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import django
import pytest
from django.conf import settings


def _django_ready() -> None:
    if not settings.configured:
        settings.configure(INSTALLED_APPS=["fairwitness.moderation"])
    django.setup()


def test_command_writes_one_line_per_post(tmp_path: Path) -> None:
    _django_ready()
    from django.core.management import call_command

    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": "Suspicious black guy on our street", "category": "crime"})
        + "\n{broken\n"
        + json.dumps({"id": 3, "text": "Vigil tonight at the park"})
        + "\n",
        encoding="utf-8",
    )
    stdout = io.StringIO()
    call_command("screen_posts", "--input", str(source), "--output", str(target), stdout=stdout)
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line.get("outcome") for line in lines] == ["edit", None, "review"]
    assert lines[1]["error"] == "bad_json"
    assert "Screened 2 posts; 1 lines had errors" in stdout.getvalue()


def test_command_reports_a_missing_input_file(tmp_path: Path) -> None:
    _django_ready()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "screen_posts",
            "--input",
            str(tmp_path / "missing.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
        )
