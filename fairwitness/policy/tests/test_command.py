"""manage.py policy_check, run through call_command.

Under pytest-django the project's settings are used; in a pure run
(``-p no:django``) Django is set up from DJANGO_SETTINGS_MODULE if the
environment names one, else from a minimal configuration with only this app,
since the command needs no database.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from fairwitness.policy.tests.factories import PACKAGED_POLICY_PATH, policy
from fairwitness.policy.tests.test_check import community_request, legal_request


@pytest.fixture(autouse=True)
def _django_ready() -> None:
    if not settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
        settings.configure(INSTALLED_APPS=["fairwitness.policy"], USE_TZ=True)
    if not apps.ready:
        django.setup()


def _run(*args: str) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    try:
        call_command("policy_check", *args, stdout=out)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    else:
        code = 0
    return code, json.loads(out.getvalue())


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_allowed_request_exits_0(tmp_path: Path):
    code, output = _run("--input", _write(tmp_path, community_request()))
    assert code == 0
    assert output["rule"] == "community.allowed"
    assert output["policy_hash"] == policy().sha256


def test_denied_request_exits_1_with_rule_and_reason(tmp_path: Path):
    code, output = _run("--input", _write(tmp_path, legal_request("subpoena")))
    assert code == 1
    assert (output["allowed"], output["rule"]) == (False, "legal.kind.video")
    assert "subpoena does not reach video" in output["reason"]


def test_bad_input_exits_2_with_message(tmp_path: Path):
    path = tmp_path / "request.json"
    path.write_text("not json")
    code, output = _run("--input", str(path))
    assert code == 2
    assert output["error"] == "invalid_input"
    missing = _run("--input", str(tmp_path / "absent.json"))
    assert missing[0] == 2 and "absent.json" in missing[1]["message"]


def test_proposed_policy_file_can_be_applied(tmp_path: Path):
    proposed = tmp_path / "proposed.toml"
    proposed.write_text(
        PACKAGED_POLICY_PATH.read_text().replace(
            'video_kinds = ["warrant", "court_order"]', 'video_kinds = ["warrant"]'
        )
    )
    request = _write(tmp_path, legal_request("court_order"))
    assert _run("--input", request)[0] == 0
    code, output = _run("--input", request, "--policy", str(proposed))
    assert (code, output["rule"]) == (1, "legal.kind.video")
    assert output["policy_hash"] != policy().sha256


def test_invalid_policy_file_exits_2(tmp_path: Path):
    proposed = tmp_path / "broken.toml"
    proposed.write_text("version = ")
    code, output = _run("--input", _write(tmp_path, community_request()), "--policy", str(proposed))
    assert (code, output["error"]) == (2, "invalid_policy")
