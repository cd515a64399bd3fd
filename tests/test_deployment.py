"""Production settings pass Django's deployment checks, and no secret is in git."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_reports_nothing_under_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FAIRWITNESS_ENV": "production",
        "FAIRWITNESS_SECRET_KEY": "x" * 20 + os.urandom(32).hex(),
        "FAIRWITNESS_ALLOWED_HOSTS": "fairwitness.example",
        "FAIRWITNESS_DATA_DIR": str(tmp_path),
    }
    env.pop("FAIRWITNESS_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_a_key_in_the_environment_one_is_generated_once_outside_git(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "FAIRWITNESS_DATA_DIR": str(tmp_path)}
    env.pop("FAIRWITNESS_SECRET_KEY", None)
    command = [
        sys.executable,
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY)",
    ]
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    first = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    second = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    key = first.stdout.strip()
    assert len(key) >= 50 and key == second.stdout.strip()
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_no_secret_is_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.startswith("var/") or "secret_key" in path]
    ignored = subprocess.run(
        ["git", "check-ignore", "var/secret_key"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.returncode == 0, "the local data folder must be ignored by git"
    assignment = re.compile(r"""SECRET_KEY\s*=\s*["'][^"']{8,}["']""")
    private_key = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
    offenders = []
    for path in tracked:
        file = ROOT / path
        if file.suffix not in {".py", ".toml", ".cfg", ".ini", ".env", ".yml", ".yaml", ".txt"}:
            continue
        text = file.read_text(errors="ignore")
        if assignment.search(text) or private_key.search(text):
            offenders.append(path)
    assert not offenders, f"possible secrets committed in {offenders}"
