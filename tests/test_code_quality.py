"""ruff and mypy (with django-stubs) are part of the test suite: a lint or type error fails it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_ruff_lint_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contract_is_kept() -> None:
    """The layers in pyproject.toml ([tool.importlinter]) hold: no app imports one above it,
    and the edge agent imports nothing from the server."""
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def test_every_import_contract_exception_gives_its_reason() -> None:
    """An ignored import is allowed only under a comment saying why."""
    config = (ROOT / "pyproject.toml").read_text().split("[tool.importlinter]", 1)[1]
    block = config.split("ignore_imports = [", 1)[1].split("\n]", 1)[0]
    previous = ""
    for line in block.strip().splitlines():
        line = line.strip()
        if line.startswith('"'):
            assert previous.startswith(("#", '"')), f"no reason given above {line}"
        previous = line
    assert block.strip().startswith("#"), "the first exception has no reason"
